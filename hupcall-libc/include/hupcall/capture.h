/* SPDX-License-Identifier: MIT */
/*
 * Captured variables: guest kernel variables a hyperupcall reads whose value is fixed once the
 * guest has booted (vmemmap_base, page_offset_base, ...), but which live outside the hyperupcall's
 * window, typically in the kernel image far from the data they describe.
 *
 *     #include <linux/mm.h>
 *     #include <hupcall/hupcall.h>
 *
 *     HU_CAPTURE(vmemmap_base);     (at file scope, after the variable's declaration)
 *
 * The compiler (the plugin's hupcall-capture pass) gives each captured variable an env slot
 * (1, 2, ... in the order of the HU_CAPTURE lines; env[0] stays the KASLR slide), turns every read
 * of it into a read of ctx->env[slot], and records the capture in the object's HU_CAPTURE_SECTION
 * section. `hucc --embed` copies those records into the guest's hyperupcall table, and the guest's
 * registration code (hupcall-libc/guest/register.c) reads each variable when it registers and
 * passes its value in env[slot]. So the kernel's own inline functions read such variables
 * unchanged, and the window holds only the data they point to. docs/guest-integration.md weighs
 * the alternatives.
 *
 * A captured variable is read, never written or addressed, in entries or in static functions
 * (which the compiler inlines into the entries), and is 1, 2, 4 or 8 bytes: anything else is a
 * compile error naming it.
 */
#ifndef HUPCALL_CAPTURE_H
#define HUPCALL_CAPTURE_H

#include <hupcall/abi.h>

#define HU_CAPTURE_SECTION "hupcall_env"
#define HU_CAPTURE_NAME_MAX 56 /* the variable's name, NUL-terminated */

/* One record of HU_CAPTURE_SECTION in a compiled object: the variable env[env_slot] holds. */
struct hu_capture_record {
    hu_u16 env_slot; /* 1 .. HU_CTX_NENV - 1 */
    hu_u16 env_size; /* 1, 2, 4 or 8 bytes, read at the variable's address, zero-extended */
    hu_u32 reserved; /* 0 */
    char name[HU_CAPTURE_NAME_MAX];
};

#define HU_CAPTURE_RECORD_SIZE 64
HU_STATIC_ASSERT(sizeof(struct hu_capture_record) == HU_CAPTURE_RECORD_SIZE, "capture record");

/* Natively (HUPCALL_NATIVE, the samples' reference builds) the variable is simply read. */
#ifdef HUPCALL_NATIVE
#define HU_CAPTURE(var) HU_STATIC_ASSERT(sizeof(var) <= 8, "captured variable")
#else
/* The pass finds the capture by its section and replaces it with a record. */
#define HU_CAPTURE(var)                                                                            \
    static const void *const __hu_capture_##var                                                    \
        __attribute__((section(HU_CAPTURE_SECTION), used)) = &(var)
#endif

#endif /* HUPCALL_CAPTURE_H */
