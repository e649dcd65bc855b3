/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU variables of the guest, the x86-64 SMP way: a per-CPU symbol's address is an offset
 * into the per-CPU area, and CPU n's copy lives at that offset plus __per_cpu_offset[n]. Both
 * are guest symbols the loader resolves at registration. There is no "this CPU" in a
 * hyperupcall: name the CPU (for a local event, hu_vcpu_id(ctx)).
 */
#ifndef HUPCALL_PERCPU_H
#define HUPCALL_PERCPU_H

#include <hupcall/compiler.h>

#ifndef HU_NR_CPUS
#define HU_NR_CPUS 64
#endif

extern unsigned long __per_cpu_offset[];

/* CPU `cpu`'s copy of the per-CPU object at `ptr`. */
#define hu_per_cpu_ptr(ptr, cpu)                                                                   \
    ((__typeof__(ptr))((unsigned long)(ptr) + READ_ONCE(__per_cpu_offset[(cpu)])))
#define hu_per_cpu(var, cpu) (*hu_per_cpu_ptr(&(var), cpu))

#ifndef HU_NO_KERNEL_NAMES
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name
#define per_cpu_ptr hu_per_cpu_ptr
#define per_cpu hu_per_cpu
#endif

#endif /* HUPCALL_PERCPU_H */
