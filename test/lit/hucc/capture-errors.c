// Captured variables the compiler cannot turn into env[] reads are errors naming them: written,
// address taken, read in a function other code may call, too large for a slot, more than seven;
// nothing is written. A static function that reads one is inlined into the entry even when the
// inliner would not (here: noinline, two levels deep), so the read becomes env[1].
// REQUIRES: hucc, plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: not %hucc -DWRITE -c %s -o %t/w.o 2>&1 | FileCheck %s --check-prefix=WRITE
// WRITE: error: hupcall: captured variable 'base' is only read: its address is not in the window
// RUN: not %hucc -DADDRESS -c %s -o %t/a.o 2>&1 | FileCheck %s --check-prefix=ADDRESS
// ADDRESS: error: hupcall: captured variable 'base' is only read: its address is not in the window
// RUN: %hucc -DCALLEE -c %s -o %t/c.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t/c.o | FileCheck %s --check-prefix=CALLEE
// CALLEE: <hupcall_reclaim>:
// CALLEE-NOT: {{[[:space:]]call }}
// CALLEE: = *(u64 *)(r1 + 0x60)
// CALLEE-NOT: {{[[:space:]]call }}
// CALLEE-NOT: R_BPF_64_64
// RUN: not %hucc -DEXTERN -c %s -o %t/e.o 2>&1 | FileCheck %s --check-prefix=EXTERN
// EXTERN: capture-errors.c:[[#@LINE+30]]:{{[0-9]+}}: error: hupcall: captured variable 'base' read in 'lookup_global', which code outside the hyperupcall entries may call (make it static)
// RUN: not %hucc -DLARGE -c %s -o %t/l.o 2>&1 | FileCheck %s --check-prefix=LARGE
// LARGE: error: hupcall: captured variable 'pair' is 16 bytes; only 1, 2, 4 or 8 bytes fit an env slot
// RUN: not %hucc -DMANY -c %s -o %t/m.o 2>&1 | FileCheck %s --check-prefix=MANY
// MANY: error: hupcall: captured variable 'v7' is the 8th capture; env[1..7] hold 7
// RUN: not test -e %t/w.o
// RUN: not test -e %t/a.o
// RUN: not test -e %t/e.o
// RUN: not test -e %t/l.o
// RUN: not test -e %t/m.o
#include <hupcall/capture.h>
#include <hupcall/hupcall.h>

extern unsigned long base;
HU_CAPTURE(base);

#ifdef CALLEE
__attribute__((noinline)) static unsigned long lookup(unsigned long i)
{
    return *(unsigned long *)(base + i * 8);
}

__attribute__((noinline)) static unsigned long lookup_twice(unsigned long i)
{
    return lookup(i) + lookup(i + 1);
}
#endif
#ifdef EXTERN
unsigned long lookup_global(unsigned long i)
{
    return *(unsigned long *)(base + i * 8);
}
#endif
#ifdef LARGE
extern struct {
    unsigned long a, b;
} pair;
HU_CAPTURE(pair);
#endif
#ifdef MANY
extern unsigned long v0, v1, v2, v3, v4, v5, v6, v7;
HU_CAPTURE(v0);
HU_CAPTURE(v1);
HU_CAPTURE(v2);
HU_CAPTURE(v3);
HU_CAPTURE(v4);
HU_CAPTURE(v5);
HU_CAPTURE(v6);
HU_CAPTURE(v7);
#endif

HUPCALL(reclaim)
{
#ifdef WRITE
    base = 1;
#endif
#ifdef ADDRESS
    return (unsigned long)&base;
#endif
#ifdef CALLEE
    return lookup_twice(hu_reclaim_gfn(ctx));
#endif
    return *(unsigned long *)(base + hu_reclaim_gfn(ctx));
}
