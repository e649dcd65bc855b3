/* SPDX-License-Identifier: MIT */
/* CPU masks of the guest, HU_NR_CPUS bits wide, iterated with a bound. */
#ifndef HUPCALL_CPUMASK_H
#define HUPCALL_CPUMASK_H

#include <hupcall/bitops.h>
#include <hupcall/percpu.h>

#if HU_NR_CPUS > HU_BITMAP_MAX_BITS
#error "HU_NR_CPUS exceeds HU_BITMAP_MAX_BITS: raise HU_BITMAP_MAX_BITS"
#endif

#ifndef _LINUX_TYPES_H
struct cpumask {
    unsigned long bits[BITS_TO_LONGS(HU_NR_CPUS)];
};
#endif

#define cpumask_bits(maskp) ((maskp)->bits)
#define cpumask_test_cpu(cpu, mask) test_bit(cpu, cpumask_bits(mask))
#define cpumask_first(mask) find_first_bit(cpumask_bits(mask), HU_NR_CPUS)
#define cpumask_next(n, mask) find_next_bit(cpumask_bits(mask), HU_NR_CPUS, (n) + 1)
#define for_each_cpu(cpu, mask) for_each_set_bit(cpu, cpumask_bits(mask), HU_NR_CPUS)

#endif /* HUPCALL_CPUMASK_H */
