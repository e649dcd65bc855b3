/* SPDX-License-Identifier: MIT */
/* A growable, NULL-terminated argument vector: the commands hucc builds for clang. */
#ifndef HUCC_STRV_H
#define HUCC_STRV_H

#include <stddef.h>

struct strv {
    char **v;   /* NULL-terminated; strings are owned copies */
    size_t n;   /* entries, without the terminator */
    size_t cap; /* allocated entries, with the terminator */
};

/* Appends a copy of s; aborts the process on out-of-memory (a compiler driver cannot go on). */
void strv_push(struct strv *sv, const char *s);
/* Appends a copy of every entry of other. */
void strv_extend(struct strv *sv, const struct strv *other);
/* Appends printf-formatted text. */
void strv_pushf(struct strv *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strv_free(struct strv *sv);

#endif /* HUCC_STRV_H */
