/* SPDX-License-Identifier: MIT */
#include "native.h"

#include <errno.h>
#include <hupcall/hupcall.h>
#include <string.h>

static _Thread_local struct native_run *current;

static uint64_t record(uint32_t helper, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t ret)
{
    if (current && current->n_calls < HU_RECORDER_MAX_CALLS) {
        struct hu_record *r = &current->calls[current->n_calls++];

        memset(r, 0, sizeof(*r));
        r->helper = helper;
        r->vcpu_self = current->ev->vcpu;
        r->args[0] = a1;
        r->args[1] = a2;
        r->args[2] = a3;
        r->ret = ret;
    }
    return ret;
}

/* The run's backend, called as libhuhost calls it, when the run has one. */
#define BACKEND() (current && current->backend)
#define CALL(cb, ...) current->backend->cb(current->backend_priv, current->ev->vcpu, __VA_ARGS__)

long hu_native_send_vcpu_ipi(hu_u64 vcpu, hu_u64 vector)
{
    if (BACKEND())
        return (long)CALL(send_vcpu_ipi, vcpu, vector);
    return (long)record(HU_HELPER_SEND_VCPU_IPI, vcpu, vector, 0, 0);
}

hu_u64 hu_native_get_vcpu_register(hu_u64 vcpu, hu_u64 reg)
{
    if (BACKEND())
        return CALL(get_vcpu_register, vcpu, reg);
    const struct sample_event *ev = current->ev;
    uint64_t v = vcpu == ev->reg_vcpu && reg < HU_REG_COUNT ? ev->regs[reg] : 0;

    return record(HU_HELPER_GET_VCPU_REGISTER, vcpu, reg, 0, v);
}

long hu_native_set_vcpu_register(hu_u64 vcpu, hu_u64 reg, hu_u64 value)
{
    if (BACKEND())
        return (long)CALL(set_vcpu_register, vcpu, reg, value);
    return (long)record(HU_HELPER_SET_VCPU_REGISTER, vcpu, reg, value, 0);
}

long hu_native_flush_tlb_vcpu(hu_u64 vcpu)
{
    if (BACKEND())
        return (long)CALL(flush_tlb_vcpu, vcpu);
    return (long)record(HU_HELPER_FLUSH_TLB_VCPU, vcpu, 0, 0, 0);
}

hu_u64 hu_native_get_exit_info(hu_u64 field)
{
    if (BACKEND())
        return CALL(get_exit_info, field);
    uint64_t v = field <= HU_EXIT_INFO_TSC ? current->ev->exit_info[field] : 0;

    return record(HU_HELPER_GET_EXIT_INFO, field, 0, 0, v);
}

int native_bind(const struct model *m, char *err, size_t errlen)
{
    for (size_t i = 0; i < native_n_syms; i++) {
        unsigned int j;

        for (j = 0; j < m->n_syms; j++)
            if (strcmp(m->syms[j].name, native_syms[i].name) == 0)
                break;
        if (j == m->n_syms) {
            snprintf(err, errlen, "guest symbol %s is not in the model", native_syms[i].name);
            return -ENOENT;
        }
        native_syms[i].set(m->syms[j].addr);
    }
    return 0;
}

void native_ctx(const struct sample *s, const struct model *m, const struct sample_event *ev,
                struct hu_ctx *ctx)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->event = s->event;
    ctx->vcpu_id = ev->vcpu;
    ctx->hva = m->base;
    ctx->guest_base = m->base;
    ctx->guest_mask = m->size - 1;
    ctx->rip = ev->rip;
    ctx->env[HU_ENV_KASLR_SLIDE] = m->slide;
    memcpy(ctx->args, ev->args, sizeof(ctx->args));
}

void native_enter(struct native_run *run, const struct sample_event *ev)
{
    native_enter_backend(run, ev, NULL, NULL);
}

void native_enter_backend(struct native_run *run, const struct sample_event *ev,
                          const struct hu_backend *backend, void *backend_priv)
{
    if (run) {
        run->ev = ev;
        run->n_calls = 0;
        run->backend = backend;
        run->backend_priv = backend_priv;
    }
    current = run;
}

uint64_t native_fire(const struct sample *s, const struct model *m, const struct sample_event *ev,
                     struct native_run *run)
{
    struct hu_ctx ctx;
    uint64_t r0;

    native_ctx(s, m, ev, &ctx);
    native_enter(run, ev);
    r0 = (uint64_t)s->native(&ctx);
    native_enter(NULL, NULL);
    return r0;
}
