// Kernel lists walked the way kernel code walks them: container_of, list_for_each_entry,
// list_for_each_entry_reverse, list_for_each_entry_safe, list_for_each, list_first_entry,
// list_last_entry, list_empty, hlist_for_each_entry with a lookup that returns from inside the
// walk, and a walk over a list that never returns to its head, which stops at HU_LIST_MAX (16)
// nodes. Nodes are scattered over the guest image, their list_head in the middle of the object
// (container_of subtracts). Both routes, both engines, natively the same values.
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
// CHECK: forward_reverse: r0 = 0x6612b7d288db1dfd{{$}}
// CHECK: safe_and_raw: r0 = 0x943a8744c40a665c{{$}}
// CHECK: hash_lookup: r0 = 0xbfbd7b7f686c4dc{{$}}
// CHECK: endless: r0 = 0x58106d6325b43ac7{{$}}
#include <hupcall/hupcall.h>

struct task {
    long prio;
    struct list_head run_node; /* at offset 8: container_of subtracts */
    struct hlist_node hash_node;
    unsigned long pid;
};

struct sched {
    struct list_head runq;  /* five tasks */
    struct list_head empty; /* points at itself */
    struct list_head loop;  /* a cycle that never comes back to this head */
    struct hlist_head hash[4];
    struct task tasks[24];
};

HUPCALL_NAMED(exit, forward_reverse)
{
    struct sched *s = (struct sched *)hu_arg(ctx, 0);
    struct task *t;
    unsigned long r = 0;

    list_for_each_entry(t, &s->runq, run_node) r = r * 131 + t->pid * 3 + (unsigned long)t->prio;
    list_for_each_entry_reverse(t, &s->runq, run_node) r = r * 137 + t->pid;
    r = r * 139 + list_first_entry(&s->runq, struct task, run_node)->pid;
    r = r * 139 + list_last_entry(&s->runq, struct task, run_node)->pid;
    r = r * 139 + list_empty(&s->runq) * 2 + list_empty(&s->empty);
    list_for_each_entry(t, &s->empty, run_node) r += 1000000; /* never */
    return (long)r;
}

HUPCALL_NAMED(exit, safe_and_raw)
{
    struct sched *s = (struct sched *)hu_arg(ctx, 0);
    struct task *t, *n;
    struct list_head *pos;
    unsigned long r = 0;

    list_for_each_entry_safe(t, n, &s->runq, run_node)
    {
        if (&n->run_node != &s->runq)
            r = r * 131 + n->pid;
        r = r * 131 + t->pid;
    }
    list_for_each(pos, &s->runq) r = r * 131 + container_of(pos, struct task, run_node)->pid;
    return (long)r;
}

/* A lookup by pid in a bucket, returning from inside the walk, as hash tables are searched. */
static __always_inline struct task *find_task(struct sched *s, unsigned long pid)
{
    struct task *t;

    hlist_for_each_entry(t, &s->hash[pid & 3], hash_node) if (READ_ONCE(t->pid) == pid) return t;
    return NULL;
}

HUPCALL_NAMED(exit, hash_lookup)
{
    struct sched *s = (struct sched *)hu_arg(ctx, 0);
    unsigned long r = 0, pid;

    HU_UNROLL for (pid = 100; pid < 112; pid++)
    {
        struct task *t = find_task(s, pid);

        r = r * 131 + (t ? (unsigned long)t->prio + 1 : 0);
    }
    return (long)(r + hlist_empty(&s->hash[0]) + hlist_empty(&s->hash[3]) * 2);
}

/* The guest may corrupt or change a list under us: a walk stops after HU_LIST_MAX nodes. */
HUPCALL_NAMED(exit, endless)
{
    struct sched *s = (struct sched *)hu_arg(ctx, 0);
    struct task *t;
    unsigned long r = 0, n = 0;

    list_for_each_entry(t, &s->loop, run_node)
    {
        r = r * 131 + t->pid;
        n++;
    }
    return (long)(r ^ n << 56);
}

#ifdef IDIOM_MAIN
#define IDIOM_ENTRIES(X) X(forward_reverse) X(safe_and_raw) X(hash_lookup) X(endless)

/* The guest address of `p`, a pointer into `mem` laid out for `base`. */
#define AT(p) ((__typeof__(p))(base + (unsigned long)((unsigned char *)(p)-mem)))

static void link_after(unsigned char *mem, unsigned long base, struct list_head *prev,
                       struct list_head *node, struct list_head *head)
{
    node->prev = AT(prev);
    node->next = AT(head);
    prev->next = AT(node);
    head->prev = AT(node);
}

static void idiom_fill(unsigned char *mem, unsigned long base)
{
    struct sched *s = (struct sched *)mem;
    /* Run queue order and the tasks in it, scattered. */
    static const int runq[5] = {7, 2, 19, 11, 4};
    struct list_head *last = &s->runq;
    int i;

    for (i = 0; i < 24; i++) {
        s->tasks[i].pid = 100 + (unsigned long)i;
        s->tasks[i].prio = 120 - i * 3;
    }
    s->runq.next = s->runq.prev = AT(&s->runq);
    for (i = 0; i < 5; i++) {
        link_after(mem, base, last, &s->tasks[runq[i]].run_node, &s->runq);
        last = &s->tasks[runq[i]].run_node;
    }
    s->empty.next = s->empty.prev = AT(&s->empty);
    /* loop -> 20 -> 21 -> 22 -> 20 ...: never back to the head. */
    s->loop.next = AT(&s->tasks[20].run_node);
    s->tasks[20].run_node.next = AT(&s->tasks[21].run_node);
    s->tasks[21].run_node.next = AT(&s->tasks[22].run_node);
    s->tasks[22].run_node.next = AT(&s->tasks[20].run_node);
    /* Buckets by pid & 3, newest first; pids 102, 103, 106, ... are left out. */
    for (i = 0; i < 24; i++) {
        unsigned long pid = s->tasks[i].pid;
        struct hlist_head *h = &s->hash[pid & 3];

        if (pid % 4 == 2 || pid % 5 == 3) /* some pids are not hashed */
            continue;
        s->tasks[i].hash_node.next = h->first;
        s->tasks[i].hash_node.pprev = AT(&h->first);
        if (h->first) {
            struct hlist_node *first =
                (struct hlist_node *)(mem + ((unsigned long)h->first - base));
            first->pprev = AT(&s->tasks[i].hash_node.next);
        }
        h->first = AT(&s->tasks[i].hash_node);
    }
}
#include "idiom-main.h"
#endif
