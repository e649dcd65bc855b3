/* SPDX-License-Identifier: MIT */
/*
 * protect: two hyperupcalls that enforce the guest's own memory protection policy in the
 * hypervisor, where a compromised guest kernel cannot switch it off (the paper's protection use
 * case).
 *   exit: an EPT write violation on a protected guest range is allowed only when the faulting
 *         instruction lies in a whitelisted writer range; r0 = 1 denies it.
 *   map:  a writable mapping of a kernel text frame is refused; r0 = 1 denies it.
 */
#include <hupcall/hupcall.h>

#include "protect.h"

extern struct protect_range protected_ranges[PROTECT_MAX_RANGES];
extern unsigned int nr_protected_ranges;
extern struct protect_range writer_ranges[PROTECT_MAX_RANGES];
extern unsigned int nr_writer_ranges;
extern char _stext[], _etext[];
extern unsigned long phys_base;

static int in_ranges(const struct protect_range *r, unsigned int n, unsigned long addr)
{
    unsigned int i;

    hu_for_bounded(i, n, PROTECT_MAX_RANGES)
    {
        if (addr >= READ_ONCE(r[i].start) && addr < READ_ONCE(r[i].end))
            return 1;
    }
    return 0;
}

HUPCALL_NAMED(exit, protect_exit)
{
    unsigned long qual = hu_exit_qualification(ctx);
    unsigned long gva;

    if (hu_exit_reason(ctx) != EXIT_REASON_EPT_VIOLATION)
        return PROTECT_ALLOW;
    if (!(qual & EPT_VIOLATION_ACC_WRITE) || !(qual & EPT_VIOLATION_GVA_IS_VALID))
        return PROTECT_ALLOW;
    gva = hu_get_exit_info(HU_EXIT_INFO_GVA);
    if (!in_ranges(protected_ranges, READ_ONCE(nr_protected_ranges), gva))
        return PROTECT_ALLOW;
    if (in_ranges(writer_ranges, READ_ONCE(nr_writer_ranges), hu_rip(ctx)))
        return PROTECT_ALLOW;
    return PROTECT_DENY;
}

static unsigned long __pa_symbol(const char *x)
{
    return (unsigned long)x - __START_KERNEL_map + READ_ONCE(phys_base);
}

HUPCALL_NAMED(map, protect_map)
{
    unsigned long pfn = hu_map_gpa(ctx) >> PAGE_SHIFT;
    unsigned long text_first = __pa_symbol(_stext) >> PAGE_SHIFT;
    unsigned long text_end = (__pa_symbol(_etext) + (1ul << PAGE_SHIFT) - 1) >> PAGE_SHIFT;

    if (!(hu_map_access(ctx) & _PAGE_RW))
        return PROTECT_ALLOW;
    return pfn >= text_first && pfn < text_end ? PROTECT_DENY : PROTECT_ALLOW;
}
