// Reverse and _safe list walks, hlist_empty and for_each_online_cpu: run natively (native.c);
// for BPF they need the plugin's block order (block-order.c).
#include <hupcall/hupcall.h>

#include "walks.h"

extern struct list_head jobs;
extern struct hlist_head buckets[8];

/* map: the job costs read backwards as decimal digits, plus 1000 * the sum of cost * position
 * read forwards, plus 100000 * the jobs that have a successor, plus 1000000 * the online CPUs,
 * plus 10000000 when bucket 0 is empty. */
HUPCALL(map)
{
    struct job *j, *next;
    long digits = 0, weighted = 0, pos = 0, linked = 0;
    unsigned int cpu, online = 0;

    list_for_each_entry_reverse(j, &jobs, node) digits = digits * 10 + READ_ONCE(j->cost);
    list_for_each_entry_safe(j, next, &jobs, node) {
        weighted += READ_ONCE(j->cost) * ++pos;
        linked += &next->node != &jobs;
    }
    for_each_online_cpu(cpu) online++;
    return digits + 1000 * weighted + 100000 * linked + 1000000 * (long)online +
           (hlist_empty(&buckets[0]) ? 10000000 : 0);
}
