// READ_ONCE/WRITE_ONCE on 1-, 2-, 4- and 8-byte guest fields and on a pointer, bitfields read,
// written and tested the way kernel flag words are (signed and unsigned fields, one that spans
// a byte boundary, a 1-bit flag, a field in a packed struct), and a struct copied by
// assignment. Writes are read back with their neighbours, so a stray byte shows. Both routes,
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
// CHECK: once: r0 = 0x65004c8c3eaae29f{{$}}
// CHECK: bitfields_read: r0 = 0x1b7f42ec94c20298{{$}}
// CHECK: bitfields_write: r0 = 0x42a46f0fe976cbe2{{$}}
// CHECK: struct_copy: r0 = 0xfb6c2e2341fb4472{{$}}
#include <hupcall/hupcall.h>

struct flags {
    unsigned int present : 1;
    unsigned int dirty : 1;
    unsigned int order : 5;
    signed int delta : 6; /* spans the first and second byte */
    unsigned int : 3;
    unsigned int type : 16;
    unsigned long long pfn : 40;
    signed long long skew : 24;
};

struct __attribute__((packed)) pflags {
    u8 tag;
    unsigned int count : 12;
    unsigned int mode : 4;
    u32 word;
};

/* The raw words of the flag structs (kernel code builds with -fno-strict-aliasing). */
typedef u64 __attribute__((may_alias)) raw64;

struct state {
    u8 b[4];
    u16 h[4];
    u32 w[4];
    u64 d[4];
    struct state *self;
    struct flags f[3];
    struct pflags pf;
    u8 after[3];
    struct flags copy;
};

HUPCALL_NAMED(exit, once)
{
    struct state *s = (struct state *)hu_arg(ctx, 0);
    u64 r = READ_ONCE(s->b[1]) + READ_ONCE(s->h[2]) * 3 + READ_ONCE(s->w[3]) * 5 +
            READ_ONCE(s->d[0]) * 7;
    struct state *self = READ_ONCE(s->self);
    int i;

    WRITE_ONCE(s->b[2], 0xab);
    WRITE_ONCE(s->h[1], (u16)r);
    WRITE_ONCE(s->w[0], (u32)(r >> 7));
    WRITE_ONCE(s->d[3], r * 31);
    WRITE_ONCE(self->self, NULL);
    HU_UNROLL for (i = 0; i < 4; i++)
        r = r * 131 + s->b[i] + s->h[i] * 3 + s->w[i] * 5 + s->d[i] * 7;
    return (long)(r + (unsigned long)READ_ONCE(s->self) + (self == s));
}

HUPCALL_NAMED(exit, bitfields_read)
{
    const struct state *s = (const struct state *)hu_arg(ctx, 0);
    u64 r = 0;
    int i;

    HU_UNROLL for (i = 0; i < 3; i++)
    {
        const struct flags *f = &s->f[i];

        if (f->present && !f->dirty)
            r = r * 131 + f->order;
        r = r * 131 + (u64)(s64)f->delta + f->type * 3;
        r = r * 131 + f->pfn + (u64)(s64)f->skew;
    }
    return (long)(r * 131 + s->pf.tag + s->pf.count * 3 + s->pf.mode * 5 + s->pf.word);
}

HUPCALL_NAMED(exit, bitfields_write)
{
    struct state *s = (struct state *)hu_arg(ctx, 0);
    const raw64 *raw = (const raw64 *)&s->f[0];
    u64 r = 0;
    int i;

    s->f[0].dirty = 1;
    s->f[0].delta = -17;
    s->f[1].order = 31;
    s->f[1].type = 0xbeef;
    s->f[2].pfn = 0x123456789aull;
    s->f[2].skew = -2;
    s->pf.count = 0xabc;
    s->pf.mode = 9;
    HU_UNROLL for (i = 0; i < 6; i++)
        r = r * 131 + raw[i];
    return (long)(r * 131 + s->pf.tag + s->pf.word + s->after[0] + s->after[2] * 3 +
                  get_unaligned((const u16 *)((const u8 *)&s->pf + 1)));
}

HUPCALL_NAMED(exit, struct_copy)
{
    struct state *s = (struct state *)hu_arg(ctx, 0);
    struct flags tmp = s->f[2];
    const raw64 *raw = (const raw64 *)&s->copy;

    tmp.order = 3;
    s->copy = tmp;
    s->f[0] = s->f[1];
    return (long)(raw[0] * 3 + raw[1] + ((const raw64 *)&s->f[0])[0] * 5 + ((const raw64 *)&s->f[0])[1]);
}

#ifdef IDIOM_MAIN
#define IDIOM_ENTRIES(X) X(once) X(bitfields_read) X(bitfields_write) X(struct_copy)

static void idiom_fill(unsigned char *mem, unsigned long base)
{
    struct state *s = (struct state *)mem;
    int i;

    for (i = 0; i < 4; i++) {
        s->b[i] = (u8)(0x11 * (i + 1));
        s->h[i] = (u16)(0x1234 * (i + 1));
        s->w[i] = 0x89abcdefu * (u32)(i + 1);
        s->d[i] = 0x0123456789abcdefull * (u64)(i + 3);
    }
    s->self = (struct state *)base;
    for (i = 0; i < 3; i++) {
        s->f[i].present = (unsigned)(i != 1);
        s->f[i].dirty = (unsigned)(i == 2);
        s->f[i].order = (unsigned)(i * 7 + 2);
        s->f[i].delta = -5 * i + 3;
        s->f[i].type = (unsigned)(0x1111 * (i + 5));
        s->f[i].pfn = 0xfedcba987ull + (unsigned long long)i;
        s->f[i].skew = -100000 * i + 7;
    }
    s->pf.tag = 0x5a;
    s->pf.count = 0x321;
    s->pf.mode = 5;
    s->pf.word = 0xcafef00d;
    s->after[0] = 1;
    s->after[1] = 2;
    s->after[2] = 3;
}
#include "idiom-main.h"
#endif
