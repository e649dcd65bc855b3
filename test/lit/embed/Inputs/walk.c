/* Runs the guest-side walker (hupcall-libc/guest/register.c) on the host over a table's raw
 * bytes, printing what the guest would register or why it refuses the table. */
#include <stdio.h>
#include <stdlib.h>

#include "register.h"

static int print_registration(const struct hu_registration *reg, void *cookie)
{
    hu_u32 i;

    (void)cookie;
    printf("guest: register %s event=%u object=%llu syms=%u\n", reg->name, reg->event,
           (unsigned long long)reg->object_size, reg->n_syms);
    for (i = 0; i < reg->n_syms; i++)
        if (hu_reg_sym_env_slot(reg, i))
            printf("guest:   env[%u] = %#llx (%s)\n", hu_reg_sym_env_slot(reg, i),
                   (unsigned long long)reg->env[hu_reg_sym_env_slot(reg, i)],
                   hu_reg_sym_name(reg, i));
    return 0;
}

/* Raw bytes hold link-time (or no) addresses: a captured variable reads as its address plus its
 * size, which shows both reached the walker. */
static hu_u64 read_var(hu_u64 addr, hu_u32 size, void *cookie)
{
    (void)cookie;
    return addr + size;
}

int main(int argc, char **argv)
{
    struct hu_guest_config cfg = {
        .window_base = 0, .window_size = 1ull << 32, .read_var = read_var};
    struct hu_guest_error err = {0, 0};
    FILE *f;
    void *buf;
    long len;
    int n;

    if (argc != 2 || !(f = fopen(argv[1], "rb")))
        return 2;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    rewind(f);
    buf = aligned_alloc(HU_TABLE_ALIGN, (size_t)len + HU_TABLE_ALIGN); /* as the image aligns it */
    if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len)
        return 2;
    fclose(f);
    n = hu_guest_register_table(buf, (char *)buf + len, &cfg, print_registration, NULL, &err);
    if (n < 0)
        printf("guest: rejected the table at offset %llu: %s\n", (unsigned long long)err.offset,
               err.why);
    else
        printf("guest: registered %d\n", n);
    free(buf);
    return n < 0;
}
