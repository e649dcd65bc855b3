// SPDX-License-Identifier: GPL-2.0
/*
 * hu_sample: a Linux module carrying the kernel-headers hyperupcalls reclaim and aging
 * (../hupcalls/), registered with the host through the ivshmem channel (hu_ivshmem.ko) when it
 * loads and unregistered when it goes. Each gets the struct page array as its window; the
 * captured variables (vmemmap_base) are read by the table walker into env[].
 */
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hu_chan.h"
#include "register.h"

#define HU_SAMPLE_MAX 8

static u32 ids[HU_SAMPLE_MAX];
static int n_ids;

/* One table entry to the host: the symbols its code references (env slot 0) at their running
 * addresses, the window and env[] the walk computed, and what this guest may declare. */
static int to_host(const struct hu_registration *reg, void *cookie)
{
    struct hu_chan_sym *syms = kcalloc(reg->n_syms ?: 1, sizeof(*syms), GFP_KERNEL);
    struct hu_chan_req r = {
        .event = reg->event,
        .flags = hu_chan_guest_flags(),
        .name = reg->name,
        .window_base = reg->window_base,
        .window_size = reg->window_size,
        .syms = syms,
        .object = reg->object,
        .object_size = reg->object_size,
    };
    int ret;

    if (!syms)
        return -ENOMEM;
    if (n_ids == HU_SAMPLE_MAX) {
        kfree(syms);
        return -ENOSPC;
    }
    memcpy(r.env, reg->env, sizeof(r.env));
    for (u32 i = 0; i < reg->n_syms; i++) {
        if (hu_reg_sym_env_slot(reg, i))
            continue;
        syms[r.n_syms].addr = hu_reg_sym_addr(reg, i);
        strscpy(syms[r.n_syms].name, hu_reg_sym_name(reg, i), sizeof(syms->name));
        r.n_syms++;
    }
    ret = hu_chan_register(&r, &ids[n_ids]);
    if (!ret)
        n_ids++;
    kfree(syms);
    return ret;
}

static void unregister_all(void)
{
    while (n_ids)
        hu_chan_unregister(ids[--n_ids]);
}

static int __init hu_sample_init(void)
{
    /* The struct page array up to the end of the direct map (max_pfn is not exported). */
    unsigned long frames = (__pa(high_memory - 1) >> PAGE_SHIFT) + 1;
    unsigned long text = hu_chan_lookup_name("_text");
    struct hu_guest_config cfg = {
        .window_base = vmemmap_base,
        .window_size = roundup_pow_of_two(frames * sizeof(struct page)),
        .env = {text ? text - __START_KERNEL : 0}, /* env[0]: the KASLR slide */
        .sym_slide = 0, /* the module loader relocated the table's symbol addresses */
    };
    struct hu_guest_error err;
    int n = hu_guest_register_all(&cfg, to_host, NULL, &err);

    if (n < 0) {
        pr_err("hu_sample: table offset %lu: %s\n", (unsigned long)err.offset,
               err.why ?: "refused by the host (reason above)");
        unregister_all();
        return n;
    }
    pr_info("hu_sample: %d hyperupcalls registered, window %lu KiB at %lx\n", n,
            (unsigned long)cfg.window_size >> 10, (unsigned long)cfg.window_base);
    return 0;
}

static void __exit hu_sample_exit(void)
{
    unregister_all();
}

module_init(hu_sample_init);
module_exit(hu_sample_exit);
MODULE_DESCRIPTION("hupcall: reclaim and aging hyperupcalls of a real Linux guest");
MODULE_LICENSE("GPL");
