/* SPDX-License-Identifier: MIT */
/*
 * Alignment and pages as the kernel's linux/align.h and x86's asm/page_types.h define them
 * (HU_PAGE_SIZE: 4 KiB pages). Masking the low bits off a guest pointer (PTR_ALIGN, `& PAGE_MASK`)
 * is an ordinary guest pointer to the pass, which bounds the access it leads to.
 */
#ifndef HUPCALL_ALIGN_H
#define HUPCALL_ALIGN_H

#define HU_PAGE_SHIFT 12
#define HU_PAGE_SIZE (1UL << HU_PAGE_SHIFT)
#define HU_PAGE_MASK (~(HU_PAGE_SIZE - 1))

/* `x` rounded up (down) to a multiple of the power of two `a`, in x's type. */
#define HU_ALIGN_MASK_(x, mask) (((x) + (mask)) & ~(mask))
#define HU_ALIGN(x, a) HU_ALIGN_MASK_(x, (__typeof__(x))(a)-1)
#define HU_ALIGN_DOWN(x, a) HU_ALIGN((x) - ((a)-1), (a))
#define HU_PTR_ALIGN(p, a) ((__typeof__(p))HU_ALIGN((unsigned long)(p), (a)))
#define HU_PTR_ALIGN_DOWN(p, a) ((__typeof__(p))HU_ALIGN_DOWN((unsigned long)(p), (a)))
#define HU_IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)

/* PAGE_SHIFT, PAGE_SIZE and PAGE_MASK are left to the guest's headers or the hyperupcall's own
 * definitions (reused code often defines them), so the kernel names here are only those below. */
#ifndef HU_NO_KERNEL_NAMES
#define ALIGN HU_ALIGN
#define ALIGN_DOWN HU_ALIGN_DOWN
#define PTR_ALIGN HU_PTR_ALIGN
#define PTR_ALIGN_DOWN HU_PTR_ALIGN_DOWN
#define IS_ALIGNED HU_IS_ALIGNED
#endif

#endif /* HUPCALL_ALIGN_H */
