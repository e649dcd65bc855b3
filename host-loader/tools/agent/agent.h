/* SPDX-License-Identifier: MIT */
/* hu-agent: the host side of hyperupcalls for a running QEMU guest. It serves the registration
 * channel (channel.h over an ivshmem-plain BAR), keeps the registered hyperupcalls in two VMs (the
 * JIT and the interpreter), and fires them on the operator's commands: reclaim (discard free
 * frames), aging (cold frames), audit (compare with the frozen guest's own answers). */
#ifndef HU_AGENT_H
#define HU_AGENT_H

#include <stdint.h>

#include <hupcall/channel.h>
#include <hupcall/huhost.h>

#include "guest_ram.h"
#include "gwindow.h"
#include "qmp.h"

#define AGENT_MAX_LIVE 16 /* hyperupcalls kept registered at once */
#define AGENT_SLOTS 16    /* channel slots */
#define AGENT_SLOT_SIZE (128 << 10)
#define AGENT_ENGINES 2 /* index = enum hu_engine */

/* One registered hyperupcall. */
struct agent_reg {
    uint32_t id;
    uint32_t event;
    uint32_t flags; /* HU_CHAN_F_* */
    uint32_t insns;
    uint64_t window_ns; /* time the window took to build */
    char name[HU_CHAN_NAME_MAX];
    uint64_t env[HU_CTX_NENV];
    struct hu_object *obj;
    struct hu_symtab *syms;
    struct gwindow gw;
};

struct agent {
    struct guest_ram ram;
    uint8_t *chan; /* the shared channel region */
    uint64_t chan_size;
    struct qmp qmp;
    int have_qmp;
    struct hu_vm *vm[AGENT_ENGINES];
    struct agent_reg regs[AGENT_MAX_LIVE];
    unsigned n_regs;
    uint32_t next_id;
    uint8_t *slot_copy; /* a private copy of the slot being handled */
    uint64_t answered, refused;
};

/* agent_chan.c: formats the channel and answers every READY slot. */
int agent_chan_open(struct agent *a, const char *path, char *err, size_t errlen);
void agent_chan_close(struct agent *a);
/* Handles the READY slots; returns how many were answered. */
unsigned agent_chan_poll(struct agent *a);
struct hu_chan_audit *agent_chan_audit(struct agent *a, uint64_t *frames_room);

/* agent_reg.c: registration from a private copy of a request checked by hu_chan_request_invalid;
 * 0 or -errno, the answer's text in msg. */
int agent_register(struct agent *a, const struct hu_chan_slot *req, uint32_t *id, char *msg,
                   size_t msglen);
int agent_unregister(struct agent *a, uint32_t id, char *msg, size_t msglen);
int agent_vms_create(struct agent *a, char *err, size_t errlen);
void agent_regs_free(struct agent *a);
/* The registrations of `event`, and whether all of them declared HU_CHAN_F_FREE_DISPOSABLE. */
unsigned agent_count_event(const struct agent *a, uint32_t event, int *all_disposable);

/* agent_cmd.c: the operator's commands, one line each; output on stdout. 0, or 1 after a failure
 * (reported), or -1 for quit. */
int agent_command(struct agent *a, char *line);

/* Monotonic time in nanoseconds. */
uint64_t agent_now_ns(void);

#endif /* HU_AGENT_H */
