/* SPDX-License-Identifier: MIT */
/*
 * Guest-side registration: the guest kernel (at boot) or a module (in its init) walks its own
 * hyperupcall table (the hupcalls section the linker script gathers) and hands each hyperupcall to
 * the hypervisor. Freestanding C: no libc, no allocation; the hypercall (or channel) itself is the
 * guest's, passed in as a hook.
 *
 * Per entry the hook gets a struct hu_registration: event, name, window, env[] (the
 * configuration's values with every captured variable's value read at registration), the BPF
 * object and the symbol references. hu_reg_sym_name(), hu_reg_sym_addr() and
 * hu_reg_sym_env_slot() read symbol i; references with env slot 0 are the guest symbols the
 * object's code uses, the ones the host must resolve; the others are captured variables, which the
 * host may receive but never needs (their values are already in env[]).
 */
#ifndef HUPCALL_GUEST_REGISTER_H
#define HUPCALL_GUEST_REGISTER_H

#include <hupcall/table.h>

/* Linux's EINVAL, returned negated for a malformed table or configuration. */
#define HU_GUEST_EINVAL 22

/* Reads a captured variable: `size` (1, 2, 4 or 8) bytes at the running kernel's address `addr`,
 * zero-extended. */
typedef hu_u64 (*hu_guest_read_fn)(hu_u64 addr, hu_u32 size, void *cookie);

/* What the guest grants every hyperupcall it registers. */
struct hu_guest_config {
    hu_u64 window_base;      /* guest virtual address of the window the host may access */
    hu_u64 window_size;      /* a power of two; window_base is aligned to it */
    hu_u64 env[HU_CTX_NENV]; /* handed to the hyperupcall; env[0] is the KASLR slide */
    /* What to add to the table's symbol addresses for the running kernel: the KASLR slide when
     * the table is as linked, 0 when boot-time relocation already slid its absolute relocations
     * (Linux's relocatable x86 kernel does that to every R_X86_64_64, and the module loader to a
     * module's). */
    hu_u64 sym_slide;
    /* How captured variables are read; 0: directly, the guest reading its own memory (a kernel
     * or module registering its own table). The hook's cookie is the walk's. */
    hu_guest_read_fn read_var;
};

/* One registration record, as the host expects it (ABI v1, HU_ABI_VERSION). Pointers are the
 * guest's own; the hook turns the record into whatever its hypercall carries. */
struct hu_registration {
    hu_u32 abi_version; /* HU_ABI_VERSION */
    hu_u32 event;       /* HU_EVENT_* */
    const char *name;   /* the entry function */
    hu_u64 window_base;
    hu_u64 window_size;
    hu_u64 env[HU_CTX_NENV]; /* the configuration's, captured variables' slots filled in */
    /* Symbol references: n_syms of them, read with hu_reg_sym_name/addr/env_slot(reg, i). */
    const struct hu_table_entry *entry;
    hu_u32 n_syms;
    hu_u64 sym_slide;
    const void *object; /* the BPF ELF object */
    hu_u64 object_size;
};

/* Symbol reference i (< reg->n_syms) of a registration: its name, the running kernel's address
 * and its env slot (0: the object references it; else the captured variable's env index). */
static inline const char *hu_reg_sym_name(const struct hu_registration *reg, hu_u32 i)
{
    return hu_table_sym_name(reg->entry, i);
}

static inline hu_u64 hu_reg_sym_addr(const struct hu_registration *reg, hu_u32 i)
{
    return hu_table_syms(reg->entry)[i].addr + reg->sym_slide;
}

static inline hu_u32 hu_reg_sym_env_slot(const struct hu_registration *reg, hu_u32 i)
{
    return hu_table_syms(reg->entry)[i].env_slot;
}

/* The guest's hypercall: 0 when the host accepted the hyperupcall, else a negative error. */
typedef int (*hu_guest_hypercall_fn)(const struct hu_registration *reg, void *cookie);

/* Where and why a walk failed. */
struct hu_guest_error {
    hu_u64 offset;   /* byte offset of the failing entry in the table */
    const char *why; /* the table check's reason, or 0 when the hook refused */
};

/* Checks the whole table [start, stop) first, so a corrupt table registers nothing, then calls
 * `hook` once per entry in table order. Returns the number registered, -HU_GUEST_EINVAL for a bad
 * table or configuration, or the hook's first error; `err` (optional) says where and why. */
int hu_guest_register_table(const void *start, const void *stop, const struct hu_guest_config *cfg,
                            hu_guest_hypercall_fn hook, void *cookie, struct hu_guest_error *err);

/* The same over this image's own table, __start_hupcalls..__stop_hupcalls (none: returns 0). */
int hu_guest_register_all(const struct hu_guest_config *cfg, hu_guest_hypercall_fn hook,
                          void *cookie, struct hu_guest_error *err);

#endif /* HUPCALL_GUEST_REGISTER_H */
