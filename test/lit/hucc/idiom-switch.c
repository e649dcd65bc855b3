// Switches the way kernel code writes them, under -mcpu=v3 and v4 (hucc's default): dense ones
// that would become jump tables (.jumptables) or lookup tables (.rodata switch.table), sparse
// ones, fall-through cases, a switch on a narrow enum field, one in a non-inlined function, one
// returning from inside a bounded walk, and one with a different operation per case (plain clang
// makes .jumptables of it at v4). No data section reaches the object. Both routes at both CPU
// versions and plain clang with the plugin, both engines, natively the same values.
// REQUIRES: hucc, plugin, hu-load
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DIDIOM_MAIN -I %hupcall_include -I %S/Inputs %s -o %t.native
// RUN: %t.native > %t.native.out && FileCheck %s --input-file=%t.native.out
// RUN: %t.native image %t.bin && %hu-load mkimage -o %t.img 0xffff888000000000=file:%t.bin
// RUN: %hucc -c -O2 -g %s -o %t.v4.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.v4.k.o
// RUN: %hucc -mcpu=v3 -c -O2 -g %s -o %t.v3.o
// RUN: %hucc -mcpu=v3 --kernel -c -O2 -g %s -o %t.v3.k.o
// Plain clang with the plugin, without -fno-jump-tables: the plugin sets no-jump-tables before
// SimplifyCFG (it set it only before code generation, and hupcall-check refused switch.table.dense
// as read-only data that cannot be folded).
// RUN: %clang --target=bpf -mcpu=v4 -O2 -g -fpass-plugin=%plugin -I %hupcall_include -I %S/Inputs -D__HUPCALL__ -c %s -o %t.clang.o
// RUN: llvm-readelf -S %t.v4.o %t.v3.o %t.v4.k.o %t.v3.k.o %t.clang.o | FileCheck %s --check-prefix=SECTIONS
// SECTIONS-NOT: {{\.jumptables|\.rodata}}
// RUN: %S/Inputs/idiom-run.sh %hu-load interp %t.v4.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load jit %t.v4.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load interp %t.v4.k.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load jit %t.v4.k.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load interp %t.v3.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load jit %t.v3.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load interp %t.v3.k.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load jit %t.v3.k.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load interp %t.clang.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load jit %t.clang.o %t.img %t.native.out | diff %t.native.out -
// CHECK: dense: r0 = 0x532ae3d3f82a72b8{{$}}
// CHECK: sparse: r0 = 0x4f291{{$}}
// CHECK: nested: r0 = 0x9279daba1f27fd89{{$}}
// CHECK: jumps: r0 = 0x2ef35b02a6da{{$}}
#include <hupcall/hupcall.h>

enum req_op { REQ_OP_READ, REQ_OP_WRITE, REQ_OP_FLUSH, REQ_OP_DISCARD, REQ_OP_ZONE = 9 };

struct request {
    u8 op; /* enum req_op */
    u8 flags;
    u16 sectors;
    u32 tag;
    u64 vals[12];
};

/* Dense, each case reading guest memory: a jump table. */
static long by_index(const struct request *rq, unsigned long k)
{
    switch (k) {
    case 0: return (long)rq->vals[1] * 3;
    case 1: return (long)rq->vals[2] + 7;
    case 2: return (long)(rq->vals[3] ^ 5);
    case 3: return (long)rq->vals[4] - 9;
    case 4: return (long)(rq->vals[5] << 2);
    case 5: return (long)(rq->vals[6] | 1);
    case 6: return (long)rq->vals[7] * 11;
    case 7: return (long)rq->vals[8] + 13;
    case 8: return (long)rq->vals[9] - 17;
    case 9: return (long)rq->vals[10] * 19;
    default: return -1;
    }
}

/* Dense, constants only: a lookup table. */
static long weight(unsigned long k)
{
    switch (k) {
    case 0: return 13;
    case 1: return 27;
    case 2: return 3;
    case 3: return 99;
    case 4: return 5;
    case 5: return 71;
    case 6: return 8;
    case 7: return 64;
    default: return 1;
    }
}

HUPCALL_NAMED(exit, dense)
{
    const struct request *rq = (const struct request *)hu_arg(ctx, 0);
    unsigned long k, r = 0;

    HU_UNROLL for (k = 0; k < 12; k++)
        r = r * 131 + (unsigned long)by_index(rq, (rq->vals[k] + k) % 11) +
            (unsigned long)weight(rq->vals[k] & 7);
    return (long)r;
}

/* Sparse, with fall-through, on a narrow enum field; and one in a function that stays a call. */
static __attribute__((noinline)) long classify(long v)
{
    switch (v) {
    case -100: return 1;
    case 1000: return 2;
    case 77777: return 3;
    case 0x7fffffff: return 4;
    default: return 5;
    }
}

HUPCALL_NAMED(exit, sparse)
{
    const struct request *rq = (const struct request *)hu_arg(ctx, 0);
    long r = 0;

    switch (rq->op) {
    case REQ_OP_WRITE:
        r += 100;
        /* fall through */
    case REQ_OP_READ:
        r += rq->sectors;
        break;
    case REQ_OP_FLUSH:
    case REQ_OP_DISCARD: r = -1; break;
    case REQ_OP_ZONE: r = 9000; break;
    }
    switch (rq->flags & 0xf0) {
    case 0x10: r *= 3; break;
    case 0x80: r ^= 0x5555; break;
    default: break;
    }
    return r * 1000 + classify((long)rq->vals[0]) * 100 + classify((long)rq->vals[11]) * 10 +
           classify(-100);
}

/* A switch deciding, inside a bounded walk over the values, whether to stop. */
HUPCALL_NAMED(exit, nested)
{
    const struct request *rq = (const struct request *)hu_arg(ctx, 0);
    unsigned long r = 0;
    int i;

    HU_UNROLL for (i = 0; i < 12; i++)
    {
        switch (rq->vals[i] & 3) {
        case 0: r += rq->vals[i]; break;
        case 1: r ^= rq->vals[i] << 3; break;
        case 2: continue;
        default:
            if (rq->vals[i] > 0x1000)
                return (long)(r + (unsigned long)i);
            r *= 7;
        }
        r = r * 131 + rq->tag;
    }
    return (long)r;
}

/* Dense, a different operation per case: no lookup table fits, v4 makes a jump table. */
static unsigned long step(const struct request *rq, unsigned long r, unsigned long k)
{
    switch (k) {
    case 0: r += rq->vals[1]; break;
    case 1: r ^= rq->vals[2] << 1; break;
    case 2: r |= rq->vals[3]; break;
    case 3: r -= rq->vals[4] >> 2; break;
    case 4: r &= rq->vals[5] | 0xff00; break;
    case 5: r *= rq->vals[6] | 1; break;
    case 6: r += rq->tag; break;
    case 7: r ^= rq->sectors; break;
    case 8: r = (r << 3) | (r >> 61); break;
    case 9: r -= rq->vals[10] * 5; break;
    case 10: r |= (unsigned long)rq->flags << 9; break;
    case 11: r *= 3; break;
    case 12: r += rq->vals[0] ^ rq->vals[11]; break;
    case 13: r ^= r >> 7; break;
    case 14: r &= ~rq->vals[9]; break;
    case 15: r = ~r; break;
    }
    return r;
}

HUPCALL_NAMED(exit, jumps)
{
    const struct request *rq = (const struct request *)hu_arg(ctx, 0);
    unsigned long k, r = 1;

    HU_UNROLL for (k = 0; k < 12; k++)
        r = step(rq, r * 31, (rq->vals[k] + k) & 15);
    return (long)r;
}

#ifdef IDIOM_MAIN
#define IDIOM_ENTRIES(X) X(dense) X(sparse) X(nested) X(jumps)

static void idiom_fill(unsigned char *mem, unsigned long base)
{
    static const struct request init = {
        .op = REQ_OP_WRITE,
        .flags = 0x13,
        .sectors = 8,
        .tag = 0xabcd,
        .vals = {1000, 5, 0x123456789, 17, 0xfffffffffffffff0, 2, 77777, 0x40, 9, 0x2003, 6, 0x7fffffff},
    };

    (void)base;
    __builtin_memcpy(mem, &init, sizeof(init));
}
#include "idiom-main.h"
#endif
