/* SPDX-License-Identifier: MIT */
/* A hyperupcall's window over a live guest: the guest virtual range [base, base + size) looked up
 * in the guest's own page tables, each contiguous run of guest-physical memory mapped shared from
 * the RAM file into one reserved host range (one mmap per run, not per page), unmapped pages left
 * as zero pages of the (shared anonymous) reservation, and the guard after it mapping the window's
 * start again: the same RAM-file offsets. */
#ifndef HU_AGENT_GWINDOW_H
#define HU_AGENT_GWINDOW_H

#include <stddef.h>
#include <stdint.h>

#include <hupcall/huhost.h>

#include "guest_ram.h"

struct gwindow {
    struct hu_window *win; /* what hu_register takes */
    uint8_t *map;          /* the reservation: size + HU_GUARD_SIZE bytes */
    size_t map_len;
    uint64_t runs;   /* mmaps of the RAM file */
    uint64_t mapped; /* bytes of the window backed by guest RAM */
    uint64_t holes;  /* bytes not mapped by the guest (zero pages) */
};

/*
 * Builds the window. Refused (-EINVAL, err says why) when a page maps guest-physical memory outside
 * the RAM file (device memory, the channel itself), when no page of it is mapped, or when a page
 * table lies outside guest RAM. The caller bounds `size` first: the walk visits every page.
 */
int gwindow_build(const struct guest_ram *ram, uint64_t root, unsigned levels, uint64_t base,
                  uint64_t size, struct gwindow *gw, char *err, size_t errlen);
void gwindow_free(struct gwindow *gw);

#endif /* HU_AGENT_GWINDOW_H */
