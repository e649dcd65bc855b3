// Native mode of the framework headers: Inputs/runq.c, Inputs/facilities.c and Inputs/walks.c,
// the sources hucc compiles for BPF (kernel-style.c, facilities.test, block-order.c), build for
// the host with direct pointers (gcc and clang, -Wall -Wextra -Werror) and run over a model of
// the guest data laid out by this harness; the results are checked.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %host_cc -std=c11 -O2 -Wall -Wextra -Werror -I %hupcall_include %s %S/Inputs/runq.c %S/Inputs/facilities.c %S/Inputs/walks.c -o %t/native
// RUN: %t/native | FileCheck %s
// RUN: %clang -std=c11 -O2 -Wall -Wextra -Werror -I %hupcall_include %s %S/Inputs/runq.c %S/Inputs/facilities.c %S/Inputs/walks.c -o %t/native-clang
// RUN: %t/native-clang | FileCheck %s
#include <hupcall/hupcall.h>
#include <stdio.h>

#include "Inputs/facilities.h"
#include "Inputs/runq.h"
#include "Inputs/walks.h"

long hupcall_preempt(const struct hu_ctx *ctx);
long hupcall_reclaim(const struct hu_ctx *ctx);
long hupcall_exit(const struct hu_ctx *ctx);
long hupcall_aging(const struct hu_ctx *ctx);
long hupcall_map(const struct hu_ctx *ctx);

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

/* The guest symbols facilities.c references. */
struct hlist_head buckets[8];
unsigned long seq;
atomic_t users;
unsigned long weights[8] = {1, 2, 3, 4, 5, 6, 7, 8};
unsigned long busy[2] = {0, 1UL << 5};
struct list_head jobs = {&jobs, &jobs};
struct cpumask __cpu_online_mask = {{0xb}};
static struct job job_list[3] = {{.cost = 1}, {.cost = 2}, {.cost = 3}};
static struct entry entries[3] = {{.key = 3, .name = "kswapd"}, {.key = 11, .name = "kworker/0:1"},
                                  {.key = 19, .name = "init"}};

static void hlist_add_tail(struct hlist_node *n, struct hlist_head *h)
{
    struct hlist_node **pp = &h->first;

    while (*pp)
        pp = &(*pp)->next;
    n->next = NULL;
    n->pprev = pp;
    *pp = n;
}

static long fire(long (*entry)(const struct hu_ctx *), unsigned long arg0)
{
    struct hu_ctx ctx = {.args = {arg0}};

    return entry(&ctx);
}

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

    for (int i = 0; i < 3; i++) /* keys 3, 11, 19 all hash to bucket 3 */
        hlist_add_tail(&entries[i].link, &buckets[3]);
    // CHECK: exit(11) = 11001 exit(19) = 4002 exit(3) = 6000 exit(27) = -1
    printf("exit(11) = %ld ", fire(hupcall_exit, 11));
    printf("exit(19) = %ld ", fire(hupcall_exit, 19));
    printf("exit(3) = %ld ", fire(hupcall_exit, 3));
    printf("exit(27) = %ld\n", fire(hupcall_exit, 27));
    // CHECK: seq = 4, users = 8
    printf("seq = %lu, users = %d\n", seq, users.counter);
    // CHECK: aging(3) = 6914 aging(20) = 7110, weights[0] = 7
    printf("aging(3) = %ld ", fire(hupcall_aging, 3));
    printf("aging(20) = %ld, weights[0] = %lu\n", fire(hupcall_aging, 20), weights[0]);
    for (int i = 0; i < 3; i++)
        list_add_tail(&job_list[i].node, &jobs);
    // CHECK: map = 13214321
    printf("map = %ld\n", fire(hupcall_map, 0));
    return 0;
}
