/* SPDX-License-Identifier: MIT */
/* One-line error messages into a caller's buffer. Internal. */
#ifndef HU_ERRMSG_H
#define HU_ERRMSG_H

#include <stddef.h>

/* Formats into err (when err and errlen are non-zero; bytes outside printable ASCII become ?) and
 * returns `ret`, so that error paths read
 * `return hu_errf(err, errlen, -EINVAL, "...", ...);`. */
int hu_errf(char *err, size_t errlen, int ret, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif /* HU_ERRMSG_H */
