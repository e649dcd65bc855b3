// Low bits of guest pointers the way kernel data structures use them: rb_parent()/rb_color() of
// an rbtree walked up to its root, xarray entries (internal node pointers tagged 2, values
// tagged 1), PTR_ALIGN and PTR_ALIGN_DOWN to a cache line, `& PAGE_MASK` to a page header, and a
// page-table walk whose entries carry flags in the low bits (`pte & PAGE_MASK`). The pass
// masks each such address with an `&=` the back end cannot reassociate. Both routes, both
// engines, natively the same values.
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
// CHECK: rbtree_up: r0 = 0x9173da1ade16231e{{$}}
// CHECK: xarray: r0 = 0x4235acc19{{$}}
// CHECK: aligned: r0 = 0xaf439d200{{$}}
// CHECK: page_walk: r0 = 0x160a5224522f9614{{$}}
#include <hupcall/hupcall.h>

#define PAGE_MASK HU_PAGE_MASK
#define PTE_PRESENT 1UL

struct rb_node {
    unsigned long __rb_parent_color;
    struct rb_node *rb_right, *rb_left;
} __attribute__((aligned(sizeof(long))));
#define rb_parent(r) ((struct rb_node *)((r)->__rb_parent_color & ~3UL))
#define rb_color(r) ((r)->__rb_parent_color & 1)

struct item {
    struct rb_node node;
    long key;
};

struct xa_node {
    unsigned char shift, offset;
    void *slots[4];
};
#define xa_is_value(e) ((unsigned long)(e)&1)
#define xa_to_value(e) ((unsigned long)(e) >> 1)
#define xa_is_node(e) (((unsigned long)(e)&3) == 2 && (unsigned long)(e) > 4096)
#define xa_to_node(e) ((struct xa_node *)((unsigned long)(e)-2))

struct page_hdr {
    unsigned long magic, count;
};

struct layout {
    struct item items[6];   /* an rbtree: 0 is the root */
    void *xa_head;          /* an xa_node pointer, tagged */
    unsigned long ptes[4];  /* level 1: entries pointing at level-2 tables */
    unsigned long long_ptr; /* a pointer into page 2, not aligned */
    unsigned char *cursor;  /* a byte pointer into a cache-line array */
};

/* The guest layout: the rbtree, the xarray head and the level-1 table at 0; page 1 a level-2
 * table, xa_nodes and cache lines; pages 2 and 3 a header and data. */
#define L2_OFF 0x1000
#define XA_OFF 0x1800
#define LINES_OFF 0x1a00
#define PAGE2 0x2000

HUPCALL_NAMED(exit, rbtree_up)
{
    struct layout *l = (struct layout *)hu_arg(ctx, 0);
    unsigned long r = 0;
    int i;

    HU_UNROLL for (i = 1; i < 6; i++)
    {
        struct rb_node *n = &l->items[i].node;
        int depth = 0;

        HU_UNROLL for (int k = 0; k < 4 && rb_parent(n); k++)
        {
            r = r * 131 + rb_color(n);
            n = rb_parent(n);
            depth++;
        }
        r = r * 131 + (unsigned long)container_of(n, struct item, node)->key + (unsigned long)depth;
    }
    return (long)r;
}

HUPCALL_NAMED(exit, xarray)
{
    struct layout *l = (struct layout *)hu_arg(ctx, 0);
    void *entry = READ_ONCE(l->xa_head);
    unsigned long r = 0;
    int i;

    if (!xa_is_node(entry))
        return -1;
    struct xa_node *node = xa_to_node(entry);

    r = node->shift * 1000 + node->offset;
    HU_UNROLL for (i = 0; i < 4; i++)
    {
        void *e = READ_ONCE(node->slots[i]);

        if (xa_is_value(e))
            r = r * 131 + xa_to_value(e);
        else if (xa_is_node(e))
            r = r * 131 + xa_to_node(e)->offset + 7;
        else if (e)
            r = r * 131 + ((struct page_hdr *)e)->magic;
    }
    return (long)r;
}

HUPCALL_NAMED(exit, aligned)
{
    struct layout *l = (struct layout *)hu_arg(ctx, 0);
    unsigned char *c = READ_ONCE(l->cursor);
    unsigned long *line = PTR_ALIGN((unsigned long *)c, 64);
    unsigned long *down = PTR_ALIGN_DOWN((unsigned long *)c, 64);
    struct page_hdr *hdr = (struct page_hdr *)(l->long_ptr & PAGE_MASK);

    return (long)(line[0] * 3 + line[1] + down[0] * 7 + hdr->magic * 11 + hdr->count +
                  IS_ALIGNED((unsigned long)c, 8));
}

/* A two-level walk: each entry is the next table's (or page's) address with flags in its low
 * twelve bits. */
HUPCALL_NAMED(exit, page_walk)
{
    struct layout *l = (struct layout *)hu_arg(ctx, 0);
    unsigned long r = 0;
    int i, j;

    HU_UNROLL for (i = 0; i < 4; i++)
    {
        unsigned long pte = READ_ONCE(l->ptes[i]);

        if (!(pte & PTE_PRESENT))
            continue;
        const unsigned long *table = (const unsigned long *)(pte & PAGE_MASK);
        HU_UNROLL for (j = 0; j < 2; j++)
        {
            unsigned long e = READ_ONCE(table[j]);

            r = r * 131 + (e & ~PAGE_MASK);
            if (e & PTE_PRESENT)
                r = r * 131 + ((const unsigned long *)(e & PAGE_MASK))[2];
        }
    }
    return (long)r;
}

#ifdef IDIOM_MAIN
#define IDIOM_ENTRIES(X) X(rbtree_up) X(xarray) X(aligned) X(page_walk)

static void idiom_fill(unsigned char *mem, unsigned long base)
{
    struct layout *l = (struct layout *)mem;
    /* Parents: 1, 2 -> 0; 3, 4 -> 1; 5 -> 3. Colors alternate. */
    static const int parent[6] = {-1, 0, 0, 1, 1, 3};
    struct xa_node *xa = (struct xa_node *)(mem + XA_OFF), *xa2 = xa + 1;
    unsigned long *l2 = (unsigned long *)(mem + L2_OFF);
    unsigned long *lines = (unsigned long *)(mem + LINES_OFF);
    struct page_hdr *p2 = (struct page_hdr *)(mem + PAGE2);
    int i;

    for (i = 0; i < 6; i++) {
        l->items[i].key = 1000 + i * 17;
        l->items[i].node.__rb_parent_color =
            (parent[i] < 0 ? 0 : base + (unsigned long)parent[i] * sizeof(struct item)) |
            (unsigned long)(i & 1);
    }
    xa->shift = 6;
    xa->offset = 3;
    xa->slots[0] = (void *)((42UL << 1) | 1);
    xa->slots[1] = (void *)(base + XA_OFF + sizeof(*xa) + 2);
    xa->slots[2] = (void *)(base + PAGE2);
    xa->slots[3] = NULL;
    xa2->offset = 9;
    l->xa_head = (void *)(base + XA_OFF + 2);
    for (i = 0; i < 16; i++)
        lines[i] = 0x100 + (unsigned long)i;
    l->cursor = (unsigned char *)(base + LINES_OFF + 8 + 3); /* up: lines[8], down: lines[0] */
    p2->magic = 0xfeedface;
    p2->count = 5;
    ((unsigned long *)(mem + PAGE2))[2] = 0xabcdef;
    ((unsigned long *)(mem + 0x3000))[2] = 0x777;
    l->long_ptr = base + PAGE2 + 0x123;
    /* Level 1: entries 0 and 2 present (flags 0x63, 0x1), 1 absent; level 2: two pages. */
    l->ptes[0] = (base + L2_OFF) | 0x63;
    l->ptes[1] = (base + L2_OFF) | 0x62;
    l->ptes[2] = (base + L2_OFF) | 0x1;
    l2[0] = (base + PAGE2) | 0x25;
    l2[1] = (base + 0x3000) | 0x67;
}
#include "idiom-main.h"
#endif
