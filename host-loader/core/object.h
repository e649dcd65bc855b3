/* SPDX-License-Identifier: MIT */
/* struct hu_object and what registration needs from it. Internal. */
#ifndef HU_OBJECT_H
#define HU_OBJECT_H

#include <stddef.h>

#include <hupcall/huhost.h>

#include "prog.h"
#include "verifier.h"

struct hu_object {
    char name[256]; /* the path, or "object" for a buffer: the prefix of error messages */
    struct hu_prog *progs;
    size_t n_progs;
};

const struct hu_prog *hu_object_prog(const struct hu_object *obj, size_t i);

/* Formats a verifier rejection as "FILE:LINE:COL: error: rule: msg" (line info) or
 * "OBJ:insn N: error: rule: msg"; returns -EACCES. */
int hu_report_error(const char *objname, const struct hu_prog *p,
                    const struct hu_verify_report *rep, char *err, size_t errlen);

/* Reads a whole regular file of at most `max` bytes into a malloc'd buffer. */
int hu_read_file(const char *path, void **buf, size_t *len, size_t max, char *err, size_t errlen);

#endif /* HU_OBJECT_H */
