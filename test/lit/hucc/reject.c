// Every construct a hyperupcall may not contain is rejected by hucc at compile time, at its
// source line, with exit 1 and no output file left behind. The diagnostics come from the pass
// plugin (and, for spin_lock, from the framework headers).
// REQUIRES: hucc, plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: not %hucc -DLOOP -c %s -o %t/loop.o 2>&1 | FileCheck %s --check-prefix=LOOP
// RUN: not test -e %t/loop.o
// RUN: not %hucc -DFNPTR -c %s -o %t/fnptr.o 2>&1 | FileCheck %s --check-prefix=FNPTR
// RUN: not test -e %t/fnptr.o
// RUN: not %hucc -DSTATIC -c %s -o %t/static.o 2>&1 | FileCheck %s --check-prefix=STATIC
// RUN: not test -e %t/static.o
// RUN: not %hucc -DASM -c %s -o %t/asm.o 2>&1 | FileCheck %s --check-prefix=ASM
// RUN: not test -e %t/asm.o
// RUN: not %hucc -DSTACK -c %s -o %t/stack.o 2>&1 | FileCheck %s --check-prefix=STACK
// RUN: not test -e %t/stack.o
// RUN: not %hucc -DSTACK -c %s -o %t/stack.o 2>&1 | FileCheck %s --check-prefix=ONCE
// RUN: not %hucc -DSPIN -c %s -o %t/spin.o 2>&1 | FileCheck %s --check-prefix=SPIN
// RUN: not test -e %t/spin.o
// Kernel mode reports the pass's diagnostics the same way.
// RUN: not %hucc --kernel -DLOOP -c %s -o %t/kloop.o 2>&1 | FileCheck %s --check-prefix=LOOP
// RUN: not test -e %t/kloop.o
// RUN: not %hucc --kernel -DSTACK -c %s -o %t/kstack.o 2>&1 | FileCheck %s --check-prefix=STACK
// RUN: not %hucc --kernel -DSTACK -c %s -o %t/kstack.o 2>&1 | FileCheck %s --check-prefix=ONCE
// A failed compile also removes an output left by an earlier, successful one.
// RUN: %hucc -c %s -o %t/stale.o
// RUN: not %hucc -DLOOP -c %s -o %t/stale.o
// RUN: not test -e %t/stale.o
#include <hupcall/hupcall.h>

struct node {
    struct node *next;
    long v;
};
extern struct node *head;
extern long (*guest_fn)(long);
extern spinlock_t guest_lock;

// The frame's message is at the function's line in both routes (kernel mode printed <unknown>:0:0).
// STACK-DAG: reject.c:[[@LINE+2]]:{{[01]}}: error: hupcall: stack frame of about {{[0-9]+}} bytes {{.*}}: keep large data in guest memory and read it through a pointer, or copy a part at a time (a hyperupcall has no maps)
HUPCALL(reclaim)
{
    long s = 0;
#ifdef LOOP
    // LOOP: reject.c:[[@LINE+1]]:5: error: hupcall: loop survives optimisation
    for (struct node *n = head; n; n = n->next)
        s += n->v;
#endif
#ifdef FNPTR
    // FNPTR: reject.c:[[@LINE+1]]:10: error: hupcall: indirect call
    s += guest_fn(1);
#endif
#ifdef STATIC
    static long calls;
    // STATIC: reject.c:[[@LINE+1]]:{{[0-9]+}}: error: hupcall: writable global or static variable '{{.*}}calls'
    calls++;
    s += calls;
#endif
#ifdef ASM
    // ASM: reject.c:[[@LINE+1]]:5: error: hupcall: inline assembly is not allowed
    asm volatile("r0 = 1");
#endif
#ifdef STACK
    // One message per function for the two variable indices, with what to write instead:
    // STACK-DAG: reject.c:[[@LINE+4]]:{{[0-9]+}}: error: hupcall: stack array indexed by a variable: {{.*}}; select the element with constant indices (a switch, or HU_UNROLL for (k = 0; k < N; k++) if (k == i) v = a[k];) or read it from guest memory
    // ONCE: stack array indexed by a variable
    // ONCE-NOT: {{stack array indexed by a variable|per-cpu array map}}
    volatile char buf[600];
    buf[hu_reclaim_gfn(ctx) % 600] = 1;
    s += buf[(hu_reclaim_gfn(ctx) + 1) % 600];
#endif
#ifdef SPIN
    // SPIN: reject.c:[[@LINE+1]]:5: error: call to 'hu_spin_lock_unavailable' declared with 'error' attribute: a hyperupcall never spins
    spin_lock(&guest_lock);
#endif
    return s + hu_reclaim_gfn(ctx);
}
