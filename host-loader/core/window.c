/* SPDX-License-Identifier: MIT */
/* Windows of guest memory: anonymous, a caller's shared buffer, or a shared fd mapping; each
 * followed by a guard of HU_GUARD_SIZE bytes that maps the window's start again, so that an access
 * at hva + (gva & mask) + a folded 16-bit offset lands on the bytes hva + ((gva + off) & mask)
 * would: the same memory, read and written. */
#define _GNU_SOURCE /* mremap's MREMAP_FIXED, memfd_create */
#include "window.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <hupcall/huhost.h>

#include "errmsg.h"

#define HU_WINDOW_MAX_SIZE (1ull << 40)

static int check_geometry(uint64_t base, uint64_t size, char *err, size_t errlen)
{
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);

    if (size < page || size > HU_WINDOW_MAX_SIZE || (size & (size - 1)))
        return hu_errf(err, errlen, -EINVAL,
                       "window size %#llx is not a power of two in [%llu (the page size), 2^40]",
                       (unsigned long long)size, (unsigned long long)page);
    if (base & (size - 1))
        return hu_errf(err, errlen, -EINVAL, "window base %#llx is not aligned to its size %#llx",
                       (unsigned long long)base, (unsigned long long)size);
    return 0;
}

/*
 * Maps the guard [hva + size, hva + size + HU_GUARD_SIZE) onto the window's own pages: guard byte
 * i is window byte i % size (a window smaller than the guard repeats). mremap with an old size of
 * 0 maps the same pages again, which Linux allows only for shared memory: private memory fails
 * with EINVAL. One call per page, as the window's start may be several mappings (a guest's RAM
 * runs).
 */
static int mirror_guard(uint8_t *hva, uint64_t size, char *err, size_t errlen)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);

    for (size_t i = 0; i < HU_GUARD_SIZE; i += page) {
        if (mremap(hva + i % size, 0, page, MREMAP_MAYMOVE | MREMAP_FIXED, hva + size + i) !=
            MAP_FAILED)
            continue;
        int e = errno;
        return hu_errf(err, errlen, e == EINVAL ? -EINVAL : -ENOMEM,
                       "cannot map the window's start again as its guard: %s%s", strerror(e),
                       e == EINVAL ? " (the window must be shared memory)" : "");
    }
    return 0;
}

/* The same guard for an fd mapping: the fd's pages mapped again, which works everywhere mmap
 * does (valgrind, which cannot emulate mremap's duplication, included). */
static int mirror_guard_fd(uint8_t *hva, uint64_t size, int fd, uint64_t offset, char *err,
                           size_t errlen)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);

    for (size_t i = 0; i < HU_GUARD_SIZE; i += page)
        if (mmap(hva + size + i, page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd,
                 (off_t)(offset + i % size)) == MAP_FAILED)
            return hu_errf(err, errlen, -ENOMEM,
                           "cannot map the window's start again as its guard: %s", strerror(errno));
    return 0;
}

static int new_window(uint64_t base, uint64_t size, uint8_t *hva, size_t map_len,
                      struct hu_window **out)
{
    struct hu_window *w = malloc(sizeof(*w));
    if (!w)
        return -ENOMEM;
    *w = (struct hu_window){base, size, hva, map_len};
    *out = w;
    return 0;
}

/* Anonymous memory as a memfd, so that its guard is mapped like an fd window's. */
int hu_window_alloc(uint64_t guest_base, uint64_t size, struct hu_window **out, char *err,
                    size_t errlen)
{
    int ret = check_geometry(guest_base, size, err, errlen);
    if (ret)
        return ret;
    int fd = memfd_create("hu-window", MFD_CLOEXEC);
    if (fd < 0)
        return hu_errf(err, errlen, -ENOMEM, "cannot create a window's memory: %s",
                       strerror(errno));
    if (ftruncate(fd, (off_t)size))
        ret = hu_errf(err, errlen, -ENOMEM, "cannot size a window of %#llx bytes: %s",
                      (unsigned long long)size, strerror(errno));
    else
        ret = hu_window_map_fd(guest_base, size, fd, 0, out, err, errlen);
    close(fd); /* the mappings keep the memory */
    return ret;
}

int hu_window_wrap(uint64_t guest_base, uint64_t size, void *buf, size_t buflen,
                   struct hu_window **out, char *err, size_t errlen)
{
    int ret = check_geometry(guest_base, size, err, errlen);
    if (ret)
        return ret;
    if (!buf || ((uintptr_t)buf % (uintptr_t)sysconf(_SC_PAGESIZE)) || buflen < size ||
        buflen - size < HU_GUARD_SIZE)
        return hu_errf(err, errlen, -EINVAL,
                       "window buffer must be page-aligned and hold size + %u guard bytes",
                       HU_GUARD_SIZE);
    if ((ret = mirror_guard(buf, size, err, errlen)))
        return ret;
    return new_window(guest_base, size, buf, 0, out);
}

int hu_window_map_fd(uint64_t guest_base, uint64_t size, int fd, uint64_t offset,
                     struct hu_window **out, char *err, size_t errlen)
{
    int ret = check_geometry(guest_base, size, err, errlen);
    if (ret)
        return ret;
    if (offset % (uint64_t)sysconf(_SC_PAGESIZE))
        return hu_errf(err, errlen, -EINVAL, "fd window: the offset must be a page multiple");
    /* Reserve window + guard, then put the shared pages in place and map their start again. */
    size_t len = size + HU_GUARD_SIZE;
    uint8_t *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return hu_errf(err, errlen, -ENOMEM, "cannot reserve %zu bytes", len);
    if (mmap(p, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, offset) == MAP_FAILED) {
        ret = hu_errf(err, errlen, -errno, "cannot map fd %d at offset %#llx: %s", fd,
                      (unsigned long long)offset, strerror(errno));
    } else if (!(ret = mirror_guard_fd(p, size, fd, offset, err, errlen))) {
        ret = new_window(guest_base, size, p, len, out);
    }
    if (ret)
        munmap(p, len);
    return ret;
}

void hu_window_free(struct hu_window *w)
{
    if (!w)
        return;
    if (w->map_len)
        munmap(w->hva, w->map_len);
    free(w);
}

void *hu_window_hva(const struct hu_window *w)
{
    return w ? w->hva : NULL;
}

uint64_t hu_window_base(const struct hu_window *w)
{
    return w ? w->base : 0;
}

uint64_t hu_window_size(const struct hu_window *w)
{
    return w ? w->size : 0;
}

/* [gva, gva + len) inside the window: its offset, or -1. */
static int64_t window_offset(const struct hu_window *w, uint64_t gva, size_t len)
{
    if (!w || gva < w->base || gva - w->base > w->size || len > w->size - (gva - w->base))
        return -1;
    return (int64_t)(gva - w->base);
}

int hu_window_write(struct hu_window *w, uint64_t gva, const void *buf, size_t len)
{
    int64_t off = window_offset(w, gva, len);
    if (off < 0)
        return -ERANGE;
    memcpy(w->hva + off, buf, len);
    return 0;
}

int hu_window_read(const struct hu_window *w, uint64_t gva, void *buf, size_t len)
{
    int64_t off = window_offset(w, gva, len);
    if (off < 0)
        return -ERANGE;
    memcpy(buf, w->hva + off, len);
    return 0;
}
