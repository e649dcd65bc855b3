/* SPDX-License-Identifier: MIT */
/* Windows built from the guest's page tables: walk, coalesce runs, map each run once. */
#define _GNU_SOURCE
#include "gwindow.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/* One run: window offset, guest-physical address, length. */
struct run {
    uint64_t off, pa, len;
};

static int map_run(const struct guest_ram *ram, struct gwindow *gw, const struct run *r, char *err,
                   size_t errlen)
{
    if (!r->len)
        return 0;
    if (mmap(gw->map + r->off, r->len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, ram->fd,
             (off_t)r->pa) == MAP_FAILED) {
        snprintf(err, errlen, "cannot map guest-physical %#llx+%#llx: %s",
                 (unsigned long long)r->pa, (unsigned long long)r->len, strerror(errno));
        return -errno;
    }
    gw->runs++;
    gw->mapped += r->len;
    return 0;
}

/* Walks the window and maps it; the reservation is in place. */
static int walk_and_map(const struct guest_ram *ram, uint64_t root, unsigned levels, uint64_t base,
                        uint64_t size, struct gwindow *gw, char *err, size_t errlen)
{
    struct run cur = {0, 0, 0};
    uint64_t off = 0;
    int ret;

    while (off < size) {
        uint64_t va = base + off;
        struct pt_leaf leaf;

        ret = pt_lookup(&ram->mem, root, levels, va, &leaf);
        uint64_t len = leaf.va_start + leaf.size - va;

        if (ret == -EINVAL) {
            snprintf(err, errlen, "window address %#llx is not canonical for %u-level paging",
                     (unsigned long long)va, levels);
            return ret;
        }
        if (ret == -EFAULT) {
            snprintf(err, errlen, "a page table for window address %#llx lies outside guest RAM",
                     (unsigned long long)va);
            return -EINVAL;
        }
        if (len > size - off)
            len = size - off;
        if (ret == -ENOENT) {
            gw->holes += len;
        } else {
            uint64_t pa = leaf.pa + (va - leaf.va_start);
            if (pa >= ram->mem.size || len > ram->mem.size - pa) {
                snprintf(err, errlen,
                         "window page at %#llx maps guest-physical %#llx, outside guest RAM "
                         "(%llu MiB): not the guest's memory to register",
                         (unsigned long long)va, (unsigned long long)pa,
                         (unsigned long long)(ram->mem.size >> 20));
                return -EINVAL;
            }
            if (cur.len && cur.off + cur.len == off && cur.pa + cur.len == pa) {
                cur.len += len;
            } else {
                if ((ret = map_run(ram, gw, &cur, err, errlen)))
                    return ret;
                cur = (struct run){off, pa, len};
            }
        }
        off += len;
    }
    if ((ret = map_run(ram, gw, &cur, err, errlen)))
        return ret;
    if (!gw->mapped) {
        snprintf(err, errlen, "window %#llx+%#llx maps no guest RAM", (unsigned long long)base,
                 (unsigned long long)size);
        return -EINVAL;
    }
    return 0;
}

int gwindow_build(const struct guest_ram *ram, uint64_t root, unsigned levels, uint64_t base,
                  uint64_t size, struct gwindow *gw, char *err, size_t errlen)
{
    int ret;

    memset(gw, 0, sizeof(*gw));
    if (size < 4096 || (size & (size - 1)) || (base & (size - 1)) || size > ram->mem.size) {
        snprintf(err, errlen,
                 "window %#llx+%#llx: size must be a power of two of 4 KiB to guest "
                 "RAM, base aligned to it",
                 (unsigned long long)base, (unsigned long long)size);
        return -EINVAL;
    }
    gw->map_len = size + HU_GUARD_SIZE;
    /* Shared, so that hu_window_wrap can map the window's start again as the guard, holes too. */
    gw->map = mmap(NULL, gw->map_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (gw->map == MAP_FAILED) {
        snprintf(err, errlen, "cannot reserve %zu bytes for a window", gw->map_len);
        return -ENOMEM;
    }
    ret = walk_and_map(ram, root, levels, base, size, gw, err, errlen);
    if (!ret)
        ret = hu_window_wrap(base, size, gw->map, gw->map_len, &gw->win, err, errlen);
    if (ret) {
        munmap(gw->map, gw->map_len);
        memset(gw, 0, sizeof(*gw));
    }
    return ret;
}

void gwindow_free(struct gwindow *gw)
{
    hu_window_free(gw->win);
    if (gw->map)
        munmap(gw->map, gw->map_len);
    memset(gw, 0, sizeof(*gw));
}
