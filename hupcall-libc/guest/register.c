/* SPDX-License-Identifier: MIT */
/* Guest-side registration: walks the hyperupcall table and calls the guest's hypercall hook.
 * Freestanding (-ffreestanding -nostdlib): no libc calls, no globals written. */
#include "register.h"

/* Weak, so an image without any hyperupcall (and without the linker script) still links. */
extern const char __start_hupcalls[] __attribute__((weak));
extern const char __stop_hupcalls[] __attribute__((weak));

static int fail(struct hu_guest_error *err, hu_u64 offset, const char *why)
{
    if (err) {
        err->offset = offset;
        err->why = why;
    }
    return -HU_GUEST_EINVAL;
}

/* The host rejects these too; checking here reports the guest's mistake at its own boot. */
static const char *config_invalid(const struct hu_guest_config *cfg)
{
    if (cfg->window_size == 0 || (cfg->window_size & (cfg->window_size - 1)))
        return "window size is not a power of two";
    if (cfg->window_base & (cfg->window_size - 1))
        return "window base is not aligned to the window size";
    return 0;
}

/* Every entry of [start, start + size) well formed and the entries tiling it exactly. */
static int check_table(const char *start, hu_u64 size, struct hu_guest_error *err)
{
    hu_u64 off = 0;

    if ((hu_u64)(__UINTPTR_TYPE__)start % HU_TABLE_ALIGN)
        return fail(err, 0, "table start is not 8-byte aligned");
    while (off < size) {
        const char *why = hu_table_entry_invalid(start + off, size - off);
        if (why)
            return fail(err, off, why);
        off += ((const struct hu_table_entry *)(start + off))->entry_size;
    }
    return 0;
}

/* The guest's own variable, read once: the kernel may change it, the registration keeps one value.
 */
static hu_u64 read_own(hu_u64 addr, hu_u32 size)
{
    const volatile void *p = (const volatile void *)(__UINTPTR_TYPE__)addr;

    switch (size) {
    case 1:
        return *(const volatile hu_u8 *)p;
    case 2:
        return *(const volatile hu_u16 *)p;
    case 4:
        return *(const volatile hu_u32 *)p;
    default:
        return *(const volatile hu_u64 *)p;
    }
}

/* env[slot] = the value of every captured variable (a checked entry: slots and sizes valid). */
static void capture_env(struct hu_registration *reg, const struct hu_guest_config *cfg,
                        void *cookie)
{
    const struct hu_table_sym *syms = hu_table_syms(reg->entry);
    hu_u32 i;

    for (i = 0; i < reg->n_syms; i++) {
        hu_u64 addr = syms[i].addr + reg->sym_slide;

        if (!syms[i].env_slot)
            continue;
        reg->env[syms[i].env_slot] = cfg->read_var ? cfg->read_var(addr, syms[i].env_size, cookie)
                                                   : read_own(addr, syms[i].env_size);
    }
}

static void fill_record(struct hu_registration *reg, const struct hu_table_entry *e,
                        const struct hu_guest_config *cfg, void *cookie)
{
    int i;

    reg->abi_version = e->abi_version;
    reg->event = e->event;
    reg->name = e->name;
    reg->window_base = cfg->window_base;
    reg->window_size = cfg->window_size;
    for (i = 0; i < HU_CTX_NENV; i++)
        reg->env[i] = cfg->env[i];
    reg->entry = e;
    reg->n_syms = e->n_syms;
    reg->sym_slide = cfg->sym_slide;
    reg->object = hu_table_object(e);
    reg->object_size = e->object_size;
    capture_env(reg, cfg, cookie);
}

int hu_guest_register_table(const void *start, const void *stop, const struct hu_guest_config *cfg,
                            hu_guest_hypercall_fn hook, void *cookie, struct hu_guest_error *err)
{
    const char *base = start;
    hu_u64 size, off;
    const char *why;
    int n = 0, ret;

    if (!start || !stop || (const char *)stop < base)
        return fail(err, 0, "table bounds are inverted or missing");
    if (!cfg || !hook)
        return fail(err, 0, "no configuration or hypercall hook");
    why = config_invalid(cfg);
    if (why)
        return fail(err, 0, why);
    size = (hu_u64)((const char *)stop - base);
    ret = check_table(base, size, err);
    if (ret)
        return ret;
    for (off = 0; off < size; n++) {
        const struct hu_table_entry *e = (const struct hu_table_entry *)(base + off);
        struct hu_registration reg;

        fill_record(&reg, e, cfg, cookie);
        ret = hook(&reg, cookie);
        if (ret) {
            if (err) {
                err->offset = off;
                err->why = 0;
            }
            return ret < 0 ? ret : -HU_GUEST_EINVAL;
        }
        off += e->entry_size;
    }
    return n;
}

int hu_guest_register_all(const struct hu_guest_config *cfg, hu_guest_hypercall_fn hook,
                          void *cookie, struct hu_guest_error *err)
{
    if (!__start_hupcalls || !__stop_hupcalls)
        return 0;
    return hu_guest_register_table(__start_hupcalls, __stop_hupcalls, cfg, hook, cookie, err);
}
