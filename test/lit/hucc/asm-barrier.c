// The kernel's compiler barrier, `asm volatile("" ::: "memory")`, compiles in the BPF route too
// (it emits no instruction); inline assembly with instructions stays an error.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=u64:5
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// 5 + 1, read back after the barrier: 6 * 10 + 5.
// CHECK: r0 = 0x41{{$}}
// RUN: not %hucc -DREAL_ASM -c -O2 -g %s -o %t.bad.o 2>&1 | FileCheck %s --check-prefix=REAL
// REAL: asm-barrier.c:[[@LINE+12]]:5: error: hupcall: inline assembly is not allowed in a hyperupcall
#include <hupcall/hupcall.h>

#define kernel_barrier() __asm__ __volatile__("" : : : "memory")

HUPCALL(aging)
{
    long *p = (long *)hu_arg(ctx, 0);
    long old = *p;

    *p = old + 1;
#ifdef REAL_ASM
    __asm__ __volatile__("r0 = 0" : : : "r0");
#endif
    kernel_barrier();
    return *p * 10 + old;
}
