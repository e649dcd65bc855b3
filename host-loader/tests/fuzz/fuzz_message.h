/* SPDX-License-Identifier: MIT */
/* What the fuzzers ask of every error the library writes: one printable line. */
#ifndef HU_FUZZ_MESSAGE_H
#define HU_FUZZ_MESSAGE_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

static void check_message(int ret, const char *err)
{
    int printable = err[0] != '\0';

    for (const char *c = err; *c; c++)
        printable &= isprint((unsigned char)*c) != 0;
    if (!printable) {
        fprintf(stderr, "bad error message (ret %d): '%s'\n", ret, err);
        abort();
    }
}

#endif /* HU_FUZZ_MESSAGE_H */
