/* SPDX-License-Identifier: MIT */
/* Every window's guard maps the window's start again: guard byte i is window byte i % size, so a
 * compiled access at hva + (gva & mask) + off (the offset folded after the mask) reads and writes
 * the bytes of (gva + off) in the window. Checked for each provider: hu_window_alloc (a window
 * larger than the guard and one smaller, which repeats), hu_window_map_fd (the guard writes the
 * file at the window's offset) and hu_window_wrap (a shared caller buffer; a private one is
 * refused). The agent's windows are checked in its own test (ptwalk_test). */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <hupcall/huhost.h>

#include "check.h"

#define BASE 0xffff888000000000ull
#define MiB (1ull << 20)

/* Writes through the guard at `at` and reads them back at window offset at % size, both ways. */
static void check_mirror(struct hu_window *w, uint64_t at)
{
    uint8_t *h = hu_window_hva(w);
    uint64_t size = hu_window_size(w), v = 0, x = 0x0123456789abcdefull ^ at;

    memcpy(h + size + at, &x, 8);
    CHECK(hu_window_read(w, BASE + at % size, &v, 8) == 0 && v == x);
    x = ~x;
    CHECK(hu_window_write(w, BASE + at % size, &x, 8) == 0);
    memcpy(&v, h + size + at, 8);
    CHECK(v == x);
}

static void test_alloc(void)
{
    struct hu_window *w = NULL;
    char err[256] = "";

    CHECK(hu_window_alloc(BASE, MiB, &w, err, sizeof(err)) == 0);
    if (w) {
        check_mirror(w, 0);
        check_mirror(w, HU_GUARD_SIZE - 8);
        hu_window_free(w);
    }
    /* A one-page window repeats through the 64 KiB guard. */
    CHECK(hu_window_alloc(BASE, 4096, &w, err, sizeof(err)) == 0);
    if (w) {
        check_mirror(w, 8);
        check_mirror(w, 3 * 4096 + 40);
        check_mirror(w, HU_GUARD_SIZE - 8);
        hu_window_free(w);
    }
    CHECK(hu_window_alloc(BASE, 2048, &w, err, sizeof(err)) == -EINVAL);
    CHECK(strstr(err, "page size"));
}

static void test_map_fd(void)
{
    struct hu_window *w = NULL;
    char err[256] = "";
    uint64_t v = 0, x = 0x1122334455667788ull;
    int fd = memfd_create("guest-ram", 0);

    CHECK(fd >= 0 && ftruncate(fd, 4 * MiB) == 0);
    CHECK(hu_window_map_fd(BASE, MiB, fd, 2 * MiB, &w, err, sizeof(err)) == 0);
    if (w) {
        uint8_t *g = (uint8_t *)hu_window_hva(w) + MiB;

        check_mirror(w, 16);
        memcpy(g + 0x100, &x, 8);
        CHECK(pread(fd, &v, 8, 2 * MiB + 0x100) == 8 && v == x);
        CHECK(pread(fd, &v, 8, 3 * MiB + 0x100) == 8 && v == 0);
        hu_window_free(w);
    }
    close(fd);
}

static void test_wrap(void)
{
    struct hu_window *w = NULL;
    char err[256] = "";
    size_t len = MiB + HU_GUARD_SIZE;
    uint8_t *shared = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    uint8_t *private = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    CHECK(shared != MAP_FAILED && private != MAP_FAILED);
    CHECK(hu_window_wrap(BASE, MiB, shared, len, &w, err, sizeof(err)) == 0);
    if (w) {
        check_mirror(w, 24);
        shared[MiB + 9] = 0x5a;
        CHECK(shared[9] == 0x5a);
        hu_window_free(w);
    }
    w = NULL;
    CHECK(hu_window_wrap(BASE, MiB, private, len, &w, err, sizeof(err)) == -EINVAL && !w);
    CHECK(strstr(err, "shared memory"));
    CHECK(hu_window_wrap(BASE, MiB, shared + 8, len - 8, &w, err, sizeof(err)) == -EINVAL);
    munmap(shared, len);
    munmap(private, len);
}

int main(void)
{
    test_alloc();
    test_map_fd();
    test_wrap();
    printf("window_test: %s (%d failed checks)\n", failures ? "FAIL" : "ok", failures);
    return failures != 0;
}
