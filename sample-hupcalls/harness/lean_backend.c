/* SPDX-License-Identifier: MIT */
#include "lean_backend.h"

static uint64_t lean_ipi(void *priv, uint32_t self, uint64_t vcpu, uint64_t vector)
{
    (void)priv, (void)self, (void)vcpu, (void)vector;
    return 0;
}

/* Only one vCPU's registers are defined per event; every other reads 0, as the recorder does. */
static uint64_t lean_get_reg(void *priv, uint32_t self, uint64_t vcpu, uint64_t reg)
{
    const struct sample_event *ev = ((const struct lean_state *)priv)->ev;

    (void)self;
    return vcpu == ev->reg_vcpu && reg < HU_REG_COUNT ? ev->regs[reg] : 0;
}

static uint64_t lean_set_reg(void *priv, uint32_t self, uint64_t vcpu, uint64_t reg, uint64_t v)
{
    (void)priv, (void)self, (void)vcpu, (void)reg, (void)v;
    return 0;
}

static uint64_t lean_flush(void *priv, uint32_t self, uint64_t vcpu)
{
    (void)priv, (void)self, (void)vcpu;
    return 0;
}

static uint64_t lean_exit_info(void *priv, uint32_t self, uint64_t field)
{
    const struct sample_event *ev = ((const struct lean_state *)priv)->ev;

    (void)self;
    return field <= HU_EXIT_INFO_TSC ? ev->exit_info[field] : 0;
}

const struct hu_backend lean_backend = {
    .send_vcpu_ipi = lean_ipi,
    .get_vcpu_register = lean_get_reg,
    .set_vcpu_register = lean_set_reg,
    .flush_tlb_vcpu = lean_flush,
    .get_exit_info = lean_exit_info,
};
