// SPDX-License-Identifier: GPL-2.0
/*
 * A module that finds its own hyperupcall table and prints what a registration carries: event,
 * name, object size, the symbol references at the running kernel's addresses and the env[]
 * values the guest-side code captured. A real module hands each record to its hypervisor channel
 * instead of printing it.
 */
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/printk.h>

#include "register.h"

static int print_registration(const struct hu_registration *reg, void *cookie)
{
    hu_u32 i;

    pr_info("hupcall_example: %s: event %u, object %lu bytes, window %lx+%lx\n", reg->name,
            reg->event, (unsigned long)reg->object_size, (unsigned long)reg->window_base,
            (unsigned long)reg->window_size);
    for (i = 0; i < reg->n_syms; i++)
        pr_info("hupcall_example:   %s at %lx, env slot %u\n", hu_reg_sym_name(reg, i),
                (unsigned long)hu_reg_sym_addr(reg, i), hu_reg_sym_env_slot(reg, i));
    for (i = 0; i < HU_CTX_NENV; i++)
        pr_info("hupcall_example:   env[%u] = %lx\n", i, (unsigned long)reg->env[i]);
    return 0;
}

/* The struct page array: from vmemmap_base, a power of two covering every frame up to the end of
 * the direct map (high_memory; max_pfn is not exported to modules). */
static void struct_page_window(struct hu_guest_config *cfg)
{
    unsigned long frames = (__pa(high_memory - 1) >> PAGE_SHIFT) + 1;

    cfg->window_base = vmemmap_base;
    cfg->window_size = roundup_pow_of_two(frames * sizeof(struct page));
}

static int __init hupcall_example_init(void)
{
    struct hu_guest_config cfg = {.sym_slide = 0}; /* the module loader relocated the table */
    struct hu_guest_error err;
    int n;

    struct_page_window(&cfg);
    n = hu_guest_register_all(&cfg, print_registration, NULL, &err);
    if (n < 0)
        pr_err("hupcall_example: table offset %lu: %s\n", (unsigned long)err.offset,
               err.why ? err.why : "refused");
    else
        pr_info("hupcall_example: %d hyperupcalls\n", n);
    return n < 0 ? n : 0;
}

static void __exit hupcall_example_exit(void)
{
}

module_init(hupcall_example_init);
module_exit(hupcall_example_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hupcall: a module carrying hyperupcalls");
