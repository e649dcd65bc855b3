// Byte order and unaligned access the way drivers and protocol code write them: swab16/32/64,
// be16/32/64_to_cpu, cpu_to_be*, le*_to_cpu, get_unaligned_le16/32/64 and get_unaligned_be*
// at every offset of a guest buffer, get_unaligned of a field at an odd address, a packed header, put_unaligned_le32/be16/
// be64 at odd offsets (every byte of the buffer read back, so stray bytes show). Both routes,
// both engines, natively the same values.
// REQUIRES: hucc, plugin, hu-load
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DIDIOM_MAIN -I %hupcall_include -I %S/Inputs %s -o %t.native
// RUN: %t.native > %t.native.out && FileCheck %s --input-file=%t.native.out
// RUN: %t.native image %t.bin && %hu-load mkimage -o %t.img 0xffff888000000000=file:%t.bin
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// RUN: %S/Inputs/idiom-run.sh %hu-load interp %t.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load jit %t.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load interp %t.k.o %t.img %t.native.out | diff %t.native.out -
// RUN: %S/Inputs/idiom-run.sh %hu-load jit %t.k.o %t.img %t.native.out | diff %t.native.out -
// A packed field is one access of its size, as natively (hupcall-translate; the back end split
// them into byte accesses: unaligned_reads was 548 instructions, 279 whole):
// RUN: llvm-objdump -d --no-show-raw-insn %t.o | FileCheck %s --check-prefix=WHOLE
// WHOLE-LABEL: <unaligned_reads>:
// WHOLE-NOT: = *(u8 *)
// WHOLE: {{[rw][0-9]}} = *(u8 *)(r{{[0-9]}} + {{33|0x21}})
// WHOLE-NOT: = *(u8 *)
// WHOLE-LABEL: <unaligned_writes>:
// WHOLE: *(u64 *)(r{{[0-9]}} + {{57|0x39}}) = r{{[0-9]}}
// CHECK: swabs: r0 = 0xa7c5b5c62a53eb97{{$}}
// CHECK: unaligned_reads: r0 = 0x13f97c371cbd6a60{{$}}
// CHECK: unaligned_writes: r0 = 0xce217fd88ea0fb6f{{$}}
#include <hupcall/hupcall.h>

struct __attribute__((packed)) wire_hdr {
    u8 type;
    __be16 len;
    __be32 seq;
    __le64 stamp;
};

struct buf {
    u8 bytes[32];
    u8 pad;
    struct wire_hdr hdr; /* at offset 33: every field misaligned */
    u8 out[24];
};

HUPCALL_NAMED(exit, swabs)
{
    const struct buf *b = (const struct buf *)hu_arg(ctx, 0);
    const u64 *w = (const u64 *)b->bytes;
    u64 r = 0;
    int i;

    HU_UNROLL for (i = 0; i < 4; i++)
    {
        u64 x = w[i];

        r = r * 131 + swab64(x) + swab32((u32)x) + swab16((u16)(x >> 8));
        r = r * 131 + be64_to_cpu(x) + be32_to_cpu((__be32)(x >> 32)) + be16_to_cpu((__be16)x);
        r = r * 131 + cpu_to_be64(x ^ r) + cpu_to_be32((u32)r) + cpu_to_be16((u16)(r >> 3));
        r = r * 131 + le64_to_cpu(x) + le32_to_cpu((u32)x) + le16_to_cpu((u16)x);
    }
    return (long)r;
}

HUPCALL_NAMED(exit, unaligned_reads)
{
    const struct buf *b = (const struct buf *)hu_arg(ctx, 0);
    u64 r = 0;
    int i;

    HU_UNROLL for (i = 0; i < 9; i++)
    {
        const u8 *p = b->bytes + i * 3;

        r = r * 131 + get_unaligned_le16(p) + get_unaligned_be16(p) * 3;
        r = r * 131 + get_unaligned_le32(p) + get_unaligned_be32(p) * 5;
        r = r * 131 + get_unaligned_le64(p) + get_unaligned_be64(p) * 7;
    }
    r = r * 131 + b->hdr.type + be16_to_cpu(get_unaligned((const __be16 *)(b->bytes + 34)));
    r = r * 131 + be32_to_cpu(b->hdr.seq) + le64_to_cpu(b->hdr.stamp);
    return (long)r;
}

HUPCALL_NAMED(exit, unaligned_writes)
{
    struct buf *b = (struct buf *)hu_arg(ctx, 0);
    u64 r = 0;
    int i;

    put_unaligned_le32(0xa1b2c3d4, b->out + 1);
    put_unaligned_be16(0x1234, b->out + 6);
    put_unaligned_be64(0x0102030405060708ull, b->out + 9);
    put_unaligned(cpu_to_be16(513), (__be16 *)(b->bytes + 34)); /* hdr.len */
    b->hdr.seq = cpu_to_be32(0xdeadbeef);
    HU_UNROLL for (i = 0; i < 24; i++)
        r = r * 257 + b->out[i];
    return (long)(r ^ get_unaligned_be16(b->bytes + 34) ^ (u64)be32_to_cpu(b->hdr.seq) << 16 ^
                  b->hdr.type);
}

#ifdef IDIOM_MAIN
#define IDIOM_ENTRIES(X) X(swabs) X(unaligned_reads) X(unaligned_writes)

static void idiom_fill(unsigned char *mem, unsigned long base)
{
    struct buf *b = (struct buf *)mem;
    int i;

    (void)base;
    for (i = 0; i < 32; i++)
        b->bytes[i] = (u8)(i * 37 + 11);
    b->pad = 0x5a;
    b->hdr.type = 3;
    b->hdr.len = __builtin_bswap16(1500);
    b->hdr.seq = __builtin_bswap32(0x01020304);
    b->hdr.stamp = 0x1122334455667788ull;
    for (i = 0; i < 24; i++)
        b->out[i] = (u8)(0xc0 + i);
}
#include "idiom-main.h"
#endif
