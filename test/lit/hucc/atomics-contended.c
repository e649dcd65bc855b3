// Atomics on 1- and 2-byte guest objects stay exact under contention: the hyperupcall adds to a
// u8 and subtracts from a u16 while a host thread adds to the byte and the u16 next to them in the
// same 8-byte word (Inputs/atomics_contend.c fires it 20000 times). Each is one call of the atomic
// helper, the host's own lock xadd on the object; the cmpxchg tries on the word this replaced gave
// up after four lost races and lost operations here.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %host_cc -std=gnu11 -O2 -I %hupcall_include -I %hupcall_src/host-loader/include %S/Inputs/atomics_contend.c %hupcall_bin/../lib/libhuhost.a -lelf -lpthread -o %t.contend
// RUN: %t.contend %t.o interp 20000 | FileCheck %s
// RUN: %t.contend %t.o jit 20000 | FileCheck %s
// CHECK: exact
#include <hupcall/hupcall.h>

struct word {
    u8 mine, host;
    u16 mine16, host16;
};

HUPCALL(aging)
{
    struct word *w = (struct word *)hu_arg(ctx, 0);
    int i;

    HU_UNROLL for (i = 0; i < 32; i++)
    {
        __sync_fetch_and_add(&w->mine, 1);
        __sync_fetch_and_sub(&w->mine16, 1);
    }
    return 0;
}
