/* SPDX-License-Identifier: MIT */
/* CHECK(c): a failed condition is printed with its line and counted in `failures`; the test goes
 * on and exits non-zero at the end. One copy per test program (static). */
#ifndef HU_TESTS_CHECK_H
#define HU_TESTS_CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c);                  \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

#endif /* HU_TESTS_CHECK_H */
