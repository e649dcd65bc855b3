/* SPDX-License-Identifier: MIT */
/* Windows of guest memory: anonymous, a caller's buffer, or a shared fd mapping; each followed by
 * HU_GUARD_SIZE bytes of host scratch so that an access at hva + (gva & mask) + a folded 16-bit
 * offset stays mapped. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS under -std=c11 */
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
    if (size < 8 || size > HU_WINDOW_MAX_SIZE || (size & (size - 1)))
        return hu_errf(err, errlen, -EINVAL, "window size %#llx is not a power of two in [8, 2^40]",
                       (unsigned long long)size);
    if (base & (size - 1))
        return hu_errf(err, errlen, -EINVAL, "window base %#llx is not aligned to its size %#llx",
                       (unsigned long long)base, (unsigned long long)size);
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

int hu_window_alloc(uint64_t guest_base, uint64_t size, struct hu_window **out, char *err,
                    size_t errlen)
{
    int ret = check_geometry(guest_base, size, err, errlen);
    if (ret)
        return ret;
    size_t len = size + HU_GUARD_SIZE;
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return hu_errf(err, errlen, -ENOMEM, "cannot map a window of %zu bytes", len);
    if ((ret = new_window(guest_base, size, p, len, out)))
        munmap(p, len);
    return ret;
}

int hu_window_wrap(uint64_t guest_base, uint64_t size, void *buf, size_t buflen,
                   struct hu_window **out, char *err, size_t errlen)
{
    int ret = check_geometry(guest_base, size, err, errlen);
    if (ret)
        return ret;
    if (!buf || ((uintptr_t)buf & 7) || buflen < size || buflen - size < HU_GUARD_SIZE)
        return hu_errf(err, errlen, -EINVAL,
                       "window buffer must be 8-byte aligned and hold size + %u guard bytes",
                       HU_GUARD_SIZE);
    return new_window(guest_base, size, buf, 0, out);
}

int hu_window_map_fd(uint64_t guest_base, uint64_t size, int fd, uint64_t offset,
                     struct hu_window **out, char *err, size_t errlen)
{
    long page = sysconf(_SC_PAGESIZE);
    int ret = check_geometry(guest_base, size, err, errlen);
    if (ret)
        return ret;
    if (size % page || offset % page)
        return hu_errf(err, errlen, -EINVAL, "fd window: size and offset must be page multiples");
    /* Reserve window + guard, then put the shared pages and the private guard in place. */
    size_t len = size + HU_GUARD_SIZE;
    uint8_t *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return hu_errf(err, errlen, -ENOMEM, "cannot reserve %zu bytes", len);
    if (mmap(p, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, offset) == MAP_FAILED) {
        ret = hu_errf(err, errlen, -errno, "cannot map fd %d at offset %#llx: %s", fd,
                      (unsigned long long)offset, strerror(errno));
    } else if (mmap(p + size, HU_GUARD_SIZE, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
        ret = hu_errf(err, errlen, -ENOMEM, "cannot map the window's guard");
    } else {
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
