// A frame whose local variables fit in the 512-byte BPF stack (480 bytes: hupcall-check's estimate
// passes) but which the registers the back end spills push over (values live across helper calls,
// which keep only r6-r9). The BPF back end reported "Looks like the BPF stack limit is exceeded.
// Please move large on stack variables into BPF per-cpu array map", once per access beyond the
// limit (8 times here), at the accesses' lines; a hyperupcall has no maps. The plugin reports the
// frame once, at the function's line, with its size and what a hyperupcall can do instead: in
// both routes and under plain clang with the plugin.
// REQUIRES: hucc, plugin
// RUN: not %hucc -c -O2 -g %s -o %t.o 2>&1 | FileCheck %s
// RUN: not test -e %t.o
// RUN: not %hucc --kernel -c -O2 -g %s -o %t.k.o 2>&1 | FileCheck %s
// RUN: not %clang --target=bpf -mcpu=v4 -O2 -g -fpass-plugin=%plugin -I %hupcall_include -D__HUPCALL__ -c %s -o %t.clang.o 2>&1 | FileCheck %s
// CHECK-NOT: per-cpu array map
// CHECK: stack-frame.c:[[@LINE+5]]:{{[01]}}: error: hupcall: stack frame of {{5[1-9][0-9]}} bytes ({{[0-9]+}} of them registers the code keeps there, values live across a call or more values than registers) exceeds the 512-byte BPF stack: keep large data in guest memory and read it through a pointer, keep fewer values across helper calls, or move part of the work into a __attribute__((noinline)) function taking guest pointers and scalars (each call has a frame of its own)
// CHECK-NOT: {{stack frame|per-cpu array map}}
#include <hupcall/hupcall.h>

HUPCALL(exit)
{
    const long *a = (const long *)hu_arg(ctx, 0), *b = a + 8;
    volatile long buf[60];
    long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7];

    HU_UNROLL for (int i = 0; i < 60; i++)
        buf[i] = a0 + i;
    long r = hu_get_exit_info(0);
    long b0 = b[0] * r, b1 = b[1] * r, b2 = b[2] * r, b3 = b[3] * r;
    long b4 = b[4] * r, b5 = b[5] * r, b6 = b[6] * r, b7 = b[7] * r;
    r += hu_get_exit_info(1);
    return buf[0] + buf[59] + a0 * a1 + a2 * a3 + a4 * a5 + a6 * a7 +
           r * (b0 + b1 * b2 + b3 * b4 + b5 * b6 + b7) + a1 * b0 + a2 * b1 + a3 * b2 + a4 * b3 +
           a5 * b4 + a6 * b5 + a7 * b6;
}
