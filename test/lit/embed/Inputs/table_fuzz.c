/* Damages a guest image's hyperupcall table at random, many times, and checks that the host loader
 * (hu_table_open, then every entry's object) and the guest walker (register.c) never crash, never
 * read outside the table (run under ASan and UBSan) and agree on which tables are well formed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hupcall/huhost.h>

#include "register.h"

static int count_entry(const struct hu_registration *reg, void *cookie)
{
    (void)reg;
    ++*(int *)cookie;
    return 0;
}

/* Values that sit on the boundaries the checks compare against. */
static uint64_t edgy(uint64_t size)
{
    const uint64_t v[] = {0,   1,        7,    8,        16,    111,       112,
                          113, size - 8, size, size + 8, ~0ull, 1ull << 63};
    return v[rand() % (sizeof(v) / sizeof(v[0]))];
}

/* Entry starts of the pristine table: damage lands in a descriptor or its symbols half the time
 * (random bytes elsewhere mostly hit object bytes, which the table checks do not read). */
static size_t starts[64];
static size_t n_starts;

static void damage(unsigned char *t, size_t size)
{
    int n = 1 + rand() % 3;

    while (n--) {
        size_t at = rand() % 2 ? (size_t)rand() % size
                               : (starts[rand() % n_starts] + (size_t)rand() % 160) % size;
        if (rand() % 2 || at + 8 > size) {
            t[at] = (unsigned char)rand();
        } else {
            uint64_t v = edgy(size);
            memcpy(t + (at & ~(size_t)7), &v, 8); /* an aligned 64-bit field */
        }
    }
}

/* Where to cut the table: mostly not at all, else anywhere, or a few bytes past an entry's start
 * (a descriptor cut short, where readers most easily overrun). */
static size_t cut_at(size_t size)
{
    size_t at = starts[rand() % n_starts] + (size_t)rand() % 16;

    switch (rand() % 4) {
    case 0:
        return 1 + (size_t)rand() % (size - 1);
    case 1:
        return at > 0 && at <= size ? at : size;
    default:
        return size;
    }
}

/* The whole image with its section header table damaged: libelf and the table lookup must cope
 * (the table checks then run on whatever they find). Returns how many the host still opened. */
static long damaged_images(const unsigned char *img, unsigned char *copy, size_t len, long n)
{
    uint64_t shoff;
    uint16_t shentsize, shnum;
    long opened = 0;

    memcpy(&shoff, img + 0x28, 8);
    memcpy(&shentsize, img + 0x3a, 2);
    memcpy(&shnum, img + 0x3c, 2);
    if (shoff > len || (uint64_t)shentsize * shnum > len - shoff || !shnum)
        return -1;
    while (n--) {
        struct hu_table t;
        char err[512];

        memcpy(copy, img, len);
        damage(copy + shoff, (size_t)shentsize * shnum);
        opened += !hu_table_open(copy, len, &t, err, sizeof(err));
    }
    return opened;
}

/* Damaged symbol addresses point anywhere: captured variables are not read. */
static hu_u64 read_nothing(hu_u64 addr, hu_u32 size, void *cookie)
{
    (void)addr;
    (void)size;
    (void)cookie;
    return 0;
}

int main(int argc, char **argv)
{
    static char err[512];
    struct hu_table pristine;
    unsigned char *img, *copy;
    size_t len, off;
    long iters, accepted = 0, rejected = 0, disagree = 0, i;
    FILE *f;

    if (argc != 4 || !(f = fopen(argv[1], "rb")))
        return 2;
    iters = atol(argv[2]);
    srand((unsigned)atoi(argv[3]));
    fseek(f, 0, SEEK_END);
    len = (size_t)ftell(f);
    rewind(f);
    img = aligned_alloc(8, (len + 7) & ~(size_t)7);
    copy = aligned_alloc(8, (len + 7) & ~(size_t)7);
    if (!img || !copy || fread(img, 1, len, f) != len)
        return 2;
    fclose(f);
    if (hu_table_open(img, len, &pristine, err, sizeof(err))) {
        fprintf(stderr, "pristine image refused: %s\n", err);
        return 1;
    }
    off = (size_t)(pristine.bytes - img);
    for (const struct hu_table_entry *e = NULL; (e = hu_table_next(&pristine, e)) && n_starts < 64;)
        starts[n_starts++] = (size_t)((const unsigned char *)e - pristine.bytes);
    for (i = 0; i < iters; i++) {
        struct hu_guest_config cfg = {
            .window_base = 0, .window_size = 1ull << 32, .read_var = read_nothing};
        struct hu_table t;
        size_t cut = cut_at(pristine.size);
        int host_ok, guest_n = 0, guest_ret;

        unsigned char *raw = malloc(cut); /* exactly the bytes given: ASan sees any over-read */

        memcpy(copy, img, len);
        damage(copy + off, pristine.size);
        if (!raw)
            return 2;
        memcpy(raw, copy + off, cut);
        host_ok = !hu_table_open(raw, cut, &t, err, sizeof(err));
        if (host_ok) {
            const struct hu_table_entry *e = NULL;
            while ((e = hu_table_next(&t, e))) {
                struct hu_object *obj;
                size_t index;
                if (!hu_table_open_object(e, &obj, &index, err, sizeof(err)))
                    hu_object_close(obj);
            }
        }
        guest_ret = hu_guest_register_table(raw, raw + cut, &cfg, count_entry, &guest_n, NULL);
        free(raw);
        /* The host also refuses duplicate names; the guest walker leaves that policy to it. */
        if ((guest_ret >= 0) != (host_ok || strstr(err, "two entries are named"))) {
            disagree++;
            fprintf(stderr, "disagreement at %ld: host %s, guest %d\n", i,
                    host_ok ? "accepted" : err, guest_ret);
        }
        host_ok ? accepted++ : rejected++;
    }
    printf("fuzz: %ld tables, %ld accepted, %ld rejected, %ld disagreements\n", iters, accepted,
           rejected, disagree);
    printf("fuzz: %ld images with damaged section headers, %ld opened\n", iters / 4,
           damaged_images(img, copy, len, iters / 4));
    free(img);
    free(copy);
    return disagree != 0;
}
