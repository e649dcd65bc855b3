/* SPDX-License-Identifier: MIT */
/*
 * Where a finished object goes. A regular file (or a name that does not exist yet) is replaced
 * atomically: the object is built in a temporary beside it and renamed over it once verified, so
 * make never sees a partial or rejected object. Anything else - standard output ('-'), a
 * character device such as /dev/null, a FIFO - is written in place, as clang does: renaming over
 * a device would replace the device node with a regular file. Its temporary lives in $TMPDIR.
 */
#ifndef HUCC_OUTPUT_H
#define HUCC_OUTPUT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

struct hucc_output {
    const char *path;   /* as the user named it */
    bool direct;        /* not a regular file: copied into place, never renamed or removed */
    char tmp[PATH_MAX]; /* what the compile writes; empty once committed or removed */
};

/* $TMPDIR, or /tmp. */
const char *hucc_tmpdir(void);

/* Creates an empty temporary from `prefix` + "XXXXXX" into path. 0 or a negative errno (path
 * then empty). */
int hucc_make_temp(char *path, size_t len, const char *prefix);

/* Picks the kind of output and creates its temporary. 0, or 1 after a message. */
int hucc_output_open(struct hucc_output *out, const char *path);

/* Fills in the names only (-###): nothing is created. */
void hucc_output_name(struct hucc_output *out, const char *path);

/* Moves the temporary's bytes to the output (rename, or a copy for direct outputs). 0, or 1
 * after a message. */
int hucc_output_commit(struct hucc_output *out);

/* After a failure: removes the temporary and an older regular output, so no stale object is
 * left for make to find up to date. A direct output is left alone. */
void hucc_output_discard(struct hucc_output *out);

#endif /* HUCC_OUTPUT_H */
