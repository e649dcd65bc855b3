/* SPDX-License-Identifier: MIT */
/*
 * The native half of an idiom test with several entries: the test defines idiom_fill(mem, base),
 * which lays its guest data out in `mem` with every pointer written as `base` + offset, and
 * IDIOM_ENTRIES, a list of X(name). `prog image FILE` writes the bytes laid out at the guest
 * base, for hu-load mkimage; `prog` runs each entry natively over its own fresh copy laid out at
 * its own address and prints `name: r0 = VALUE`, the lines Inputs/idiom-run.sh prints for an
 * engine, so the two outputs are compared with diff.
 */
#ifndef IDIOM_MAIN_H
#define IDIOM_MAIN_H

#include <stdio.h>
#include <string.h>

#define IDIOM_BASE 0xffff888000000000UL
#define IDIOM_SIZE 0x4000UL

#define IDIOM_DECLARE(name) long name(const struct hu_ctx *ctx);
IDIOM_ENTRIES(IDIOM_DECLARE)

struct idiom_entry {
    const char *name;
    long (*fn)(const struct hu_ctx *ctx);
};

static unsigned char idiom_mem[IDIOM_SIZE] __attribute__((aligned(4096)));

int main(int argc, char **argv)
{
#define IDIOM_ROW(name) {#name, name},
    static const struct idiom_entry entries[] = {IDIOM_ENTRIES(IDIOM_ROW)};
    struct hu_ctx ctx;
    size_t i;

    if (argc == 3 && !strcmp(argv[1], "image")) {
        FILE *f = fopen(argv[2], "wb");

        idiom_fill(idiom_mem, IDIOM_BASE);
        if (!f || fwrite(idiom_mem, 1, IDIOM_SIZE, f) != IDIOM_SIZE || fclose(f))
            return 1;
        return 0;
    }
    for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
        memset(idiom_mem, 0, IDIOM_SIZE);
        idiom_fill(idiom_mem, (unsigned long)idiom_mem);
        memset(&ctx, 0, sizeof(ctx));
        ctx.args[0] = (unsigned long)idiom_mem;
        printf("%s: r0 = %#lx\n", entries[i].name, (unsigned long)entries[i].fn(&ctx));
    }
    return 0;
}

#endif /* IDIOM_MAIN_H */
