// The access contract: an access whose bytes lie wholly inside the window reads and writes
// exactly those bytes, even when its object starts below the window's base, and through
// container_of's negative offsets. The object's base is masked to the window's last word and the
// field offset added after the mask lands in the guard, which maps the window's start again: the
// read sees the window's first word and the write changes it (read back through an address
// inside the window). Both hucc routes, both engines; natively the same C returns the same value
// over the same bytes.
// REQUIRES: hucc, plugin, hu-load
// RUN: %hucc -c -O2 -g %s -o %t.o
// RUN: %hucc --kernel -c -O2 -g %s -o %t.k.o
// The window's first two words are 42 and 7; the object starts 8 bytes below the window.
// RUN: %hu-load mkimage -o %t.img 0xffff888000000000=u64:42,7
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff887ffffffff8 --arg 1=0xffff888000000008 %t.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff887ffffffff8 --arg 1=0xffff888000000008 %t.o | FileCheck %s
// RUN: %hu-load run --engine interp --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff887ffffffff8 --arg 1=0xffff888000000008 %t.k.o | FileCheck %s
// RUN: %hu-load run --engine jit --image %t.img --window 0xffff888000000000:0x100000 --event aging --arg 0=0xffff887ffffffff8 --arg 1=0xffff888000000008 %t.k.o | FileCheck %s
// RUN: %host_cc -std=gnu11 -O2 -DHUPCALL_NATIVE -DEXACT_MAIN -I %hupcall_include %s -o %t.native
// RUN: %t.native | FileCheck %s
// inside = 42, written back as 43 and read again; container_of(&inside2) reaches the same object:
// its `inside` is 43; the window's first word, read through member - 1, is 43.
// r0 = 43 * 100000 + 43 * 1000 + 43 * 10 + 7 (inside2).
// CHECK: r0 = 0x42468d{{$}}
#include <hupcall/hupcall.h>

struct obj {
    long below; /* the word before the window */
    long inside;
    long inside2;
};

HUPCALL(aging)
{
    struct obj *o = (struct obj *)hu_arg(ctx, 0);
    long *member = (long *)hu_arg(ctx, 1);
    struct obj *same = container_of(member, struct obj, inside2);

    WRITE_ONCE(o->inside, READ_ONCE(o->inside) + 1);
    return READ_ONCE(member[-1]) * 100000 + READ_ONCE(o->inside) * 1000 +
           READ_ONCE(same->inside) * 10 + READ_ONCE(same->inside2);
}

#ifdef EXACT_MAIN
#include <stdio.h>
#include <sys/mman.h>

/* The same bytes natively: the window's first page mapped at a user address. */
int main(void)
{
    long *win = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct hu_ctx ctx = {0};

    if (win == MAP_FAILED)
        return 1;
    win[0] = 42;
    win[1] = 7;
    ctx.args[0] = (unsigned long)win - 8;
    ctx.args[1] = (unsigned long)&win[1];
    printf("r0 = %#lx\n", (unsigned long)hupcall_aging(&ctx));
    return 0;
}
#endif
