// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hu_ivshmem: the hyperupcall registration channel's guest side (hu_chan.h), a PCI driver for
 * QEMU's ivshmem-plain device. It also answers the host's audits: writing `1` to
 * /sys/module/hu_ivshmem/parameters/audit freezes every CPU (stop_machine), records the kernel's
 * own verdict for every frame (is_free_buddy_page(), page flags) in the audit area and keeps the
 * guest frozen until the host has compared its hyperupcalls with it.
 */
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/page-flags.h>
#include <linux/pci.h>
#include <linux/stop_machine.h>
#include <linux/timekeeping.h>

#include "hu_chan.h"

#define HU_SLOT_WAIT_MS 5000 /* for a free slot */
#define HU_AUDIT_WAIT_NS (30ull * NSEC_PER_SEC)
#define HU_TRACKED_SLOTS 64 /* slots whose late answers are tracked for reuse */

static u8 *chan;          /* the BAR, mapped write-back: it is host RAM, not registers */
static resource_size_t chan_len;
static atomic_t chan_seq; /* request numbers */
static DEFINE_MUTEX(audit_lock);
/* Slots the host took but did not answer in time: reusable once their late answer is DONE. */
static DECLARE_BITMAP(abandoned, HU_TRACKED_SLOTS);
static unsigned int answer_wait_ms = 20000; /* for the host's answer (TCG guests are slow) */

unsigned long hu_chan_lookup_name(const char *name)
{
    static unsigned long (*lookup)(const char *);

    if (!lookup) {
        /* kallsyms_lookup_name is not exported since 5.7; a kprobe on it yields its address. */
        struct kprobe kp = {.symbol_name = "kallsyms_lookup_name"};
        if (register_kprobe(&kp))
            return 0;
        lookup = (unsigned long (*)(const char *))kp.addr;
        unregister_kprobe(&kp);
    }
    return lookup(name);
}
EXPORT_SYMBOL_GPL(hu_chan_lookup_name);

u32 hu_chan_guest_flags(void)
{
    return page_poisoning_enabled() ? 0 : HU_CHAN_F_FREE_DISPOSABLE;
}
EXPORT_SYMBOL_GPL(hu_chan_guest_flags);

static const struct hu_chan_header *header(void)
{
    const struct hu_chan_header *h = (const void *)chan;
    const char *why;

    if (!chan)
        return NULL;
    why = hu_chan_header_invalid(h, chan_len);
    if (why || !smp_load_acquire(&h->host_serving)) {
        pr_err("hupcall: no hyperupcall host on the channel: %s\n", why ?: "host not serving");
        return NULL;
    }
    return h;
}

static struct hu_chan_slot *slot_at(const struct hu_chan_header *h, u32 i)
{
    return (struct hu_chan_slot *)(chan + h->slots_offset + (u64)i * h->slot_size);
}

unsigned int hu_chan_answer_wait(unsigned int ms)
{
    return xchg(&answer_wait_ms, ms);
}
EXPORT_SYMBOL_GPL(hu_chan_answer_wait);

/* Whether abandoned slot i got its late answer, which is then discarded: the slot is reused. */
static bool late_answer_taken(struct hu_chan_slot *s, u32 i)
{
    if (i >= HU_TRACKED_SLOTS || !test_bit(i, abandoned) ||
        smp_load_acquire(&s->state) != HU_CHAN_DONE || !test_and_clear_bit(i, abandoned))
        return false;
    if (cmpxchg(&s->state, HU_CHAN_DONE, HU_CHAN_CLAIMED) == HU_CHAN_DONE)
        return true;
    set_bit(i, abandoned); /* the host rewrote the state: not ours yet */
    return false;
}

/* Claims a FREE slot, waiting for one when all are busy (a flood from this guest). */
static struct hu_chan_slot *claim(const struct hu_chan_header *h)
{
    unsigned long deadline = jiffies + msecs_to_jiffies(HU_SLOT_WAIT_MS);

    do {
        for (u32 i = 0; i < h->n_slots; i++) {
            struct hu_chan_slot *s = slot_at(h, i);
            if (cmpxchg(&s->state, HU_CHAN_FREE, HU_CHAN_CLAIMED) == HU_CHAN_FREE ||
                late_answer_taken(s, i))
                return s;
        }
        usleep_range(500, 1000);
    } while (time_before(jiffies, deadline));
    return NULL;
}

/* No answer in time: withdraws the slot if the host has not taken it, else leaves it to the
 * host's late answer (claim() reuses it once DONE). */
static void give_up(const struct hu_chan_header *h, struct hu_chan_slot *s)
{
    u32 i = ((u8 *)s - chan - h->slots_offset) / h->slot_size;

    if (cmpxchg(&s->state, HU_CHAN_READY, HU_CHAN_FREE) != HU_CHAN_READY && i < HU_TRACKED_SLOTS)
        set_bit(i, abandoned);
}

/* Hands a filled slot to the host and waits for the answer; returns its status, and when 0 the
 * answer's id in *id (read before the slot is freed: another CPU may claim it at once). */
static int exchange(const struct hu_chan_header *h, struct hu_chan_slot *s, const char *what,
                    u32 *id)
{
    unsigned long deadline = jiffies + msecs_to_jiffies(READ_ONCE(answer_wait_ms));
    u32 seq = (u32)atomic_inc_return(&chan_seq);
    char msg[HU_CHAN_MSG_MAX];
    s64 status;

    WRITE_ONCE(s->seq, seq);
    smp_store_release(&s->state, HU_CHAN_READY);
    while (smp_load_acquire(&s->state) != HU_CHAN_DONE || READ_ONCE(s->answer_seq) != seq) {
        if (time_after(jiffies, deadline)) {
            pr_err("hupcall: %s: no answer from the host\n", what);
            give_up(h, s);
            return -ETIMEDOUT;
        }
        usleep_range(200, 500);
    }
    status = READ_ONCE(s->status);
    if (id && !status)
        *id = READ_ONCE(s->id);
    memcpy(msg, s->message, sizeof(msg));
    msg[sizeof(msg) - 1] = 0;
    smp_store_release(&s->state, HU_CHAN_FREE);
    if (status)
        pr_err("hupcall: %s: host %s\n", what, msg);
    else
        pr_info("hupcall: %s: host %s\n", what, msg);
    return status < -4095 || status > 0 ? -EPROTO : (int)status;
}

/* The kernel's page-table root: init_top_pgt, whose physical address never changes. */
static u64 kernel_pt_root(void)
{
    unsigned long pgd = hu_chan_lookup_name("init_top_pgt");
    return pgd ? __pa_symbol(pgd) : 0;
}

static int fill(const struct hu_chan_header *h, struct hu_chan_slot *s,
                const struct hu_chan_req *r)
{
    u64 syms_off = ALIGN(sizeof(*s), 8), syms_len = (u64)r->n_syms * sizeof(struct hu_chan_sym);
    u64 obj_off = ALIGN(syms_off + syms_len, 8);

    if (obj_off > h->slot_size || r->object_size > h->slot_size - obj_off)
        return -E2BIG;
    s->req_magic = HU_CHAN_REQ_MAGIC;
    s->req_version = HU_CHAN_VERSION;
    s->abi_version = HU_ABI_VERSION;
    s->op = HU_CHAN_OP_REGISTER;
    s->flags = r->flags;
    s->event = r->event;
    s->pt_levels = pgtable_l5_enabled() ? 5 : 4;
    s->pt_root = kernel_pt_root();
    s->window_base = r->window_base;
    s->window_size = r->window_size;
    memcpy(s->env, r->env, sizeof(s->env));
    strscpy(s->name, r->name, sizeof(s->name));
    s->n_syms = r->n_syms;
    s->reserved = 0;
    s->syms_offset = syms_off;
    s->object_offset = obj_off;
    s->object_size = r->object_size;
    memcpy((u8 *)s + syms_off, r->syms, syms_len);
    memcpy((u8 *)s + obj_off, r->object, r->object_size);
    return 0;
}

int hu_chan_register(const struct hu_chan_req *r, u32 *id)
{
    const struct hu_chan_header *h = header();
    struct hu_chan_slot *s;
    char what[HU_CHAN_NAME_MAX + 16];
    int ret;

    if (!h)
        return -ENODEV;
    snprintf(what, sizeof(what), "register %s", r->name);
    s = claim(h);
    if (!s) {
        pr_err("hupcall: %s: every channel slot is busy\n", what);
        return -EBUSY;
    }
    ret = fill(h, s, r);
    if (ret) {
        pr_err("hupcall: %s: object of %llu bytes does not fit a slot\n", what, r->object_size);
        smp_store_release(&s->state, HU_CHAN_FREE);
        return ret;
    }
    return exchange(h, s, what, id);
}
EXPORT_SYMBOL_GPL(hu_chan_register);

int hu_chan_unregister(u32 id)
{
    const struct hu_chan_header *h = header();
    struct hu_chan_slot *s = h ? claim(h) : NULL;

    if (!s)
        return h ? -EBUSY : -ENODEV;
    s->req_magic = HU_CHAN_REQ_MAGIC;
    s->req_version = HU_CHAN_VERSION;
    s->op = HU_CHAN_OP_UNREGISTER;
    s->id = id;
    return exchange(h, s, "unregister", NULL);
}
EXPORT_SYMBOL_GPL(hu_chan_unregister);

int hu_chan_submit_raw(const void *bytes, size_t len)
{
    const struct hu_chan_header *h = header();
    size_t req = offsetof(struct hu_chan_slot, req_magic);
    struct hu_chan_slot *s = h ? claim(h) : NULL;

    if (!s)
        return h ? -EBUSY : -ENODEV;
    memset((u8 *)s + req, 0, h->slot_size - req);
    memcpy((u8 *)s + req, bytes, min_t(size_t, len, h->slot_size - req));
    return exchange(h, s, "raw request", NULL);
}
EXPORT_SYMBOL_GPL(hu_chan_submit_raw);

/* ---- Audit: the kernel's own answers for every frame, written with every CPU stopped. */

struct audit_run {
    struct hu_chan_audit *au;
    u64 n_frames;
    u32 seq;
    bool host_done;
};

static u8 frame_flags(unsigned long pfn)
{
    const unsigned long *flags;
    struct page *page;
    u8 b = HU_AUDIT_VALID;

    if (!pfn_valid(pfn))
        return 0;
    page = pfn_to_page(pfn);
    flags = &page->flags; /* the frame's own flags, as kpageflags reads them */
    b |= is_free_buddy_page(page) ? HU_AUDIT_FREE : 0;
    b |= test_bit(PG_lru, flags) ? HU_AUDIT_LRU : 0;
    b |= test_bit(PG_active, flags) ? HU_AUDIT_ACTIVE : 0;
    b |= test_bit(PG_referenced, flags) ? HU_AUDIT_REFERENCED : 0;
    b |= test_bit(PG_unevictable, flags) ? HU_AUDIT_UNEVICTABLE : 0;
    b |= test_bit(PG_mlocked, flags) ? HU_AUDIT_MLOCKED : 0;
    return b;
}

/* Runs on one CPU while stop_machine holds every other one. */
static int audit_frozen(void *arg)
{
    struct audit_run *run = arg;
    u8 *frames = (u8 *)run->au + run->au->frames_offset;
    u64 deadline = ktime_get_mono_fast_ns() + HU_AUDIT_WAIT_NS;

    for (unsigned long pfn = 0; pfn < run->n_frames; pfn++)
        frames[pfn] = frame_flags(pfn);
    WRITE_ONCE(run->au->n_frames, run->n_frames);
    smp_store_release(&run->au->guest_seq, run->seq);
    while (smp_load_acquire(&run->au->host_seq) != run->seq) {
        if (ktime_get_mono_fast_ns() > deadline)
            return 0;
        cpu_relax();
    }
    run->host_done = true;
    return 0;
}

static int audit_set(const char *val, const struct kernel_param *kp)
{
    const struct hu_chan_header *h = header();
    unsigned long *max_pfn = (unsigned long *)hu_chan_lookup_name("max_pfn");
    struct audit_run run;
    int ret;

    if (!h || !h->audit_size || !max_pfn)
        return -ENODEV;
    run.au = (struct hu_chan_audit *)(chan + h->audit_offset);
    if (run.au->frames_offset < sizeof(*run.au) || run.au->frames_offset > h->audit_size)
        return -EPROTO;
    run.n_frames = min_t(u64, READ_ONCE(*max_pfn), h->audit_size - run.au->frames_offset);
    mutex_lock(&audit_lock);
    run.seq = READ_ONCE(run.au->guest_seq) + 1;
    run.host_done = false;
    ret = stop_machine(audit_frozen, &run, NULL);
    mutex_unlock(&audit_lock);
    pr_info("hupcall: audit %u: %llu frames recorded with every CPU stopped; host %s\n", run.seq,
            run.n_frames, run.host_done ? "compared them" : "did not answer in time");
    return ret ?: (run.host_done ? 0 : -ETIMEDOUT);
}

static const struct kernel_param_ops audit_ops = {.set = audit_set};
module_param_cb(audit, &audit_ops, NULL, 0200);
MODULE_PARM_DESC(audit, "write 1: freeze the guest and let the host audit every frame");

/* ---- The PCI driver. */

static int hu_ivshmem_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
    int ret = pcim_enable_device(pdev);

    if (ret)
        return ret;
    ret = pci_request_region(pdev, 2, "hu_ivshmem");
    if (ret)
        return ret;
    /* The region is host memory: mapped cacheable, as memory, not as device registers. */
    chan_len = pci_resource_len(pdev, 2);
    chan = memremap(pci_resource_start(pdev, 2), chan_len, MEMREMAP_WB);
    if (!chan) {
        pci_release_region(pdev, 2);
        return -ENOMEM;
    }
    bitmap_zero(abandoned, HU_TRACKED_SLOTS); /* a new channel: no late answers due */
    pr_info("hupcall: channel of %llu KiB at %pa\n", (u64)chan_len >> 10,
            &pdev->resource[2].start);
    return 0;
}

static void hu_ivshmem_remove(struct pci_dev *pdev)
{
    memunmap(chan);
    chan = NULL;
    pci_release_region(pdev, 2);
}

static const struct pci_device_id hu_ivshmem_ids[] = {
    {PCI_DEVICE(0x1af4, 0x1110)}, /* ivshmem-plain */
    {0},
};
MODULE_DEVICE_TABLE(pci, hu_ivshmem_ids);

static struct pci_driver hu_ivshmem_driver = {
    .name = "hu_ivshmem",
    .id_table = hu_ivshmem_ids,
    .probe = hu_ivshmem_probe,
    .remove = hu_ivshmem_remove,
};
module_pci_driver(hu_ivshmem_driver);

MODULE_DESCRIPTION("hyperupcall registration channel over ivshmem-plain");
MODULE_LICENSE("Dual MIT/GPL");
