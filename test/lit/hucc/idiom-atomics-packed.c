// Atomics on fields of a packed struct. The host never performs a misaligned atomic (a split
// lock), so on a misaligned address the helper writes nothing and returns ~expected; the
// compiler knows such a field may be misaligned and says so at the line, in both routes, for the __atomic builtins
// and the kernel's xchg(), cmpxchg() and atomic_*() (which keep the object's alignment). A
// field of the same packed struct declared aligned is exact and not warned about. (__sync_* builtins assume natural
// alignment, clang only warns, -Wsync-alignment: hupcall-atomic-align takes the field's
// alignment from its address before optimisation, so they are warned about and behave the same.)
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g -Wno-address-of-packed-member -Wno-atomic-alignment -Wno-sync-alignment %s -o %t.o 2>&1 | FileCheck %s --check-prefix=WARN --implicit-check-not=hupcall:
// RUN: %hucc --kernel -c -O2 -g -Wno-address-of-packed-member -Wno-atomic-alignment -Wno-sync-alignment %s -o %t.k.o 2>&1 | FileCheck %s --check-prefix=WARN --implicit-check-not=hupcall:
// RUN: %hu-load mkimage -o %t.img 0xffff888000000100=u64:0x8877665544332211,0x0102030405060708,0xfedcba9876543210
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff888000000100 %t.k.o | FileCheck %s
#include <hupcall/hupcall.h>

struct __attribute__((packed)) desc {
    u8 tag;       /* +0: 0x11 */
    u32 refs;     /* +1: misaligned */
    u8 pad[3];    /* +5 */
    u64 state __attribute__((aligned(8))); /* +8 */
    u16 gen __attribute__((aligned(2)));   /* +16 */
    u8 flags;                              /* +18 */
    u64 cookie;                            /* +19: misaligned */
};

HUPCALL(aging)
{
    struct desc *d = (struct desc *)hu_arg(ctx, 0);
    u64 r = 0;

    // WARN: idiom-atomics-packed.c:[[@LINE+1]]:{{[0-9]+}}: warning: hupcall: atomic operation on a 4-byte guest object aligned to only 1 byte(s) (a packed struct's field): the host performs no misaligned atomic, so on an address that is not a multiple of 4 nothing is written and the result is ~expected (a compare-and-swap fails); keep the field naturally aligned, e.g. __attribute__((aligned(4))) on it
    r = r * 131 + __atomic_fetch_add(&d->refs, 1, __ATOMIC_SEQ_CST);
    // WARN: idiom-atomics-packed.c:[[@LINE+1]]:{{[0-9]+}}: warning: hupcall: atomic operation on a 4-byte guest object aligned to only 1 byte(s)
    r = r * 131 + xchg(&d->refs, 7);
    // WARN: idiom-atomics-packed.c:[[@LINE+1]]:{{[0-9]+}}: warning: hupcall: atomic operation on a 8-byte guest object aligned to only 1 byte(s)
    r = r * 131 + cmpxchg(&d->cookie, 0xdeadbeef, 1);
    /* Fields of the same struct declared aligned: exact, no warning. */
    r = r * 131 + xchg(&d->state, 0x42);
    r = r * 131 + cmpxchg(&d->gen, 0x0403, 0x0909);
    /* clang gives __sync_* the natural alignment even here (-Wsync-alignment); the engines ran
     * that BPF atomic at the address rounded down, on the bytes before the field
     * (hupcall-atomic-align). */
    // WARN: idiom-atomics-packed.c:[[@LINE+1]]:{{[0-9]+}}: warning: hupcall: atomic operation on a 4-byte guest object aligned to only 1 byte(s)
    r = r * 131 + __sync_fetch_and_add(&d->refs, 2);
    return (long)(r ^ (u64)READ_ONCE(d->tag) << 40 ^ READ_ONCE(d->refs) ^ READ_ONCE(d->cookie) << 3 ^ d->state << 5 ^ d->gen);
}
// The misaligned operations write nothing and return ~expected: the add ~0 (the helper's
// expected value is 0 for a read-modify-write), the xchg ~0 truncated to 4 bytes, the cmpxchg
// ~0xdeadbeef (8 bytes: the cmpxchg helper); the aligned xchg returns the old value and writes,
// the aligned cmpxchg fails (0x3210 is not 0x0403) and returns 0x3210.
// CHECK: call atomic(0xffff888000000101, 1, 20, 0) = 0xffffffff
// CHECK: call atomic(0xffff888000000101, 7, 4, 0) = 0xffffffff
// CHECK: call cmpxchg(0xffff888000000113, 0xdeadbeef, 1) = 0xffffffff21524110
// CHECK: call atomic(0xffff888000000110, 2313, 98, 1027) = 12816
// CHECK: call atomic(0xffff888000000101, 2, 20, 0) = 0xffffffff
// CHECK: r0 = 0x9cd0456af204e2a1{{$}}
