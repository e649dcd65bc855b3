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
#include "verifier.h"
#include "vm.h"

/* One vCPU's run state for one hyperupcall: its context and the helpers' cookie, laid out at
 * registration with everything no event changes (event, vcpu_id, hva, guest_base, guest_mask,
 * env; backend, window, vCPU), so that hu_fire writes only rip and args. The verifier keeps the
 * context read-only; a vCPU's slot is written only by fires for that vCPU, and a cache line of its
 * own keeps different vCPUs' fires from sharing one. */
struct hu_slot {
    _Alignas(64) struct hu_ctx ctx;
    struct hu_run run;
};

/* A registered hyperupcall: its own resolved copy of the program, its window, and one slot per
 * vCPU. */
struct hu_reg {
    struct hu_prog prog;
    const struct hu_window *w;
    struct hu_slot *slots;    /* n_vcpus of them */
    struct hu_jit *jit;       /* HU_ENGINE_JIT: the verified program, compiled */
    struct hu_interp *interp; /* HU_ENGINE_INTERP: the verified program, decoded */
};

/* Event ids index the VM's lists directly (hu_event_from_name yields ids below this). */
#define HU_EVENT_SLOTS 32

/* The hyperupcalls of one event, in registration order: hu_fire walks only its event's. */
struct hu_event_regs {
    struct hu_reg **regs;
    size_t n;
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
        free(r->slots);
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
    if (n_missing > 1)
        return hu_errf(err, errlen, -ENOENT, "%s: unresolved guest symbols: %s", p->name, missing);
    if (n_missing)
        return hu_errf(err, errlen, -ENOENT, "%s: unresolved guest symbol %s", p->name, missing);
    return 0;
}

/* The instruction limit: fixed for global events, the registration's choice for local ones. */
static uint32_t max_insns(uint32_t event, const struct hu_reg_opts *o)
{
    if (HU_EVENT_IS_GLOBAL(event))
        return HU_MAX_INSNS_GLOBAL;
    return o->max_insns_local ? o->max_insns_local : HU_MAX_INSNS_LOCAL_DEFAULT;
}

/* r's per-vCPU slots, every field but rip and args filled in. */
static int lay_out_slots(const struct hu_vm *vm, struct hu_reg *r, const uint64_t env[HU_CTX_NENV],
                         char *err, size_t errlen)
{
    uint32_t n = vm->opts.n_vcpus;
    r->slots = aligned_alloc(_Alignof(struct hu_slot), (size_t)n * sizeof(*r->slots));
    if (!r->slots)
        return hu_errf(err, errlen, -ENOMEM, "%s: out of memory for %u vCPUs' contexts",
                       r->prog.name, n);
    for (uint32_t i = 0; i < n; i++) {
        struct hu_slot *s = &r->slots[i];
        s->ctx = (struct hu_ctx){
            .event = r->prog.event,
            .vcpu_id = i,
            .hva = (uint64_t)(uintptr_t)r->w->hva,
            .guest_base = r->w->base,
            .guest_mask = r->w->size - 1,
        };
        memcpy(s->ctx.env, env, sizeof(s->ctx.env));
        const struct hu_backend *b = vm->opts.backend;
        s->run = hu_run_make(b, vm->opts.backend_priv, r->w, i);
    }
    return 0;
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
    r->w = o->window;
    if ((ret = lay_out_slots(vm, r, o->env, err, errlen)))
        goto fail;
    struct hu_verify_limits lim = {src->event, max_insns(src->event, o)};
    struct hu_verify_shape shape = {0};
    struct hu_verify_report rep = {.insn = -1, .shape = &shape};
    ret = hu_verify(&r->prog, &lim, &rep);
    if (ret) {
        hu_verify_format(obj->name, &r->prog, &rep, ret, err, errlen);
        goto fail;
    }
    /* Only now, verified, may the program reach an engine, with the verifier's structure. */
    /* The JIT binds the helpers to the window and backend now (jit_inline_helpers.c). */
    struct hu_run bound = hu_run_make(vm->opts.backend, vm->opts.backend_priv, r->w, 0);
    if (vm->opts.engine == HU_ENGINE_JIT)
        ret = hu_jit_compile_bound(&r->prog, &shape, &hu_run_helpers, &bound,
                                   vm->opts.jit_unblinded ? HU_JIT_NO_BLINDING : 0, &r->jit, err,
                                   errlen);
    else
        ret = hu_interp_prepare(&r->prog, &shape, &hu_run_helpers, &r->interp, err, errlen);
    hu_verify_shape_release(&shape);
    if (ret)
        goto fail;
    *out = r;
    return 0;
fail:
    reg_free(r);
    return ret;
}

/* Room in each event's list for the new registrations, so that adding them cannot fail. */
static int reserve(struct hu_vm *vm, struct hu_reg *const *add, size_t k)
{
    size_t more[HU_EVENT_SLOTS] = {0};
    for (size_t i = 0; i < k; i++)
        more[add[i]->prog.event]++;
    for (size_t e = 0; e < HU_EVENT_SLOTS; e++) {
        struct hu_event_regs *l = &vm->by_event[e];
        if (!more[e])
            continue;
        struct hu_reg **regs = realloc(l->regs, (l->n + more[e]) * sizeof(*regs));
        if (!regs)
            return -ENOMEM;
        l->regs = regs;
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
    }
    return removed ? removed : -ENOENT;
}

/* Runs one hyperupcall for an event in the vCPU's slot, writing only the event's rip and args.
 * *v is written only when it runs to its exit. Always inlined: hu_fire's common path then makes
 * one call, into the hyperupcall, keeping only r0's address across it. */
static inline __attribute__((always_inline)) int
run_one(const struct hu_reg *r, const struct hu_event_args *ev, uint64_t *v)
{
    struct hu_slot *s = &r->slots[ev->vcpu];
    s->ctx.rip = ev->rip;
    memcpy(s->ctx.args, ev->args, sizeof(s->ctx.args));
    if (r->jit)
        return hu_jit_run(r->jit, (uint64_t)(uintptr_t)&s->ctx, 0, &s->run, v, NULL, 0);
    return hu_interp_call(r->interp, (uint64_t)(uintptr_t)&s->ctx, 0, &s->run, 0, NULL, v, NULL, 0);
}

/* Every hyperupcall of the event runs; the first to return non-zero decides r0. Not inlined:
 * its loop would make hu_fire's one-hyperupcall path save and restore six registers. */
__attribute__((noinline)) static int run_each(const struct hu_event_regs *l,
                                              const struct hu_event_args *ev, uint64_t *r0)
{
    for (size_t i = 0; i < l->n; i++) {
        uint64_t v;
        int ret = run_one(l->regs[i], ev, &v);
        if (ret)
            return ret;
        if (v && !*r0)
            *r0 = v;
    }
    return (int)l->n;
}

int hu_fire(struct hu_vm *vm, uint32_t event, const struct hu_event_args *ev, uint64_t *r0)
{
    if (!vm || !ev || !r0 || ev->vcpu >= vm->opts.n_vcpus)
        return -EINVAL;
    *r0 = 0;
    if (event >= HU_EVENT_SLOTS)
        return 0;
    const struct hu_event_regs *l = &vm->by_event[event];
    if (l->n != 1) {
        int ret = run_each(l, ev, r0);
        return ret < 0 ? -EFAULT : ret;
    }
    /* One hyperupcall per event is the common case: its r0 is the answer, and no loop keeps
     * registers live across the run (this path saves one callee-saved register, for r0). */
    return run_one(l->regs[0], ev, r0) ? -EFAULT : 1;
}
