/* SPDX-License-Identifier: MIT */
/* The library's guest-memory helpers keep the verifier's helper budget: memcpy and memset act on
 * up to HU_HELPER_MAX_LEN bytes and refuse one byte more with -EINVAL, writing nothing (the
 * run-time bound counts each call at that length, docs/verifier.md). Built against the ASan+UBSan
 * library copy. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS under -std=c11 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "check.h"
#include "run.h"

#define BASE 0x100000ull
#define SIZE 0x10000ull

/* How many of the window's first `n` bytes hold `v`. */
static size_t count(const uint8_t *mem, size_t n, uint8_t v)
{
    size_t k = 0;

    for (size_t i = 0; i < n; i++)
        k += mem[i] == v;
    return k;
}

int main(void)
{
    /* Shared memory: the window's guard maps its start again. */
    uint8_t *buf =
        mmap(NULL, SIZE + HU_GUARD_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    struct hu_window *w = NULL;
    char err[256] = "";
    const uint64_t fail = (uint64_t)-EINVAL;

    if (buf == MAP_FAILED ||
        hu_window_wrap(BASE, SIZE, buf, SIZE + HU_GUARD_SIZE, &w, err, sizeof(err))) {
        fprintf(stderr, "hu_window_wrap: %s\n", err);
        return 1;
    }
    struct hu_run run = {.w = w};
    hu_helper_fn memset_fn = hu_run_helpers.fn[HU_HELPER_MEMSET];
    hu_helper_fn memcpy_fn = hu_run_helpers.fn[HU_HELPER_MEMCPY];

    CHECK(memset_fn(&run, BASE, 0xab, HU_HELPER_MAX_LEN + 1, 0, 0) == fail);
    CHECK(count(buf, SIZE, 0xab) == 0);
    CHECK(memset_fn(&run, BASE, 0xab, HU_HELPER_MAX_LEN, 0, 0) == 0);
    CHECK(count(buf, SIZE, 0xab) == HU_HELPER_MAX_LEN);

    CHECK(memcpy_fn(&run, BASE + 0x8000, BASE, HU_HELPER_MAX_LEN + 1, 0, 0) == fail);
    CHECK(count(buf + 0x8000, SIZE - 0x8000, 0xab) == 0);
    CHECK(memcpy_fn(&run, BASE + 0x8000, BASE, HU_HELPER_MAX_LEN, 0, 0) == 0);
    CHECK(count(buf + 0x8000, SIZE - 0x8000, 0xab) == HU_HELPER_MAX_LEN);
    /* A length of 2^64 - 1 is refused before it could wrap any sum. */
    CHECK(memset_fn(&run, BASE, 0, UINT64_MAX, 0, 0) == fail);

    hu_window_free(w);
    munmap(buf, SIZE + HU_GUARD_SIZE);
    printf("helpers_test: %s (%d failed checks)\n", failures ? "FAIL" : "ok", failures);
    return failures != 0;
}
