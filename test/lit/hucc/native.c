// Native mode of the framework headers: Inputs/runq.c, the same source hucc compiles for BPF,
// builds for the host with direct pointers (gcc and clang, -Wall -Wextra -Werror) and runs over
// a model of the guest data laid out by this harness; the results are checked.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %host_cc -std=c11 -O2 -Wall -Wextra -Werror -I %hupcall_include %s %S/Inputs/runq.c -o %t/native
// RUN: %t/native | FileCheck %s
// RUN: %clang -std=c11 -O2 -Wall -Wextra -Werror -I %hupcall_include %s %S/Inputs/runq.c -o %t/native-clang
// RUN: %t/native-clang | FileCheck %s
#include <hupcall/hupcall.h>
#include <stdio.h>

struct task {
    int pid;
    unsigned long flags;
    struct list_head run_node;
};
struct rq {
    unsigned int nr_running;
    struct list_head tasks;
};

long hupcall_preempt(const struct hu_ctx *ctx);
long hupcall_reclaim(const struct hu_ctx *ctx);

/* The guest symbols runq.c references. */
#define NCPU 4
struct rq runqueues; /* the per-CPU template; copies live in cpu_rq[] */
unsigned long __per_cpu_offset[NCPU];
unsigned long idle_bitmap[HU_NR_CPUS / 64];
struct cpumask online_mask;
struct static_key_false sched_pinning;
spinlock_t rq_lock;

static struct rq cpu_rq[NCPU];
static struct task tasks[20];

static void list_init(struct list_head *h)
{
    h->next = h->prev = h;
}

static void list_add_tail(struct list_head *n, struct list_head *h)
{
    n->prev = h->prev;
    n->next = h;
    h->prev->next = n;
    h->prev = n;
}

static long preempt(unsigned long vcpu)
{
    struct hu_ctx ctx = {.event = HU_EVENT_PREEMPT, .args = {vcpu}};

    return hupcall_preempt(&ctx);
}

static long reclaim(unsigned long gfn)
{
    struct hu_ctx ctx = {.event = HU_EVENT_RECLAIM, .args = {gfn}};

    return hupcall_reclaim(&ctx);
}

int main(void)
{
    for (int c = 0; c < NCPU; c++) {
        __per_cpu_offset[c] = (unsigned long)&cpu_rq[c] - (unsigned long)&runqueues;
        list_init(&cpu_rq[c].tasks);
        online_mask.bits[0] |= 1UL << c;
    }
    /* CPU 1 runs 5 tasks, 2 of them pinned; CPU 0 runs 20, more than the walk's bound. */
    for (int i = 0; i < 5; i++) {
        tasks[i].pid = 100 + i;
        tasks[i].flags = i % 2;
        list_add_tail(&tasks[i].run_node, &cpu_rq[1].tasks);
    }
    static struct task many[20];
    for (int i = 0; i < 20; i++) {
        many[i].pid = 200 + i;
        list_add_tail(&many[i].run_node, &cpu_rq[0].tasks);
    }
    idle_bitmap[0] = (1UL << 2) | (1UL << 3) | (1UL << 40);

    // CHECK: preempt(1) = 2005
    printf("preempt(1) = %ld\n", preempt(1));
    sched_pinning.key.enabled.counter = 1;
    // CHECK: preempt(1) pinning = 2003
    printf("preempt(1) pinning = %ld\n", preempt(1));
    // CHECK: preempt(2) = 1000
    printf("preempt(2) = %ld\n", preempt(2));
    // The walk stops at HU_LIST_MAX (16) nodes.
    // CHECK: preempt(0) = 2016
    printf("preempt(0) = %ld\n", preempt(0));
    rq_lock.val.counter = 1;
    // CHECK: preempt(1) locked = -1
    printf("preempt(1) locked = %ld\n", preempt(1));
    rq_lock.val.counter = 0;
    // CHECK: preempt(1) lock free again = 2003, lock word 0
    long r = preempt(1);
    printf("preempt(1) lock free again = %ld, lock word %d\n", r, rq_lock.val.counter);
    // CHECK: reclaim(0) = 200200
    printf("reclaim(0) = %ld\n", reclaim(0));
    // CHECK: reclaim(4) = 4000200
    printf("reclaim(4) = %ld\n", reclaim(4));
    // CHECK: reclaim(41) = 6400200
    printf("reclaim(41) = %ld\n", reclaim(41));
    return 0;
}
