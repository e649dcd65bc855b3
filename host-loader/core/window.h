/* SPDX-License-Identifier: MIT */
/* struct hu_window: guest memory mapped by the host, its start mapped again after it. Internal. */
#ifndef HU_WINDOW_H
#define HU_WINDOW_H

#include <stddef.h>
#include <stdint.h>

struct hu_window {
    uint64_t base;  /* guest virtual address of the first byte */
    uint64_t size;  /* a power of two; base is aligned to it */
    uint8_t *hva;   /* size + HU_GUARD_SIZE bytes, the guard mirroring the start */
    size_t map_len; /* bytes to munmap, 0 for a wrapped caller buffer */
};

#endif /* HU_WINDOW_H */
