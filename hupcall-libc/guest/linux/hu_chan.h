/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hu_ivshmem: the guest side of the hyperupcall registration channel (hupcall/channel.h) in a Linux
 * guest, as a PCI driver for QEMU's ivshmem-plain device (1af4:1110, the shared region in BAR 2).
 * Modules that carry hyperupcalls register them through the functions below; the driver claims a
 * slot, writes the request, waits for the host's answer and prints it in the kernel log (a refusal
 * with the host's reason, the verifier's message and source line included).
 */
#ifndef HU_CHAN_LINUX_H
#define HU_CHAN_LINUX_H

#include <linux/types.h>

#include <hupcall/channel.h>

/* One hyperupcall to register. The driver adds the paging mode and the kernel's page-table root. */
struct hu_chan_req {
    u32 event; /* HU_EVENT_* */
    u32 flags; /* HU_CHAN_F_* */
    const char *name;
    u64 window_base, window_size;
    u64 env[HU_CTX_NENV];
    const struct hu_chan_sym *syms; /* guest symbols the object references, running addresses */
    u32 n_syms;
    const void *object; /* the BPF ELF object */
    u64 object_size;
};

/* 0 and *id when the host registered it; -errno when refused (the reason is in the kernel log),
 * -ENODEV without a serving host, -EBUSY when no slot frees up, -ETIMEDOUT without an answer. */
int hu_chan_register(const struct hu_chan_req *req, u32 *id);
int hu_chan_unregister(u32 id);
/* Sends `len` raw bytes as the request part of a slot, unchecked: for testing the host's checks. */
int hu_chan_submit_raw(const void *bytes, size_t len);
/* Sets how long to wait for the host's answer (20000 ms by default); returns the previous value.
 * A request that times out returns -ETIMEDOUT and its slot is reused (for testing that). */
unsigned int hu_chan_answer_wait(unsigned int ms);
/* The flags a guest can honestly declare: HU_CHAN_F_FREE_DISPOSABLE unless free pages are
 * poisoned (their contents checked on reuse). */
u32 hu_chan_guest_flags(void);
/* A kernel symbol's running address (KASLR applied), exported or not; 0 when unknown. */
unsigned long hu_chan_lookup_name(const char *name);

#endif /* HU_CHAN_LINUX_H */
