/* SPDX-License-Identifier: MIT */
/*
 * The guest's self-protection tables and the x86 encodings the protect hyperupcalls read.
 *
 * The guest publishes ranges of its memory that must not be written (its read-only-after-init
 * data, page tables, credentials - as proposed by Hypervisor-Enforced Kernel Integrity) and the
 * code ranges allowed to write them anyway (text_poke() and friends). Kernel text is the range
 * [_stext, _etext) of the image, at the physical address __pa_symbol() gives
 * (arch/x86/include/asm/page_64.h: x - __START_KERNEL_map + phys_base).
 *
 * Shared by the hyperupcalls (compiled by hucc) and the guest model generator (host C).
 */
#ifndef SAMPLE_PROTECT_H
#define SAMPLE_PROTECT_H

#define PROTECT_MAX_RANGES 16

struct protect_range {
    unsigned long start; /* first byte */
    unsigned long end;   /* one past the last byte */
};

/* arch/x86/include/uapi/asm/vmx.h, arch/x86/include/asm/vmx.h */
#define EXIT_REASON_EPT_VIOLATION 48
#define EPT_VIOLATION_ACC_WRITE (1ul << 1)
#define EPT_VIOLATION_GVA_IS_VALID (1ul << 7)

/* arch/x86/include/asm/pgtable_types.h, page_64_types.h */
#define _PAGE_PRESENT (1ul << 0)
#define _PAGE_RW (1ul << 1)
#define _PAGE_NX (1ul << 63)
#define PAGE_SHIFT 12
#define __START_KERNEL_map 0xffffffff80000000ul

/* r0 of both hyperupcalls */
#define PROTECT_ALLOW 0
#define PROTECT_DENY 1

#endif /* SAMPLE_PROTECT_H */
