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

/* The atomic helper on a word of distinct bytes: the result is the object's previous value, only
 * the object's bytes change, min/max compare at the object's size, a misaligned address writes
 * nothing and returns ~expected, an unknown operation or size is -EINVAL. */
static void check_atomic(struct hu_run *run, uint8_t *buf)
{
    hu_helper_fn atomic = hu_run_helpers.fn[HU_HELPER_ATOMIC];
    const uint64_t word = 0x8877665544332211ull;
    uint64_t now;

    memcpy(buf, &word, 8);
    CHECK(atomic(run, BASE + 1, 0x7f, HU_ATOMIC_OP(HU_ATOMIC_SMAX, 1), 0, 0) == 0x22);
    CHECK(atomic(run, BASE + 2, 0x80, HU_ATOMIC_OP(HU_ATOMIC_SMIN, 1), 0, 0) == 0x33);
    CHECK(atomic(run, BASE + 4, 0x1, HU_ATOMIC_OP(HU_ATOMIC_UMAX, 2), 0, 0) == 0x6655);
    CHECK(atomic(run, BASE + 4, 0x8000, HU_ATOMIC_OP(HU_ATOMIC_SMIN, 2), 0, 0) == 0x6655);
    CHECK(atomic(run, BASE, 0x10, HU_ATOMIC_OP(HU_ATOMIC_UMIN, 1), 0, 0) == 0x11);
    memcpy(&now, buf, 8);
    CHECK(now == 0x8877800044807f10ull);
    CHECK(atomic(run, BASE, 1, HU_ATOMIC_OP(HU_ATOMIC_SMAX, 8), 0, 0) == now);
    memcpy(&now, buf, 8);
    CHECK(now == 1); /* 0x88.. is negative */

    memcpy(buf, &word, 8);
    CHECK(atomic(run, BASE + 1, 1, HU_ATOMIC_OP(HU_ATOMIC_ADD, 2), 0x1234, 0) == 0xedcb);
    CHECK(atomic(run, BASE + 2, 1, HU_ATOMIC_OP(HU_ATOMIC_CMPXCHG, 4), 0x1234, 0) == 0xffffedcb);
    CHECK(atomic(run, BASE + 4, 1, HU_ATOMIC_OP(HU_ATOMIC_XCHG, 8), 7, 0) == ~7ull);
    CHECK(atomic(run, BASE, 1, HU_ATOMIC_OP(HU_ATOMIC_OP_COUNT, 1), 0, 0) == (uint64_t)-EINVAL);
    CHECK(atomic(run, BASE, 1, HU_ATOMIC_OP(HU_ATOMIC_ADD, 3), 0, 0) == (uint64_t)-EINVAL);
    memcpy(&now, buf, 8);
    CHECK(now == word);
    /* The last byte of the window, masked as every helper masks. */
    CHECK(atomic(run, BASE + SIZE * 5 - 1, 3, HU_ATOMIC_OP(HU_ATOMIC_ADD, 1), 0, 0) == 0);
    CHECK(buf[SIZE - 1] == 3);
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
    check_atomic(&run, buf);

    hu_window_free(w);
    munmap(buf, SIZE + HU_GUARD_SIZE);
    printf("helpers_test: %s (%d failed checks)\n", failures ? "FAIL" : "ok", failures);
    return failures != 0;
}
