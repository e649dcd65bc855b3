/* SPDX-License-Identifier: MIT */
#include "errmsg.h"

#include <stdarg.h>
#include <stdio.h>

int hu_errf(char *err, size_t errlen, int ret, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
        /* Names come from hostile files: keep messages one line of printable ASCII. */
        for (char *c = err; *c; c++)
            if (*c < 0x20 || *c > 0x7e)
                *c = '?';
    }
    return ret;
}
