/* SPDX-License-Identifier: MIT */
/* VMs: registration (resolve guest symbols, check the window, verify) and firing events. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hupcall/huhost.h>

#include "errmsg.h"
#include "jit.h"
#include "object.h"
#include "run.h"
#include "slot.h"
#include "verifier.h"
#include "vm.h"

/* A registered hyperupcall: its own resolved copy of the program, and what its event's slots
 * (slot.h) take from it, laid out for vCPU 0. */
struct hu_reg {
    struct hu_prog prog;
    struct hu_ctx ctx;
    struct hu_run run;
    hu_jit_entry_fn entry;
    struct hu_jit *jit;       /* HU_ENGINE_JIT: the verified program, compiled */
    struct hu_interp *interp; /* HU_ENGINE_INTERP: the verified program, decoded */
};

/* Event ids index the VM's lists directly (hu_event_from_name yields ids below this). */
#define HU_EVENT_SLOTS 32

/* The hyperupcalls of one event, in registration order, and its slots: none until its first
 * registration or hu_event_slot, then one per vCPU until hu_vm_destroy. */
struct hu_event_regs {
    struct hu_reg **regs;
    size_t n;
    struct hu_slot *slots;
};

struct hu_vm {
    struct hu_vm_opts opts;
    struct hu_event_regs by_event[HU_EVENT_SLOTS];
};

int hu_vm_create(const struct hu_vm_opts *opts, struct hu_vm **out, char *err, size_t errlen)
{
    if (!opts || !out)
        return hu_errf(err, errlen, -EINVAL, "hu_vm_create: bad arguments");
    if (opts->n_vcpus == 0)
        return hu_errf(err, errlen, -EINVAL, "hu_vm_create: a VM has at least one vCPU");
    if (opts->engine != HU_ENGINE_INTERP && opts->engine != HU_ENGINE_JIT)
        return hu_errf(err, errlen, -EINVAL, "hu_vm_create: unknown engine %u", opts->engine);
    struct hu_vm *vm = calloc(1, sizeof(*vm));
    if (!vm)
        return hu_errf(err, errlen, -ENOMEM, "out of memory");
    vm->opts = *opts;
    *out = vm;
    return 0;
}

static void reg_free(struct hu_reg *r)
{
    if (r) {
        hu_jit_free(r->jit);
        hu_interp_free(r->interp);
        hu_prog_release(&r->prog);
        free(r);
    }
}

void hu_vm_destroy(struct hu_vm *vm)
{
    if (!vm)
        return;
    for (size_t e = 0; e < HU_EVENT_SLOTS; e++) {
        for (size_t i = 0; i < vm->by_event[e].n; i++)
            reg_free(vm->by_event[e].regs[i]);
        free(vm->by_event[e].regs);
        free(vm->by_event[e].slots);
    }
    free(vm);
}

/* Global windows are at most HU_WINDOW_MAX_PERCENT_GLOBAL (2%) of guest memory. */
static int check_window(const struct hu_vm *vm, const struct hu_prog *p, const struct hu_window *w,
                        char *err, size_t errlen)
{
    if (!w)
        return hu_errf(err, errlen, -EINVAL, "%s: no window", p->name);
    if (!HU_EVENT_IS_GLOBAL(p->event))
        return 0;
    uint64_t max = vm->opts.guest_mem_size / 100 * HU_WINDOW_MAX_PERCENT_GLOBAL;
    if (w->size > max)
        return hu_errf(err, errlen, -EINVAL,
                       "%s: window of %#llx bytes exceeds %d%% of guest memory (%#llx bytes) for "
                       "global event %s",
                       p->name, (unsigned long long)w->size, HU_WINDOW_MAX_PERCENT_GLOBAL,
                       (unsigned long long)vm->opts.guest_mem_size, hu_event_name(p->event));
    return 0;
}

/* Whether p's guest symbol i repeats the name of an earlier one. */
static bool seen_before(const struct hu_prog *p, uint32_t i)
{
    for (uint32_t j = 0; j < i; j++)
        if (strcmp(p->syms[j].name, p->syms[i].name) == 0)
            return true;
    return false;
}

/* Patches every guest symbol's ld_imm64 with its address plus the object's addend; names every
 * unresolved symbol at once, so a user fixes the map in one go. */
static int resolve(struct hu_prog *p, const struct hu_symtab *st, char *err, size_t errlen)
{
    char missing[512] = "";
    size_t len = 0, n_missing = 0;

    for (uint32_t i = 0; i < p->n_syms; i++) {
        const struct hu_sym_ref *s = &p->syms[i];
        uint64_t addr;
        int ret = st ? hu_symtab_lookup(st, s->name, &addr) : -ENOENT;
        if (ret == -ENOTUNIQ)
            return hu_errf(err, errlen, -ENOENT,
                           "%s: guest symbol %s is ambiguous (several addresses)", p->name,
                           s->name);
        if (ret) {
            if (!seen_before(p, i) && len < sizeof(missing)) {
                int k = snprintf(missing + len, sizeof(missing) - len, "%s%s",
                                 n_missing ? ", " : "", s->name);
                len += k > 0 ? (size_t)k : 0;
                n_missing++;
            }
            continue;
        }
        uint64_t v = addr + (uint64_t)s->addend;
        p->insns[s->insn].imm = (int32_t)(uint32_t)v;
        p->insns[s->insn + 1].imm = (int32_t)(uint32_t)(v >> 32);
    }
    if (n_missing)
        return hu_errf(err, errlen, -ENOENT, "%s: unresolved guest symbol%s %s", p->name,
                       n_missing > 1 ? "s:" : "", missing);
    return 0;
}

/* The interpreter behind a slot's entry, called as JIT code is: the slot is the cookie's. */
static struct hu_jit_ret interp_entry(uint64_t ctx, uint64_t r2, void *cookie)
{
    const struct hu_slot *s = (const void *)((char *)cookie - offsetof(struct hu_slot, run));
    struct hu_jit_ret ret = {0, HU_JIT_NO_FAULT};
    if (hu_interp_call(s->interp, ctx, r2, cookie, 0, NULL, &ret.r0, NULL, 0))
        ret.fault = 0;
    return ret;
}

/* The entry of slots whose event has none or several hyperupcalls: hands not_one the slot (at ctx)
 * with a fault word that is no instruction index (programs are far shorter). */
#define HU_SLOT_EACH (HU_JIT_NO_FAULT - 1)
static struct hu_jit_ret each_entry(uint64_t ctx, uint64_t r2, void *cookie)
{
    (void)r2, (void)cookie;
    return (struct hu_jit_ret){ctx, HU_SLOT_EACH};
}

/* The event's slots, allocated on first use, each naming its vCPU and the event's list. */
static int event_slots(struct hu_vm *vm, uint32_t e)
{
    struct hu_event_regs *l = &vm->by_event[e];
    uint32_t n = vm->opts.n_vcpus;
    if (l->slots)
        return 0;
    if (!(l->slots = aligned_alloc(_Alignof(struct hu_slot), n * sizeof(*l->slots))))
        return -ENOMEM;
    for (uint32_t i = 0; i < n; i++)
        l->slots[i] =
            (struct hu_slot){{.ctx = {.event = e, .vcpu_id = i}}, .entry = each_entry, .event = l};
    return 0;
}

/* Slot s takes r's context (not s's vcpu_id, rip, args), r's cookie for s's vCPU, not r's entry. */
static void take(struct hu_slot *s, const struct hu_reg *r)
{
    uint32_t vcpu = s->ctx.vcpu_id;
    memcpy(&s->ctx, &r->ctx, HU_CTX_OFF_RIP);
    memcpy(s->ctx.env, r->ctx.env, sizeof(s->ctx.env));
    s->ctx.vcpu_id = vcpu;
    s->run = r->run;
    s->run.vcpu = vcpu;
    s->interp = r->interp;
}

/* After the event's list changed: its slots run its one hyperupcall, or each_entry. */
static void refresh_event(struct hu_vm *vm, uint32_t e)
{
    struct hu_event_regs *l = &vm->by_event[e];
    for (uint32_t i = 0; l->slots && i < vm->opts.n_vcpus; i++) {
        if (l->n)
            take(&l->slots[i], l->regs[0]);
        l->slots[i].entry = l->n == 1 ? l->regs[0]->entry : each_entry;
    }
}

/* One hyperupcall of the object, resolved, checked and verified into a new hu_reg. */
static int prepare(const struct hu_vm *vm, const struct hu_object *obj, const struct hu_prog *src,
                   const struct hu_reg_opts *o, struct hu_reg **out, char *err, size_t errlen)
{
    struct hu_reg *r = calloc(1, sizeof(*r));
    int ret;
    if (!r || hu_prog_clone(&r->prog, src)) {
        free(r);
        return hu_errf(err, errlen, -ENOMEM, "out of memory");
    }
    if (src->event >= HU_EVENT_SLOTS) {
        ret = hu_errf(err, errlen, -EINVAL, "%s: event id %u out of range", src->name, src->event);
        goto fail;
    }
    if ((ret = check_window(vm, src, o->window, err, errlen)) ||
        (ret = resolve(&r->prog, o->symtab, err, errlen)))
        goto fail;
    const struct hu_window *w = o->window;
    r->ctx = (struct hu_ctx){.event = src->event,
                             .hva = (uint64_t)(uintptr_t)w->hva,
                             .guest_base = w->base,
                             .guest_mask = w->size - 1};
    memcpy(r->ctx.env, o->env, sizeof(r->ctx.env));
    r->run = hu_run_make(vm->opts.backend, vm->opts.backend_priv, w, 0);
    /* The instruction limit: fixed for global events, the registration's choice for local ones. */
    struct hu_verify_limits lim = {src->event, o->max_insns_local && !HU_EVENT_IS_GLOBAL(src->event)
                                                   ? o->max_insns_local
                                                   : hu_event_default_max_insns(src->event)};
    struct hu_verify_shape shape = {0};
    struct hu_verify_report rep = {.insn = -1, .shape = &shape};
    ret = hu_verify(&r->prog, &lim, &rep);
    if (ret) {
        hu_verify_format(obj->name, &r->prog, &rep, ret, err, errlen);
        goto fail;
    }
    /* Only now, verified, may the program reach an engine, with the verifier's structure. */
    /* The JIT binds the helpers to the window and backend now (jit_inline_helpers.c). */
    if (vm->opts.engine == HU_ENGINE_JIT)
        ret = hu_jit_compile_bound(&r->prog, &shape, &hu_run_helpers, &r->run,
                                   vm->opts.jit_unblinded ? HU_JIT_NO_BLINDING : 0, &r->jit, err,
                                   errlen);
    else
        ret = hu_interp_prepare(&r->prog, &shape, &hu_run_helpers, &r->interp, err, errlen);
    hu_verify_shape_release(&shape);
    if (ret)
        goto fail;
    r->entry = r->jit ? (hu_jit_entry_fn)r->jit->code : interp_entry;
    *out = r;
    return 0;
fail:
    reg_free(r);
    return ret;
}

/* Room in each event's list for the new registrations, and the event's slots, so that adding
 * them cannot fail. */
static int reserve(struct hu_vm *vm, struct hu_reg *const *add, size_t k)
{
    size_t more[HU_EVENT_SLOTS] = {0};
    for (size_t i = 0; i < k; i++)
        more[add[i]->prog.event]++;
    for (uint32_t e = 0; e < HU_EVENT_SLOTS; e++) {
        struct hu_event_regs *l = &vm->by_event[e];
        if (!more[e])
            continue;
        struct hu_reg **regs = realloc(l->regs, (l->n + more[e]) * sizeof(*regs));
        if (!regs)
            return -ENOMEM;
        l->regs = regs;
        if (event_slots(vm, e))
            return -ENOMEM;
    }
    return 0;
}

/* Prepares object i's hyperupcalls (all, or opts[i].name's) into add[*k]. */
static int prepare_object(const struct hu_vm *vm, const struct hu_object *obj,
                          const struct hu_reg_opts *o, struct hu_reg **add, size_t *k, char *err,
                          size_t errlen)
{
    size_t before = *k;
    if (o->max_insns_local > HU_MAX_INSNS_LOCAL_MAX)
        return hu_errf(err, errlen, -EINVAL, "max_insns_local %u is above the largest, %u",
                       o->max_insns_local, HU_MAX_INSNS_LOCAL_MAX);
    for (size_t i = 0; i < obj->n_progs; i++) {
        const struct hu_prog *p = &obj->progs[i];
        int ret;
        if (o->name && strcmp(o->name, p->name) != 0)
            continue;
        if ((ret = prepare(vm, obj, p, o, &add[*k], err, errlen)))
            return ret;
        (*k)++;
    }
    if (*k == before)
        return hu_errf(err, errlen, -ENOENT, "%s: no hyperupcall named %s", obj->name, o->name);
    return 0;
}

int hu_register_all(struct hu_vm *vm, const struct hu_object *const *objs,
                    const struct hu_reg_opts *opts, size_t n, char *err, size_t errlen)
{
    size_t total = 0, k = 0;
    for (size_t i = 0; i < n; i++)
        total += objs[i]->n_progs;
    struct hu_reg **add = calloc(total ? total : 1, sizeof(*add));
    int ret = 0;
    if (!add)
        return hu_errf(err, errlen, -ENOMEM, "out of memory");
    for (size_t i = 0; i < n && !ret; i++)
        ret = prepare_object(vm, objs[i], &opts[i], add, &k, err, errlen);
    if (!ret && reserve(vm, add, k))
        ret = hu_errf(err, errlen, -ENOMEM, "out of memory");
    if (ret) {
        /* All or nothing: none of them is registered. */
        for (size_t i = 0; i < k; i++)
            reg_free(add[i]);
        free(add);
        return ret;
    }
    for (size_t i = 0; i < k; i++) {
        struct hu_event_regs *l = &vm->by_event[add[i]->prog.event];
        l->regs[l->n++] = add[i];
        refresh_event(vm, add[i]->prog.event);
    }
    free(add);
    return (int)k;
}

int hu_register(struct hu_vm *vm, const struct hu_object *obj, const struct hu_reg_opts *opts,
                char *err, size_t errlen)
{
    if (!vm || !obj || !opts)
        return hu_errf(err, errlen, -EINVAL, "hu_register: bad arguments");
    return hu_register_all(vm, &obj, opts, 1, err, errlen);
}

int hu_unregister(struct hu_vm *vm, const char *name)
{
    int removed = 0;
    if (!vm || !name)
        return -EINVAL;
    for (size_t e = 0; e < HU_EVENT_SLOTS; e++) {
        struct hu_event_regs *l = &vm->by_event[e];
        size_t kept = 0;
        for (size_t i = 0; i < l->n; i++) {
            if (strcmp(l->regs[i]->prog.name, name) == 0) {
                reg_free(l->regs[i]);
                removed++;
            } else {
                l->regs[kept++] = l->regs[i];
            }
        }
        l->n = kept;
        refresh_event(vm, (uint32_t)e);
    }
    return removed ? removed : -ENOENT;
}

int hu_event_slot(struct hu_vm *vm, uint32_t event, uint32_t vcpu, struct hu_fire_args **slot,
                  char *err, size_t errlen)
{
    if (!vm || !slot)
        return hu_errf(err, errlen, -EINVAL, "hu_event_slot: bad arguments");
    if (event >= HU_EVENT_SLOTS || !hu_event_name(event))
        return hu_errf(err, errlen, -EINVAL, "hu_event_slot: unknown event %u", event);
    if (vcpu >= vm->opts.n_vcpus)
        return hu_errf(err, errlen, -EINVAL, "hu_event_slot: vCPU %u of a VM with %u", vcpu,
                       vm->opts.n_vcpus);
    if (event_slots(vm, event))
        return hu_errf(err, errlen, -ENOMEM, "out of memory");
    *slot = &vm->by_event[event].slots[vcpu].in_place.args;
    return 0;
}

/* What a slot's entry returned other than one hyperupcall's r0: a fault, or each_entry's slot,
 * which then runs each of the event's hyperupcalls in turn; the first non-zero r0 decides. Out of
 * line, so that hu_fire_slot's common path is straight. */
HU_JIT_NO_SANITIZE_FUNCTION __attribute__((noinline, cold)) static int
not_one(struct hu_jit_ret ret, uint64_t *r0)
{
    struct hu_slot *s = (void *)(uintptr_t)ret.r0;
    uint64_t first = 0;
    *r0 = 0;
    if ((uint32_t)ret.fault != HU_SLOT_EACH)
        return -EFAULT;
    for (size_t i = 0; i < s->event->n; i++) {
        take(s, s->event->regs[i]);
        ret = s->event->regs[i]->entry((uint64_t)(uintptr_t)&s->ctx, 0, &s->run);
        if ((uint32_t)ret.fault != HU_JIT_NO_FAULT)
            return -EFAULT;
        first = first ? first : ret.r0;
    }
    *r0 = first;
    return (int)s->event->n;
}

/* The common case, one hyperupcall: one call. r2 is r0's address, left in rsi (the verifier
 * refuses reading r2 at entry); the empty asm has gcc address the slot from rdi, not a copy. */
HU_JIT_NO_SANITIZE_FUNCTION
int hu_fire_slot(struct hu_fire_args *slot, uint64_t *r0)
{
    struct hu_slot *s = hu_slot_of(slot);
    __asm__("" : "+r"(s));
    struct hu_jit_ret ret = s->entry((uint64_t)(uintptr_t)&s->ctx, (uintptr_t)r0, &s->run);
    if ((uint32_t)ret.fault != HU_JIT_NO_FAULT)
        return not_one(ret, r0);
    *r0 = ret.r0;
    return 1;
}

int hu_fire(struct hu_vm *vm, uint32_t event, const struct hu_event_args *ev, uint64_t *r0)
{
    if (!vm || !ev || !r0 || ev->vcpu >= vm->opts.n_vcpus)
        return -EINVAL;
    struct hu_slot *s = event < HU_EVENT_SLOTS ? vm->by_event[event].slots : NULL;
    if (!s) {
        *r0 = 0;
        return 0;
    }
    struct hu_fire_args *a = &s[ev->vcpu].in_place.args;
    a->rip = ev->rip;
    memcpy(a->args, ev->args, sizeof(a->args));
    return hu_fire_slot(a, r0);
}
