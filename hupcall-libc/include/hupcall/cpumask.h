/* SPDX-License-Identifier: MIT */
/*
 * CPU masks of the guest, HU_NR_CPUS bits wide, iterated with a bound. The hu_ forms take any
 * mask with a `bits` array, the kernel's struct cpumask included.
 */
#ifndef HUPCALL_CPUMASK_H
#define HUPCALL_CPUMASK_H

#include <hupcall/bitops.h>
#include <hupcall/percpu.h>

#if HU_NR_CPUS > HU_BITMAP_MAX_BITS
#error "HU_NR_CPUS exceeds HU_BITMAP_MAX_BITS: raise HU_BITMAP_MAX_BITS"
#endif

#define hu_cpumask_test_cpu(cpu, mask) hu_test_bit(cpu, (mask)->bits)
#define hu_cpumask_first(mask) hu_find_first_bit((mask)->bits, HU_NR_CPUS)
#define hu_cpumask_next(n, mask) hu_find_next_bit((mask)->bits, HU_NR_CPUS, (n) + 1)
#define hu_for_each_cpu(cpu, mask) hu_for_each_set_bit(cpu, (mask)->bits, HU_NR_CPUS)

#ifndef HU_NO_KERNEL_NAMES
struct cpumask {
    unsigned long bits[HU_BITS_TO_LONGS(HU_NR_CPUS)];
};
/* The guest's CPU masks (kernel/cpu.c), guest symbols. */
extern struct cpumask __cpu_online_mask, __cpu_possible_mask;
#define cpu_online_mask (&__cpu_online_mask)
#define cpu_possible_mask (&__cpu_possible_mask)
#define for_each_online_cpu(cpu) hu_for_each_cpu(cpu, cpu_online_mask)
#define for_each_possible_cpu(cpu) hu_for_each_cpu(cpu, cpu_possible_mask)
#define cpumask_bits(maskp) ((maskp)->bits)
#define cpumask_test_cpu hu_cpumask_test_cpu
#define cpumask_first hu_cpumask_first
#define cpumask_next hu_cpumask_next
#define for_each_cpu hu_for_each_cpu
#endif

#endif /* HUPCALL_CPUMASK_H */
