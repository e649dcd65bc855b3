/* SPDX-License-Identifier: MIT */
/*
 * What the harness knows about one sample hyperupcall: its event, its guest model, how to make
 * events, the native build of the same C, and how to summarise a run for people. Each sample's
 * model.c defines one or more of these; the harness (diff, hostile, demo, bench) drives them.
 */
#ifndef SAMPLE_SAMPLE_H
#define SAMPLE_SAMPLE_H

#include <hupcall/abi.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

/* One hypervisor event as the harness fires it. */
struct sample_event {
    uint32_t vcpu;
    uint64_t rip;
    uint64_t args[HU_CTX_NARGS];
    uint64_t exit_info[HU_EXIT_INFO_TSC + 1]; /* what get_exit_info() answers */
    uint32_t reg_vcpu;                        /* get_vcpu_register(reg_vcpu, r) answers regs[r] */
    uint64_t regs[HU_REG_COUNT];
    int edge; /* generator's label: an edge case, for tallies */
};

/* How the events of one run came out, for the demo's report. */
struct sample_tally {
    unsigned int events;
    unsigned int r0[4]; /* r0 == 0, 1, 2, anything else */
    unsigned int wrong; /* results that disagree with the model's ground truth */
    unsigned int helper[HU_HELPER_MAX + 1];
    unsigned int edges; /* events the generator labelled as edge cases */
};

struct sample {
    const char *name;       /* "discard"; also the object's base name */
    const char *entry;      /* the hyperupcall's entry function */
    uint32_t event;         /* HU_EVENT_* */
    const char *event_name; /* HU_EVENT_NAME_* */
    uint64_t window_size;
    uint64_t guest_mem;
    unsigned int src_lines; /* C lines of the hyperupcall source (the build counts them) */
    const char *paper_name; /* the row of the paper's Table 5 */
    unsigned int paper_hu, paper_native; /* its cycles per call: hyperupcall, native */
    /* Lays out the guest structures and symbols in a freshly mapped, zeroed window. */
    void (*build)(struct model *m);
    /* The next event; may first change guest memory, as the running guest would. */
    void (*next_event)(struct model *m, unsigned int i, struct sample_event *ev);
    /* The expected r0 from the model's ground truth, or -1 when the model does not know. */
    int64_t (*oracle)(struct model *m, const struct sample_event *ev);
    /* The natively compiled hyperupcall. */
    long (*native)(const struct hu_ctx *ctx);
    /* One or two lines for the demo. */
    void (*report)(FILE *out, struct model *m, const struct sample_tally *t);
};

#endif /* SAMPLE_SAMPLE_H */
