// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hu_hostile: a guest module that tries every way to make the host misbehave through the
 * registration channel: garbage, an oversized window, a window over memory that is not the
 * guest's RAM (the channel's own device memory), a program the verifier rejects, a flood of
 * registrations, and requests it gives up waiting for. The host must refuse each with a clear
 * message (printed here, in the kernel log) and keep serving the hyperupcalls of well-behaved
 * modules; a slot whose answer came too late must serve again.
 */
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/random.h>

#include "hu_chan.h"
#include "hostile_objects.h" /* objects_o[], objects_o_len: objects.c compiled for BPF */

#define FLOOD_N 24
#define FLOODERS 2     /* threads flooding at once: slots are claimed concurrently */
#define IMPATIENT_N 32    /* timed-out requests: twice the agent's 16 slots */
#define IMPATIENT_MAX 1024 /* requests sent to get them */
#define NO_SUCH_ID 0xffffffffu

static u32 flood_ids[FLOOD_N];
static atomic_t flood_ok, flood_refused;

static struct hu_chan_req request(const char *name, u64 base, u64 size)
{
    return (struct hu_chan_req){
        .event = HU_EVENT_PREEMPT,
        .name = name,
        .window_base = base,
        .window_size = size,
        .object = objects_o,
        .object_size = objects_o_len,
    };
}

static void garbage(void)
{
    static u8 junk[2048];

    get_random_bytes(junk, sizeof(junk));
    pr_info("hu_hostile: garbage: %d\n", hu_chan_submit_raw(junk, sizeof(junk)));
}

/* A window of 1/8 of RAM over the memory map: far beyond a global hyperupcall's 2%. */
static void oversized(void)
{
    u64 size = roundup_pow_of_two(totalram_pages() << PAGE_SHIFT) / 8;
    struct hu_chan_req r = request("flood_0", vmemmap_base, size);

    pr_info("hu_hostile: oversized window: %d\n", hu_chan_register(&r, NULL));
}

/* A window over the ivshmem BAR: device memory, not guest RAM. */
static void not_owned(void)
{
    struct pci_dev *pdev = pci_get_device(0x1af4, 0x1110, NULL);
    void *bar;

    if (!pdev)
        return;
    bar = memremap(pci_resource_start(pdev, 2), PAGE_SIZE, MEMREMAP_WB);
    if (bar) {
        struct hu_chan_req r = request("flood_0", (u64)bar & PAGE_MASK, PAGE_SIZE);
        pr_info("hu_hostile: window over device memory: %d\n", hu_chan_register(&r, NULL));
        memunmap(bar);
    }
    pci_dev_put(pdev);
}

static void rejected(void)
{
    struct hu_chan_req r = request("wild_read", page_offset_base, PAGE_SIZE);

    pr_info("hu_hostile: unverifiable program: %d\n", hu_chan_register(&r, NULL));
}

/* FLOOD_N registrations from FLOODERS threads at once: the host stops at its limit. */
struct flooder {
    int first;
    struct completion done;
};

static int flood_thread(void *arg)
{
    struct flooder *f = arg;

    for (int i = f->first; i < FLOOD_N; i += FLOODERS) {
        char name[16];
        struct hu_chan_req r;
        u32 id;

        snprintf(name, sizeof(name), "flood_%d", i);
        r = request(name, page_offset_base, PAGE_SIZE);
        if (hu_chan_register(&r, &id))
            atomic_inc(&flood_refused);
        else
            flood_ids[atomic_inc_return(&flood_ok) - 1] = id;
    }
    complete(&f->done);
    return 0;
}

static void flood(void)
{
    struct flooder f[FLOODERS];

    for (int t = 0; t < FLOODERS; t++) {
        f[t].first = t;
        init_completion(&f[t].done);
        if (IS_ERR(kthread_run(flood_thread, &f[t], "hu_flood/%d", t)))
            flood_thread(&f[t]);
    }
    for (int t = 0; t < FLOODERS; t++)
        wait_for_completion(&f[t].done);
    pr_info("hu_hostile: flood: %d registered, %d refused\n", atomic_read(&flood_ok),
            atomic_read(&flood_refused));
}

/* Requests the guest stops waiting for at once (the host polls every few ms) until IMPATIENT_N of
 * them timed out, then IMPATIENT_N waited for as usual: each must be answered, so slots that timed
 * out (withdrawn before the host took them, or answered late) were reused. Unregistering an id
 * that does not exist changes nothing on the host, whenever it is answered. */
static void impatient(void)
{
    unsigned int wait = hu_chan_answer_wait(0);
    int sent = 0, timed_out = 0, answered = 0, ret = 0;

    while (timed_out < IMPATIENT_N && sent < IMPATIENT_MAX && ret != -EBUSY) {
        ret = hu_chan_unregister(NO_SUCH_ID);
        timed_out += ret == -ETIMEDOUT;
        sent++;
    }
    hu_chan_answer_wait(wait);
    while (answered < IMPATIENT_N) {
        ret = hu_chan_unregister(NO_SUCH_ID);
        if (ret == -ETIMEDOUT || ret == -EBUSY)
            break;
        answered++;
    }
    pr_info("hu_hostile: impatient: %d of %d timed out, then %d of %d answered\n", timed_out,
            sent, answered, IMPATIENT_N);
}

static int __init hu_hostile_init(void)
{
    garbage();
    oversized();
    not_owned();
    rejected();
    flood();
    impatient();
    return 0;
}

static void __exit hu_hostile_exit(void)
{
    for (int i = atomic_read(&flood_ok); i > 0; i--)
        hu_chan_unregister(flood_ids[i - 1]);
}

module_init(hu_hostile_init);
module_exit(hu_hostile_exit);
MODULE_DESCRIPTION("hyperupcall channel abuse, for the host's tests");
MODULE_LICENSE("Dual MIT/GPL");
