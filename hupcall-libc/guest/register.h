/* SPDX-License-Identifier: MIT */
/*
 * Guest-side registration: at boot the guest kernel walks its hyperupcall table (the hupcalls
 * section the linker script gathers) and hands each hyperupcall to the hypervisor. Freestanding C:
 * no libc, no allocation; the hypercall itself is the guest's, passed in as a hook.
 */
#ifndef HUPCALL_GUEST_REGISTER_H
#define HUPCALL_GUEST_REGISTER_H

#include <hupcall/table.h>

/* Linux's EINVAL, returned negated for a malformed table or configuration. */
#define HU_GUEST_EINVAL 22

/* What the guest grants every hyperupcall it registers. */
struct hu_guest_config {
    hu_u64 window_base;      /* guest virtual address of the window the host may access */
    hu_u64 window_size;      /* a power of two; window_base is aligned to it */
    hu_u64 env[HU_CTX_NENV]; /* handed to the hyperupcall; env[0] is the KASLR slide */
    /* What to add to the table's symbol addresses for the running kernel: the KASLR slide when
     * the table is as linked, 0 when boot-time relocation already slid its absolute relocations
     * (Linux's relocatable x86 kernel does that to every R_X86_64_64). */
    hu_u64 sym_slide;
};

/* One registration record, as the host expects it (DESIGN.md, "ABI v1"). Pointers are the
 * guest's own; the hook turns the record into whatever its hypercall carries. */
struct hu_registration {
    hu_u32 abi_version; /* HU_ABI_VERSION */
    hu_u32 event;       /* HU_EVENT_* */
    const char *name;   /* the entry function */
    hu_u64 window_base;
    hu_u64 window_size;
    hu_u64 env[HU_CTX_NENV];
    /* Symbol references: n_syms of them, read with hu_table_syms(entry) and
     * hu_table_sym_name(entry, i); each address plus sym_slide is the running kernel's. */
    const struct hu_table_entry *entry;
    hu_u32 n_syms;
    hu_u64 sym_slide;
    const void *object; /* the BPF ELF object */
    hu_u64 object_size;
};

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
