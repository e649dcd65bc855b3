/* SPDX-License-Identifier: MIT */
/*
 * The agent's page-table walker and window builder on synthetic guest memory: 4-level and 5-level
 * tables with 4 KiB, 2 MiB and 1 GiB pages, holes at every level, hostile tables (outside RAM,
 * self-referencing, PS in the top levels), and windows built from them: one mmap per contiguous
 * run, holes read as zero, writes reach the RAM file, pages outside RAM refused.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gwindow.h"
#include "ptwalk.h"
#include "test_support.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define RAM_SIZE (64 * MiB)
#define P SYNTH_P
#define PS SYNTH_PS

static void expect(const struct pt_mem *m, uint64_t root, unsigned levels, uint64_t va, int want,
                   uint64_t pa, uint64_t size)
{
    struct pt_leaf leaf;
    int ret = pt_lookup(m, root, levels, va, &leaf);
    CHECK(ret == want, "va %#llx (%u levels): %d, want %d", (unsigned long long)va, levels, ret,
          want);
    if (ret == want && want != -EINVAL) {
        CHECK(leaf.size == size, "va %#llx: size %#llx, want %#llx", (unsigned long long)va,
              (unsigned long long)leaf.size, (unsigned long long)size);
        CHECK(leaf.va_start == (va & ~(size - 1)), "va %#llx: va_start %#llx",
              (unsigned long long)va, (unsigned long long)leaf.va_start);
        if (!want)
            CHECK(leaf.pa == pa, "va %#llx: pa %#llx, want %#llx", (unsigned long long)va,
                  (unsigned long long)leaf.pa, (unsigned long long)pa);
    }
}

/* The same layout at a kernel address for both paging modes. */
static void test_lookup(struct synth_ram *r, unsigned levels)
{
    struct pt_mem m = {r->mem, RAM_SIZE};
    uint64_t base = levels == 5 ? 0xff11000000000000ull : 0xffffea0000000000ull;
    uint64_t root;

    r->next_table = RAM_SIZE;
    root = synth_new_table(r);
    synth_map(r, root, levels, base, 0x123000, 4096);
    synth_map(r, root, levels, base + 4096, 0x7000, 4096);
    synth_map(r, root, levels, base + 2 * MiB, 0x400000, 2 * MiB);
    synth_map(r, root, levels, base + GiB, 0x40000000, GiB);

    expect(&m, root, levels, base + 0x10, 0, 0x123000, 4096);
    expect(&m, root, levels, base + 4096 + 0xfff, 0, 0x7000, 4096);
    expect(&m, root, levels, base + 2 * 4096, -ENOENT, 0, 4096);        /* empty PTE */
    expect(&m, root, levels, base + 3 * MiB + 5, 0, 0x400000, 2 * MiB); /* in a 2 MiB page */
    expect(&m, root, levels, base + 4 * MiB, -ENOENT, 0, 2 * MiB);      /* empty PDE */
    expect(&m, root, levels, base + GiB + 12345, 0, 0x40000000, GiB);   /* in a 1 GiB page */
    expect(&m, root, levels, base + 2 * GiB, -ENOENT, 0, GiB);          /* empty PDPTE */
    expect(&m, root, levels, base + 512 * GiB, -ENOENT, 0, 512 * GiB);  /* empty 4th level */
    if (levels == 5)
        expect(&m, root, levels, base + (256ull << 40), -ENOENT, 0, 256ull << 40);
    /* Non-canonical, bad levels, unaligned root. */
    expect(&m, root, levels, levels == 5 ? 0x0100000000000000ull : 0x0000800000000000ull, -EINVAL,
           0, 0);
    expect(&m, root, 3, base, -EINVAL, 0, 0);
    expect(&m, root + 8, levels, base, -EINVAL, 0, 0);
}

/* Tables the guest may forge: outside RAM, pointing at themselves, PS where it is reserved. */
static void test_hostile(struct synth_ram *r)
{
    struct pt_mem m = {r->mem, RAM_SIZE};
    uint64_t va = 0xffff888000000000ull;
    uint64_t root;

    r->next_table = RAM_SIZE;
    root = synth_new_table(r);
    synth_set(r, root, (va >> 39) & 511, (RAM_SIZE + 4096) | P);
    expect(&m, root, 4, va, -EFAULT, 0, GiB);
    expect(&m, RAM_SIZE, 4, va, -EFAULT, 0, 512 * GiB); /* the root itself outside */
    /* Every level pointing back at the root: the walk still ends after four levels. */
    synth_set(r, root, (va >> 39) & 511, root | P);
    synth_set(r, root, 0, root | P);
    expect(&m, root, 4, va, 0, root, 4096);
    synth_set(r, root, (va >> 39) & 511, 0x200000 | P | PS); /* PS at the 4th level: reserved */
    expect(&m, root, 4, va, -EFAULT, 0, 512 * GiB);
}

/* A RAM file with tables mapping a 4 MiB window: two runs, a hole, then windows refused. */
static void test_window(void)
{
    char path[] = "/tmp/hu-ptwalk-XXXXXX";
    int fd = mkstemp(path);
    struct guest_ram gr;
    struct gwindow gw;
    struct synth_ram r;
    char err[256];
    uint64_t base = 0xffffea0000000000ull, root;
    int ret;

    CHECK(fd >= 0 && ftruncate(fd, RAM_SIZE) == 0, "temporary RAM file");
    r.mem = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(r.mem != MAP_FAILED, "map RAM file");
    r.next_table = RAM_SIZE;
    root = synth_new_table(&r);
    /* [0, 1 MiB) -> 8 MiB by 4 KiB pages (one run); [1 MiB, +64 KiB) -> 20 MiB (contiguous in
     * the window, not in RAM: a second run); the rest of the second MiB a hole; [2 MiB, 4 MiB)
     * one 2 MiB page at 16 MiB, a third run. */
    for (uint64_t off = 0; off < MiB; off += 4096)
        synth_map(&r, root, 4, base + off, 8 * MiB + off, 4096);
    for (uint64_t off = 0; off < 64 * 1024; off += 4096)
        synth_map(&r, root, 4, base + MiB + off, 20 * MiB + off, 4096);
    memset(r.mem + 20 * MiB, 0xef, 64 * 1024);
    synth_map(&r, root, 4, base + 2 * MiB, 16 * MiB, 2 * MiB);
    memset(r.mem + 8 * MiB, 0xab, MiB);
    memset(r.mem + 16 * MiB, 0xcd, 2 * MiB);

    CHECK(guest_ram_open(path, &gr, err, sizeof(err)) == 0, "guest_ram_open: %s", err);
    ret = gwindow_build(&gr, root, 4, base, 4 * MiB, &gw, err, sizeof(err));
    CHECK(ret == 0, "gwindow_build: %s", err);
    if (ret == 0) {
        uint8_t *h = hu_window_hva(gw.win);
        CHECK(gw.runs == 3, "runs %llu, want 3 (one mmap per contiguous run)",
              (unsigned long long)gw.runs);
        CHECK(gw.mapped == 3 * MiB + 64 * 1024 && gw.holes == MiB - 64 * 1024,
              "mapped %llu holes %llu", (unsigned long long)gw.mapped,
              (unsigned long long)gw.holes);
        CHECK(h[0] == 0xab && h[MiB - 1] == 0xab, "first run reads the RAM file");
        CHECK(h[MiB] == 0xef && h[MiB + 64 * 1024 - 1] == 0xef, "second run reads the RAM file");
        CHECK(h[MiB + 64 * 1024] == 0 && h[2 * MiB - 1] == 0, "the hole reads zero");
        CHECK(h[2 * MiB] == 0xcd && h[4 * MiB - 1] == 0xcd, "third run reads the RAM file");
        CHECK(h[4 * MiB] == 0xab && h[4 * MiB + HU_GUARD_SIZE - 1] == 0xab,
              "the guard reads the window's start");
        h[4 * MiB + 7] = 0x33; /* a write through the guard lands at the window's start */
        CHECK(h[7] == 0x33 && r.mem[8 * MiB + 7] == 0x33, "guard writes reach the RAM file");
        h[5] = 0x11; /* a hyperupcall's write reaches the guest */
        CHECK(r.mem[8 * MiB + 5] == 0x11, "window writes reach the RAM file");
        h[MiB + 128 * 1024] = 0x22; /* a write to a hole stays in the reservation */
        CHECK(hu_window_base(gw.win) == base && hu_window_size(gw.win) == 4 * MiB, "geometry");
        gwindow_free(&gw);
    }
    /* A page outside guest RAM: refused, naming the address. */
    synth_map(&r, root, 4, base + MiB + 128 * 1024, RAM_SIZE + 4096, 4096);
    ret = gwindow_build(&gr, root, 4, base, 4 * MiB, &gw, err, sizeof(err));
    CHECK(ret == -EINVAL && strstr(err, "outside guest RAM"), "page outside RAM: %d %s", ret, err);
    /* Nothing mapped at all. */
    ret = gwindow_build(&gr, root, 4, base + GiB, 4 * MiB, &gw, err, sizeof(err));
    CHECK(ret == -EINVAL && strstr(err, "maps no guest RAM"), "empty window: %d %s", ret, err);
    /* Bad geometry. */
    ret = gwindow_build(&gr, root, 4, base + 4096, 4 * MiB, &gw, err, sizeof(err));
    CHECK(ret == -EINVAL && strstr(err, "power of two"), "unaligned window: %d %s", ret, err);
    ret = gwindow_build(&gr, root, 4, 0, 2 * RAM_SIZE, &gw, err, sizeof(err));
    CHECK(ret == -EINVAL, "window larger than RAM: %d", ret);
    /* Tables outside RAM. */
    ret = gwindow_build(&gr, RAM_SIZE, 4, base, 4 * MiB, &gw, err, sizeof(err));
    CHECK(ret == -EINVAL && strstr(err, "outside guest RAM"), "root outside RAM: %d %s", ret, err);

    guest_ram_close(&gr);
    munmap(r.mem, RAM_SIZE);
    close(fd);
    unlink(path);
}

int main(void)
{
    struct synth_ram r = {malloc(RAM_SIZE), 0};

    if (!r.mem)
        return 1;
    test_lookup(&r, 4);
    test_lookup(&r, 5);
    test_hostile(&r);
    free(r.mem);
    test_window();
    if (failures) {
        fprintf(stderr, "ptwalk_test: %d failure(s)\n", failures);
        return 1;
    }
    printf("ptwalk_test: 4- and 5-level walks, large pages, hostile tables and windows: ok\n");
    return 0;
}
