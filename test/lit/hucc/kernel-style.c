// A file written like kernel code (Inputs/runq.c: container_of, list_for_each_entry, per_cpu,
// test_bit, READ_ONCE, cpumask, static key, try-lock) compiles through hucc in both routes, is
// verified, and its object is what the loader expects: one section per entry, guest symbols as
// relocations on ld_imm64, the atomic helper (9) for the try-lock's 4-byte cmpxchg, and no back edge.
// REQUIRES: hucc, plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: %hucc -c %S/Inputs/runq.c -o %t/runq.o
// RUN: llvm-readelf -h -S %t/runq.o | FileCheck %s --check-prefix=ELF
// RUN: llvm-objdump -dr %t/runq.o | FileCheck %s
// RUN: llvm-objdump -d %t/runq.o | FileCheck %s --check-prefix=NOLOOP
// RUN: %hucc --kernel -c %S/Inputs/runq.c -o %t/runq-kernel.o
// RUN: llvm-objdump -dr %t/runq-kernel.o | FileCheck %s
// RUN: llvm-objdump -d %t/runq-kernel.o | FileCheck %s --check-prefix=NOLOOP

// ELF: Machine: EM_BPF
// ELF-DAG: hupcall/preempt
// ELF-DAG: hupcall/reclaim
// ELF-DAG: .BTF
// ELF-DAG: .debug_line

// CHECK-LABEL: Disassembly of section hupcall/preempt:
// CHECK: <hupcall_preempt>:
// The context's hva (offset 8) and mask (offset 24) are loaded to translate guest accesses.
// CHECK-DAG: = *(u64 *)(r{{[0-9]}} + 0x8)
// CHECK-DAG: = *(u64 *)(r{{[0-9]}} + 0x18)
// CHECK-DAG: R_BPF_64_64 rq_lock
// CHECK-DAG: call 0x9
// CHECK-DAG: R_BPF_64_64 __per_cpu_offset
// CHECK-DAG: R_BPF_64_64 runqueues
// CHECK-DAG: R_BPF_64_64 sched_pinning
// CHECK-DAG: R_BPF_64_64 online_mask
// CHECK-DAG: R_BPF_64_64 idle_bitmap
// CHECK-LABEL: Disassembly of section hupcall/reclaim:
// CHECK: <hupcall_reclaim>:
// CHECK: exit

// Every loop of the walks was unrolled: no backward jump anywhere.
// NOLOOP: file format elf64-bpf
// NOLOOP-NOT: goto -
