/* SPDX-License-Identifier: MIT */
/* Registration of a hyperupcall sent by the guest: limits first (count, name, window size, so
 * that no hostile request costs more than a bounded walk), then the window from the guest's page
 * tables, the symbols from the request, and hu_register (verification, JIT) in both engines. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"

int agent_vms_create(struct agent *a, char *err, size_t errlen)
{
    for (int e = 0; e < AGENT_ENGINES; e++) {
        struct hu_vm_opts o = {.guest_mem_size = a->ram.mem.size, .n_vcpus = 1, .engine = e};
        int ret = hu_vm_create(&o, &a->vm[e], err, errlen);
        if (ret)
            return ret;
    }
    return 0;
}

static void reg_free(struct agent_reg *r)
{
    hu_object_close(r->obj);
    hu_symtab_free(r->syms);
    gwindow_free(&r->gw);
    memset(r, 0, sizeof(*r));
}

void agent_regs_free(struct agent *a)
{
    for (int e = 0; e < AGENT_ENGINES; e++) {
        hu_vm_destroy(a->vm[e]);
        a->vm[e] = NULL;
    }
    for (unsigned i = 0; i < a->n_regs; i++)
        reg_free(&a->regs[i]);
    a->n_regs = 0;
}

/* Registers r in each engine's VM; *added counts the VMs that took it before a failure. */
static int add_to_vms(struct agent *a, const struct agent_reg *r, int *added, char *err,
                      size_t errlen)
{
    struct hu_reg_opts o = {.name = r->name, .window = r->gw.win, .symtab = r->syms};
    memcpy(o.env, r->env, sizeof(o.env));
    for (*added = 0; *added < AGENT_ENGINES; ++*added) {
        int ret = hu_register(a->vm[*added], r->obj, &o, err, errlen);
        if (ret < 0)
            return ret;
    }
    return 0;
}

/* Limits a request must meet before the agent walks anything. */
static int check_limits(const struct agent *a, const struct hu_chan_slot *req, char *msg,
                        size_t msglen)
{
    uint64_t ram = a->ram.mem.size;

    if (a->n_regs >= AGENT_MAX_LIVE) {
        snprintf(msg, msglen, "refused '%s': limit of %u registered hyperupcalls reached",
                 req->name, AGENT_MAX_LIVE);
        return -ENOSPC;
    }
    for (unsigned i = 0; i < a->n_regs; i++)
        if (!strcmp(a->regs[i].name, req->name)) {
            snprintf(msg, msglen, "refused '%s': a hyperupcall of that name is registered (id %u)",
                     req->name, a->regs[i].id);
            return -EEXIST;
        }
    if (HU_EVENT_IS_GLOBAL(req->event) ? req->window_size > ram / 100 * HU_WINDOW_MAX_PERCENT_GLOBAL
                                       : req->window_size > ram) {
        snprintf(msg, msglen,
                 "refused '%s': window of %llu KiB exceeds the limit of a %s hyperupcall "
                 "(%s of %llu MiB of guest memory)",
                 req->name, (unsigned long long)(req->window_size >> 10),
                 HU_EVENT_IS_GLOBAL(req->event) ? "global" : "local",
                 HU_EVENT_IS_GLOBAL(req->event) ? "2%" : "all", (unsigned long long)(ram >> 20));
        return -E2BIG;
    }
    return 0;
}

/* Object, symbols and window of a request that met the limits. */
static int build(struct agent *a, const struct hu_chan_slot *req, struct agent_reg *r, char *err,
                 size_t errlen)
{
    const uint8_t *base = (const uint8_t *)req;
    const struct hu_chan_sym *syms = (const struct hu_chan_sym *)(base + req->syms_offset);
    size_t idx;
    int ret;

    if ((ret = hu_object_open(base + req->object_offset, req->object_size, &r->obj, err, errlen)))
        return ret;
    for (idx = 0; idx < hu_object_count(r->obj); idx++)
        if (!strcmp(hu_object_name(r->obj, idx), req->name))
            break;
    if (idx == hu_object_count(r->obj) || hu_object_event(r->obj, idx) != req->event) {
        snprintf(err, errlen, "the object has no hyperupcall '%s' for event %s", req->name,
                 hu_event_name(req->event) ? hu_event_name(req->event) : "(unknown)");
        return -EINVAL;
    }
    r->insns = hu_object_insn_count(r->obj, idx);
    if (!(r->syms = hu_symtab_new()))
        return -ENOMEM;
    for (uint32_t i = 0; i < req->n_syms; i++)
        if ((ret = hu_symtab_add(r->syms, syms[i].name, syms[i].addr))) {
            snprintf(err, errlen, "bad guest symbol '%s'", syms[i].name);
            return ret;
        }
    r->window_ns = agent_now_ns();
    ret = gwindow_build(&a->ram, req->pt_root, req->pt_levels, req->window_base, req->window_size,
                        &r->gw, err, errlen);
    r->window_ns = agent_now_ns() - r->window_ns;
    return ret;
}

int agent_register(struct agent *a, const struct hu_chan_slot *req, uint32_t *id, char *msg,
                   size_t msglen)
{
    struct agent_reg *r = &a->regs[a->n_regs];
    char err[HU_CHAN_MSG_MAX - 64];
    uint64_t t0 = agent_now_ns();
    int ret, added = 0;

    if ((ret = check_limits(a, req, msg, msglen)))
        return ret;
    memset(r, 0, sizeof(*r));
    r->event = req->event;
    r->flags = req->flags;
    memcpy(r->name, req->name, sizeof(r->name));
    memcpy(r->env, req->env, sizeof(r->env));
    err[0] = 0;
    ret = build(a, req, r, err, sizeof(err));
    if (!ret)
        ret = add_to_vms(a, r, &added, err, sizeof(err));
    if (ret) {
        snprintf(msg, msglen, "refused '%s': %s", req->name, err);
        reg_free(r);
        /* A VM that took it already (libhuhost has no removal): rebuild both from the live ones. */
        if (added)
            agent_unregister(a, 0, err, sizeof(err));
        return ret;
    }
    r->id = *id = ++a->next_id;
    a->n_regs++;
    snprintf(
        msg, msglen,
        "registered '%s' (id %u, event %s): %u instructions, window %llu KiB at %#llx from "
        "%llu run(s) of guest RAM (built in %.0f us), %llu KiB unmapped; registered in %.1f ms",
        r->name, r->id, hu_event_name(r->event), r->insns,
        (unsigned long long)(req->window_size >> 10), (unsigned long long)req->window_base,
        (unsigned long long)r->gw.runs, (double)r->window_ns / 1e3,
        (unsigned long long)(r->gw.holes >> 10), (double)(agent_now_ns() - t0) / 1e6);
    return 0;
}

/* Drops registration `id` (0: none) and rebuilds both VMs from the rest (libhuhost has no removal;
 * re-verifying a few hyperupcalls takes microseconds). */
int agent_unregister(struct agent *a, uint32_t id, char *msg, size_t msglen)
{
    unsigned kept = 0;
    int found = 0, ret, added;

    for (unsigned i = 0; i < a->n_regs; i++) {
        if (id && a->regs[i].id == id) {
            reg_free(&a->regs[i]);
            found = 1;
            continue;
        }
        if (kept != i)
            a->regs[kept] = a->regs[i];
        kept++;
    }
    if (id && !found) {
        snprintf(msg, msglen, "refused: no hyperupcall with id %u", id);
        return -ENOENT;
    }
    a->n_regs = kept;
    for (int e = 0; e < AGENT_ENGINES; e++)
        hu_vm_destroy(a->vm[e]);
    if ((ret = agent_vms_create(a, msg, msglen)))
        return ret;
    for (unsigned i = 0; i < a->n_regs; i++)
        if ((ret = add_to_vms(a, &a->regs[i], &added, msg, msglen)))
            return ret;
    snprintf(msg, msglen, "unregistered id %u; %u hyperupcall(s) remain", id, a->n_regs);
    return 0;
}

unsigned agent_count_event(const struct agent *a, uint32_t event, int *all_disposable)
{
    unsigned n = 0;
    *all_disposable = 1;
    for (unsigned i = 0; i < a->n_regs; i++)
        if (a->regs[i].event == event) {
            n++;
            if (!(a->regs[i].flags & HU_CHAN_F_FREE_DISPOSABLE))
                *all_disposable = 0;
        }
    return n;
}
