/* SPDX-License-Identifier: MIT */
/*
 * Bounded string and memory functions. The byte loops unroll completely, so each costs its
 * bound `max` (a constant) in instructions. Plain memcpy/memmove/memset are only declared here
 * (below): with a constant size the BPF back end inlines them, and a variable-length copy
 * between guest buffers becomes the memcpy/memset helper (the pass does it; hu_memcpy and
 * hu_memset in helpers.h call the helpers directly). memcmp, strcmp and strncmp are the pass's
 * too (below). The kernel name strnlen maps here and looks at HU_STRING_MAX bytes at most,
 * whatever its length argument says.
 */
#ifndef HUPCALL_STRING_H
#define HUPCALL_STRING_H

#include <hupcall/compiler.h>

#ifndef HU_STRING_MAX
#define HU_STRING_MAX 64
#endif

/* Copy min(len, max) bytes; either side may be guest memory or the stack. Returns dst. */
#define hu_memcpy_bounded(dst, src, len, max)                                                      \
    ({                                                                                             \
        unsigned char *hu_d_ = (unsigned char *)(dst);                                             \
        const unsigned char *hu_s_ = (const unsigned char *)(src);                                 \
        unsigned long hu_n_ = (len), hu_i_;                                                        \
        HU_UNROLL for (hu_i_ = 0; hu_i_ < (max) && hu_i_ < hu_n_; hu_i_++) hu_d_[hu_i_] =          \
            hu_s_[hu_i_];                                                                          \
        (void *)hu_d_;                                                                             \
    })

/* Set min(len, max) bytes to `c`. Returns dst. */
#define hu_memset_bounded(dst, c, len, max)                                                        \
    ({                                                                                             \
        unsigned char *hu_d_ = (unsigned char *)(dst);                                             \
        unsigned long hu_n_ = (len), hu_i_;                                                        \
        HU_UNROLL for (hu_i_ = 0; hu_i_ < (max) && hu_i_ < hu_n_; hu_i_++) hu_d_[hu_i_] =          \
            (unsigned char)(c);                                                                    \
        (void *)hu_d_;                                                                             \
    })

/* Length of the string at `s`, looking at min(len, max) bytes at most. */
#define hu_strnlen_bounded(s, len, max)                                                            \
    ({                                                                                             \
        const char *hu_s_ = (const char *)(s);                                                     \
        unsigned long hu_n_ = (len), hu_i_;                                                        \
        HU_UNROLL for (hu_i_ = 0; hu_i_ < (max) && hu_i_ < hu_n_;                                  \
                       hu_i_++) if (!hu_s_[hu_i_]) break;                                          \
        hu_i_;                                                                                     \
    })

#if !defined(HUPCALL_NATIVE) && !defined(HU_NO_KERNEL_NAMES)
#define strnlen(s, len) hu_strnlen_bounded(s, len, HU_STRING_MAX)
#elif !defined(HU_NO_KERNEL_NAMES)
unsigned long strnlen(const char *s, unsigned long len); /* the C library's */
#endif

/*
 * memcpy, memmove and memset are declared as kernel code calls them (linux/string.h), the C
 * library's natively.
 * memcmp, strcmp and strncmp keep their names: the C library's natively; in a hyperupcall the
 * pass expands each call in place into a byte compare unrolled to a bound it can prove (a
 * constant length, a length bounded by min(), a constant string operand), with lib/string.c's
 * results, or reports at the call how to bound it (docs/framework.md).
 */
#ifndef HU_NO_KERNEL_NAMES
void *memcpy(void *dst, const void *src, unsigned long n);
void *memmove(void *dst, const void *src, unsigned long n);
void *memset(void *dst, int c, unsigned long n);
int memcmp(const void *a, const void *b, unsigned long n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, unsigned long n);
#endif

#endif /* HUPCALL_STRING_H */
