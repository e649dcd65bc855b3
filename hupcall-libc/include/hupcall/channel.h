/* SPDX-License-Identifier: MIT */
/*
 * The registration channel between a guest kernel and the host agent: a shared memory region the
 * hypervisor exposes to the guest as a PCI BAR (QEMU's ivshmem-plain, BAR 2, backed by a host
 * file). docs/real-guest.md explains the protocol; this header is its single definition, shared
 * by the guest driver and the agent.
 *
 *   [struct hu_chan_header, one 4 KiB page][slot 0]...[slot n_slots - 1][audit area]
 *
 * The host formats the header (magic, version, geometry) before the guest uses the channel; the
 * guest checks magic and version and uses only the geometry the header gives. A slot carries one
 * request (register or unregister a hyperupcall) and then the host's answer:
 *
 *   guest: FREE -> (claims with cmpxchg) CLAIMED -> fills the request -> READY
 *   host:  READY -> (takes with cmpxchg) TAKEN -> copies the slot, checks, acts
 *          -> writes status + message -> DONE
 *   guest: DONE (seq matches) -> reads the answer -> FREE
 *
 * A guest that stops waiting for an answer withdraws the slot with cmpxchg READY -> FREE: the host
 * has not taken it and never will. If the host took it (TAKEN), it still owns the slot and writes
 * its answer there: the guest reuses the slot only once it is DONE, discarding that late answer.
 * The host thus never writes into a slot the guest has reused, and a request's answer is never
 * read as another's (its seq is also echoed in answer_seq).
 *
 * State words are written last with release ordering and read first with acquire ordering. The
 * host copies a READY slot into its own memory before looking at any field (the guest may change
 * it meanwhile) and trusts nothing in it: every offset and count is checked with
 * hu_chan_request_invalid() below, which guest and host both run.
 *
 * Freestanding: compiles for the guest kernel, for the host and as C++.
 */
#ifndef HUPCALL_CHANNEL_H
#define HUPCALL_CHANNEL_H

#include <hupcall/abi.h>

#define HU_CHAN_MAGIC 0x48435548u /* "HUCH" in memory */
#define HU_CHAN_VERSION 2         /* 2: the host takes a READY slot (TAKEN) before answering */
#define HU_CHAN_HEADER_SIZE 4096
#define HU_CHAN_REQ_MAGIC 0x51455248u /* "HREQ" */
#define HU_CHAN_NAME_MAX 64           /* hyperupcall name, NUL-terminated */
#define HU_CHAN_SYM_NAME_MAX 120      /* guest symbol name, NUL-terminated */
#define HU_CHAN_MSG_MAX 512           /* the host's answer, NUL-terminated */

/* Page 0, written by the host. */
struct hu_chan_header {
    hu_u32 magic;        /* HU_CHAN_MAGIC */
    hu_u16 version;      /* HU_CHAN_VERSION */
    hu_u16 header_size;  /* HU_CHAN_HEADER_SIZE */
    hu_u32 n_slots;      /* request slots */
    hu_u32 slot_size;    /* bytes per slot, a multiple of 4096 */
    hu_u64 slots_offset; /* slot 0, from the start of the region */
    hu_u64 audit_offset; /* struct hu_chan_audit */
    hu_u64 audit_size;   /* its size, header included */
    hu_u32 max_live;     /* hyperupcalls the host keeps registered at once for this guest */
    hu_u32 host_serving; /* non-zero while an agent serves the channel */
    hu_u64 region_size;  /* the whole shared region */
};

/* Slot states (struct hu_chan_slot.state). */
enum hu_chan_state {
    HU_CHAN_FREE = 0,
    HU_CHAN_CLAIMED = 1, /* a guest CPU is filling the request */
    HU_CHAN_READY = 2,   /* request complete: the host's turn */
    HU_CHAN_DONE = 3,    /* answer written: the guest's turn */
    HU_CHAN_TAKEN = 4,   /* the host is answering: the guest must not reuse the slot */
};

enum hu_chan_op {
    HU_CHAN_OP_REGISTER = 1,   /* register the hyperupcall described by the request */
    HU_CHAN_OP_UNREGISTER = 2, /* drop the hyperupcall with id `id` */
};

/* Request flags. */
/* The guest does not rely on the contents of free frames (no page poisoning): the host may discard
 * frames this hyperupcall calls free and hand them back zeroed. Without it, reclaim never discards.
 */
#define HU_CHAN_F_FREE_DISPOSABLE 0x1u

/* One slot. Offsets inside it are relative to the slot's first byte. */
struct hu_chan_slot {
    hu_u32 state; /* enum hu_chan_state */
    hu_u32 seq;   /* the guest's request number, echoed in the answer */
    /* The answer, written by the host. */
    hu_s64 status;     /* 0: accepted (REGISTER) or dropped (UNREGISTER); -errno */
    hu_u32 id;         /* REGISTER: the host's id in the answer; UNREGISTER: the id to drop */
    hu_u32 answer_seq; /* = seq of the request answered */
    char message[HU_CHAN_MSG_MAX]; /* why it was refused, or what was registered */
    /* The request, written by the guest. */
    hu_u32 req_magic;   /* HU_CHAN_REQ_MAGIC */
    hu_u16 req_version; /* HU_CHAN_VERSION */
    hu_u16 abi_version; /* HU_ABI_VERSION */
    hu_u32 op;          /* enum hu_chan_op */
    hu_u32 flags;       /* HU_CHAN_F_* */
    hu_u32 event;       /* HU_EVENT_* */
    hu_u32 pt_levels;   /* 4 or 5: the guest's paging mode */
    hu_u64 pt_root;     /* guest-physical address of the top-level kernel page table */
    hu_u64 window_base; /* guest virtual; window_size a power of two, base aligned to it */
    hu_u64 window_size;
    hu_u64 env[HU_CTX_NENV];
    char name[HU_CHAN_NAME_MAX];
    hu_u32 n_syms;        /* struct hu_chan_sym[n_syms] at syms_offset */
    hu_u32 reserved;      /* 0 */
    hu_u64 syms_offset;   /* 8-byte aligned */
    hu_u64 object_offset; /* the BPF ELF object */
    hu_u64 object_size;
};

/* A guest symbol the object references, at the running kernel's address (KASLR applied). */
struct hu_chan_sym {
    hu_u64 addr;
    char name[HU_CHAN_SYM_NAME_MAX];
};

#define HU_CHAN_SLOT_SIZE_MIN 4096
#define HU_CHAN_SYM_SIZE 128

HU_STATIC_ASSERT(sizeof(struct hu_chan_header) == 56, "channel header is 56 bytes");
HU_STATIC_ASSERT(__builtin_offsetof(struct hu_chan_slot, message) == 24, "answer message");
HU_STATIC_ASSERT(__builtin_offsetof(struct hu_chan_slot, req_magic) == 536, "request");
HU_STATIC_ASSERT(sizeof(struct hu_chan_slot) == 744, "slot descriptor is 744 bytes");
HU_STATIC_ASSERT(sizeof(struct hu_chan_sym) == HU_CHAN_SYM_SIZE, "symbol record is 128 bytes");

/*
 * The audit area: the guest's own view of every frame, written while the whole guest is frozen
 * (stop_machine), so that the host can compare its hyperupcalls' verdicts with the guest kernel's
 * answers frame by frame. The guest fills frames[0..n_frames), then sets guest_seq; it stays
 * frozen until the host sets host_seq to the same value (or a timeout passes).
 */
struct hu_chan_audit {
    hu_u32 guest_seq;     /* snapshot number, written last by the guest */
    hu_u32 host_seq;      /* = guest_seq when the host is done with the snapshot */
    hu_u64 n_frames;      /* frames described, from frame 0 */
    hu_u64 frames_offset; /* frames[], from the start of the audit area */
};

/* Bits of one audit byte: the guest kernel's own is_free_buddy_page(), and the frame's own page
 * flags as /proc/kpageflags reports them (the frame's struct page, not its compound head). */
#define HU_AUDIT_FREE 0x01        /* is_free_buddy_page() */
#define HU_AUDIT_LRU 0x02         /* PG_lru (KPF_LRU) */
#define HU_AUDIT_ACTIVE 0x04      /* PG_active (KPF_ACTIVE) */
#define HU_AUDIT_REFERENCED 0x08  /* PG_referenced (KPF_REFERENCED) */
#define HU_AUDIT_UNEVICTABLE 0x10 /* PG_unevictable (KPF_UNEVICTABLE) */
#define HU_AUDIT_MLOCKED 0x20     /* PG_mlocked (KPF_MLOCKED) */
#define HU_AUDIT_VALID 0x80       /* pfn_valid(): the frame has a struct page */

/* The channel's geometry, as the header gives it: well formed or why not. */
static inline const char *hu_chan_header_invalid(const struct hu_chan_header *h, hu_u64 region)
{
    if (h->magic != HU_CHAN_MAGIC)
        return "no hyperupcall channel (bad magic)";
    if (h->version != HU_CHAN_VERSION)
        return "unsupported channel version";
    if (h->header_size != HU_CHAN_HEADER_SIZE || h->region_size > region)
        return "bad channel header size";
    if (h->slot_size < HU_CHAN_SLOT_SIZE_MIN || h->slot_size % 4096 || h->n_slots == 0 ||
        h->slots_offset < HU_CHAN_HEADER_SIZE || h->slots_offset > h->region_size ||
        h->n_slots > (h->region_size - h->slots_offset) / h->slot_size)
        return "channel slots outside the region";
    if (h->audit_size &&
        (h->audit_offset < h->slots_offset + (hu_u64)h->n_slots * h->slot_size ||
         h->audit_offset > h->region_size || h->audit_size > h->region_size - h->audit_offset ||
         h->audit_size < sizeof(struct hu_chan_audit)))
        return "channel audit area outside the region";
    return 0;
}

/* Names travel into logs on both sides: a hyperupcall's name is a C identifier. */
static inline int hu_chan_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/*
 * Why the request in `s` (a copy of a whole slot of `slot_size` bytes) is malformed, or 0. Every
 * offset and count is checked against the slot before it is used.
 */
static inline const char *hu_chan_request_invalid(const struct hu_chan_slot *s, hu_u64 slot_size)
{
    hu_u64 n, syms_end;

    if (s->req_magic != HU_CHAN_REQ_MAGIC)
        return "bad request magic: not a registration record";
    if (s->req_version != HU_CHAN_VERSION)
        return "unsupported channel version in the request";
    if (s->op == HU_CHAN_OP_UNREGISTER)
        return 0;
    if (s->op != HU_CHAN_OP_REGISTER)
        return "unknown request operation";
    if (s->abi_version != HU_ABI_VERSION)
        return "unsupported hyperupcall ABI version";
    if (s->pt_levels != 4 && s->pt_levels != 5)
        return "paging levels must be 4 or 5";
    if (s->pt_root % 4096)
        return "page-table root is not page aligned";
    if (s->window_size == 0 || (s->window_size & (s->window_size - 1)) ||
        (s->window_base & (s->window_size - 1)))
        return "window size is not a power of two or its base is not aligned to it";
    for (n = 0; n < HU_CHAN_NAME_MAX && s->name[n]; n++)
        if (!hu_chan_ident_char(s->name[n]))
            return "name is not a C identifier";
    if (n == 0 || n == HU_CHAN_NAME_MAX)
        return "name empty or not NUL-terminated";
    if (s->reserved || s->syms_offset % 8 || s->syms_offset < sizeof(*s) ||
        s->syms_offset > slot_size || s->n_syms > (slot_size - s->syms_offset) / HU_CHAN_SYM_SIZE)
        return "symbol records outside the slot";
    syms_end = s->syms_offset + (hu_u64)s->n_syms * HU_CHAN_SYM_SIZE;
    if (s->object_offset < sizeof(*s) || s->object_offset > slot_size || s->object_size == 0 ||
        s->object_size > slot_size - s->object_offset ||
        (s->n_syms && s->object_offset < syms_end &&
         s->object_offset + s->object_size > s->syms_offset))
        return "object outside the slot or overlapping the symbol records";
    for (n = 0; n < s->n_syms; n++) {
        const struct hu_chan_sym *sym =
            (const struct hu_chan_sym *)((const char *)s + s->syms_offset) + n;
        hu_u64 len;
        for (len = 0; len < HU_CHAN_SYM_NAME_MAX && sym->name[len]; len++)
            if (sym->name[len] <= ' ' || sym->name[len] > '~')
                return "symbol name has a character other than printable ASCII";
        if (len == 0 || len == HU_CHAN_SYM_NAME_MAX)
            return "symbol name empty or not NUL-terminated";
    }
    return 0;
}

#endif /* HUPCALL_CHANNEL_H */
