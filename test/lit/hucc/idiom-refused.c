// Kernel idioms a hyperupcall still refuses, each with the message printed at its line and what
// to write instead (docs/framework.md, "Still refused"): nothing is written.
// REQUIRES: hucc, plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: not %hucc -mcpu=v3 -DSDIV -c -O2 -g %s -o %t/sdiv.o 2>&1 | FileCheck %s --check-prefix=SDIV
// RUN: not %hucc -DFNVAL -c -O2 -g %s -o %t/fnval.o 2>&1 | FileCheck %s --check-prefix=FNVAL
// RUN: not %hucc -DFADD -c -O2 -g %s -o %t/fadd.o 2>&1 | FileCheck %s --check-prefix=FADD
// RUN: not %hucc -DSTRCMP -c -O2 -g %s -o %t/strcmp.o 2>&1 | FileCheck %s --check-prefix=STRCMP
// RUN: not %hucc -DMEMCMP -c -O2 -g %s -o %t/memcmp.o 2>&1 | FileCheck %s --check-prefix=MEMCMP
// RUN: not %hucc -DBITMAP -c -O2 -g %s -o %t/bitmap.o 2>&1 | FileCheck %s --check-prefix=BITMAP
// RUN: not %hucc -DFINDBIT -c -O2 -g %s -o %t/findbit.o 2>&1 | FileCheck %s --check-prefix=FINDBIT
// RUN: not %hucc -DSTACKIDX -c -O2 -g %s -o %t/stackidx.o 2>&1 | FileCheck %s --check-prefix=STACKIDX
// RUN: not %hucc -DLOCALPTR -c -O2 -g %s -o %t/localptr.o 2>&1 | FileCheck %s --check-prefix=LOCALPTR
// RUN: not %hucc -DLOOP -c -O2 -g %s -o %t/loop.o 2>&1 | FileCheck %s --check-prefix=LOOP
// RUN: not %hucc -DINDIRECT -c -O2 -g %s -o %t/indirect.o 2>&1 | FileCheck %s --check-prefix=INDIRECT
// RUN: not %hucc -DSPIN -c -O2 -g %s -o %t/spin.o 2>&1 | FileCheck %s --check-prefix=SPIN
// RUN: not %hucc -DSTATIC -c -O2 -g %s -o %t/static.o 2>&1 | FileCheck %s --check-prefix=STATIC
// Kernel mode reports a call to an error-attribute function at the user's line too (the back end
// printed it with no location, after the compile had been said to fail), and says once that the
// compile failed.
// RUN: not %hucc --kernel -DBITMAP -c -O2 -g %s -o %t/kbitmap.o 2>&1 | FileCheck %s --check-prefix=BITMAP --implicit-check-not="error: call to 'hu_"
// RUN: not %hucc --kernel -DSPIN -c -O2 -g %s -o %t/kspin.o 2>&1 | FileCheck %s --check-prefix=SPIN --implicit-check-not="error: call to 'hu_"
// RUN: not %hucc --kernel -DSPIN -c -O2 -g %s -o %t/kspin.o 2>&1 | FileCheck %s --check-prefix=KFAIL
// KFAIL: error: hupcall: kernel-mode compile failed (see the errors above)
// KFAIL-NOT: kernel-mode compile failed
// RUN: not ls %t/sdiv.o %t/fnval.o %t/fadd.o %t/strcmp.o %t/memcmp.o %t/bitmap.o %t/findbit.o %t/stackidx.o %t/localptr.o %t/loop.o %t/indirect.o %t/spin.o %t/static.o %t/kbitmap.o %t/kspin.o
// The same idioms written as the messages say compile and verify.
// RUN: %hucc -DFIXED -c -O2 -g %s -o %t/fixed.o
#include <hupcall/hupcall.h>

struct task {
    char comm[16];
    long (*fn)(long);
    struct task *next;
    long v;
};

extern unsigned long big_map[8]; /* 512 bits */
extern long guest_fn(long);      /* a guest function: its address is resolved at registration */
extern spinlock_t guest_lock;

static long my_fn(long x)
{
    return x + 1;
}

HUPCALL(aging)
{
    struct task *t = (struct task *)hu_arg(ctx, 0), *u = (struct task *)hu_arg(ctx, 1);
    long r = my_fn(t->v);

#ifdef SDIV
    // SDIV: idiom-refused.c:[[@LINE+1]]:{{[0-9]+}}: error: unsupported signed division, please convert to unsigned div/mod.
    r += t->v / u->v;
#endif
#ifdef FNVAL
    // FNVAL: idiom-refused.c:[[@LINE+1]]:{{[0-9]+}}: error: hupcall: function pointer to 'my_fn' is not allowed in a hyperupcall
    r += t->fn == my_fn;
#endif
#ifdef FADD
    // FADD: idiom-refused.c:[[@LINE+1]]:{{[0-9]+}}: error: hupcall: atomic fadd on guest memory has no exact form in a hyperupcall: use add, sub, and, or, xor, nand, min, max or exchange on a 1-, 2-, 4- or 8-byte integer or pointer
    __atomic_fetch_add((float *)&t->v, 1.0f, __ATOMIC_SEQ_CST);
#endif
#ifdef STRCMP
    // STRCMP: idiom-refused.c:[[@LINE+1]]:{{[0-9]+}}: error: hupcall: strcmp with no bound the compiler can see (a hyperupcall compares in place, byte by byte): use strncmp(a, b, N) with a constant N, e.g. sizeof(task->comm)
    r += strcmp(t->comm, (const char *)u->v);
#endif
#ifdef MEMCMP
    // MEMCMP: idiom-refused.c:[[@LINE+1]]:{{[0-9]+}}: error: hupcall: memcmp of up to 512 bytes: a hyperupcall compares at most 256 bytes in place: bound its length, e.g. memcmp(a, b, min(n, 64UL))
    r += memcmp(t, u, 512);
#endif
#ifdef BITMAP
    unsigned long bit;

    // BITMAP: idiom-refused.c:[[@LINE+1]]:{{[0-9]+}}: error: call to 'hu_bitmap_too_large' declared with 'error' attribute: bitmap larger than HU_BITMAP_MAX_BITS: the walk would stop there; define HU_BITMAP_MAX_BITS to the bitmap's size before including <hupcall/hupcall.h> (each bit costs instructions), or walk it in parts of at most HU_BITMAP_MAX_BITS bits
    for_each_set_bit(bit, big_map, 512) r += (long)bit;
#endif
#ifdef FINDBIT
    // FINDBIT: idiom-refused.c:[[@LINE+2]]:{{[0-9]+}}: error: hupcall: call to 'hu_bitmap_too_large'
    // FINDBIT: error: call to 'hu_bitmap_too_large' declared with 'error' attribute: bitmap larger than HU_BITMAP_MAX_BITS
    r += (long)find_next_bit(big_map, 512, (unsigned long)t->v);
#endif
#ifdef STACKIDX
    long vals[8] = {1, 2, 3, 4, 5, 6, 7, (long)t};

    // STACKIDX: idiom-refused.c:[[@LINE+1]]:{{[0-9]+}}: error: hupcall: stack array indexed by a variable: the verifier allows only constant offsets into the stack frame and the context; select the element with constant indices (a switch, or HU_UNROLL for (k = 0; k < N; k++) if (k == i) v = a[k];) or read it from guest memory
    r += ((volatile long *)vals)[t->v & 7];
#endif
#ifdef LOCALPTR
    long a = t->v, b = u->v, *p = &a;
    int k;

    /* csmith seed 200284: the verifier rejected the fill of p (stack-pointer-fill) */
    HU_UNROLL for (k = 0; k < 4; k++) {
        if (t->next)
            p = &b;
        // LOCALPTR: idiom-refused.c:[[@LINE+1]]:{{[0-9]+}}: error: hupcall: pointer to one of several local variables, chosen at run time: the verifier allows only constant offsets into the stack frame and the context; access each variable on its own path (if (c) a = v; else b = v;) or keep them in guest memory
        *p += k;
        t = t->next;
    }
    r += a * 3 + b;
#endif
#ifdef LOOP
    // LOOP: idiom-refused.c:[[@LINE+1]]:{{[0-9]+}}: error: hupcall: loop survives optimisation
    for (struct task *n = t; n; n = n->next)
        r += n->v;
#endif
#ifdef INDIRECT
    // INDIRECT: idiom-refused.c:[[@LINE+1]]:{{[0-9]+}}: error: hupcall: indirect call
    r += t->fn(1);
#endif
#ifdef SPIN
    // SPIN: idiom-refused.c:[[@LINE+1]]:{{[0-9]+}}: error: call to 'hu_spin_lock_unavailable' declared with 'error' attribute: a hyperupcall never spins: use spin_trylock() and give up when the lock is taken
    spin_lock(&guest_lock);
#endif
#ifdef STATIC
    static long calls;

    // STATIC: idiom-refused.c:[[@LINE+1]]:{{[0-9]+}}: error: hupcall: writable global or static variable '{{.*}}calls'
    r += ++calls;
#endif
#ifdef FIXED
    unsigned long bit, k;
    long vals[8] = {1, 2, 3, 4, 5, 6, 7, (long)t};
    struct task *n;

    r += (long)((unsigned long)t->v / (unsigned long)u->v); /* or the default CPU, v4 */
    r += t->fn == guest_fn;
    __atomic_fetch_add(&t->v, 1, __ATOMIC_SEQ_CST);
    r += strncmp(t->comm, u->comm, sizeof(t->comm));
    r += memcmp(t, u, min((unsigned long)t->v, 64UL));
    for_each_set_bit(bit, big_map, 256) r += (long)bit;
    for_each_set_bit(bit, big_map + 4, 256) r += (long)bit;
    HU_UNROLL for (k = 0; k < 8; k++) if (k == (unsigned long)(t->v & 7)) r += vals[k];
    HU_UNROLL for (k = 0, n = t; k < 16 && n; k++, n = n->next) r += n->v; /* bounded */
    {
        long a = t->v, b = u->v;
        int on_b = 0;

        HU_UNROLL for (k = 0; k < 4; k++) {
            if (t->next)
                on_b = 1;
            if (on_b)
                b += (long)k;
            else
                a += (long)k;
        }
        r += a * 3 + b;
    }
    if (spin_trylock(&guest_lock)) {
        r += 1;
        spin_unlock(&guest_lock);
    }
#endif
    return r;
}
