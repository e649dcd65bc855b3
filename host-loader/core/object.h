/* SPDX-License-Identifier: MIT */
/* struct hu_object: the programs of one object, what registration and the tools read. Internal. */
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

#endif /* HU_OBJECT_H */
