/* SPDX-License-Identifier: MIT */
/* The host side of the registration channel: the host formats the region, then answers each READY
 * slot from a private copy, so a guest rewriting the slot meanwhile changes nothing. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent.h"

static struct hu_chan_header *header(struct agent *a)
{
    return (struct hu_chan_header *)a->chan;
}

static struct hu_chan_slot *slot(struct agent *a, unsigned i)
{
    return (struct hu_chan_slot *)(a->chan + HU_CHAN_HEADER_SIZE + (uint64_t)i * AGENT_SLOT_SIZE);
}

int agent_chan_open(struct agent *a, const char *path, char *err, size_t errlen)
{
    uint64_t audit_off = HU_CHAN_HEADER_SIZE + (uint64_t)AGENT_SLOTS * AGENT_SLOT_SIZE;
    struct stat st;
    int fd = open(path, O_RDWR | O_CLOEXEC);

    if (fd < 0 || fstat(fd, &st)) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -errno;
    }
    if ((uint64_t)st.st_size < audit_off + 4096) {
        snprintf(err, errlen, "%s: the channel needs at least %llu bytes (ivshmem size 4M)", path,
                 (unsigned long long)(audit_off + 4096));
        close(fd);
        return -EINVAL;
    }
    a->chan_size = (uint64_t)st.st_size;
    a->chan = mmap(NULL, a->chan_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (a->chan == MAP_FAILED) {
        snprintf(err, errlen, "%s: cannot map: %s", path, strerror(errno));
        return -ENOMEM;
    }
    a->slot_copy = malloc(AGENT_SLOT_SIZE);
    if (!a->slot_copy) {
        munmap(a->chan, a->chan_size);
        return -ENOMEM;
    }
    /* Format: geometry first, every slot FREE, the magic last, then "serving". */
    struct hu_chan_header *h = header(a);
    __atomic_store_n(&h->magic, 0, __ATOMIC_RELEASE);
    memset(a->chan, 0, audit_off + sizeof(struct hu_chan_audit));
    *h = (struct hu_chan_header){
        .version = HU_CHAN_VERSION,
        .header_size = HU_CHAN_HEADER_SIZE,
        .n_slots = AGENT_SLOTS,
        .slot_size = AGENT_SLOT_SIZE,
        .slots_offset = HU_CHAN_HEADER_SIZE,
        .audit_offset = audit_off,
        .audit_size = a->chan_size - audit_off,
        .max_live = AGENT_MAX_LIVE,
        .region_size = a->chan_size,
    };
    struct hu_chan_audit *au = (struct hu_chan_audit *)(a->chan + audit_off);
    au->frames_offset = 4096;
    __atomic_store_n(&h->magic, HU_CHAN_MAGIC, __ATOMIC_RELEASE);
    __atomic_store_n(&h->host_serving, 1, __ATOMIC_RELEASE);
    return 0;
}

void agent_chan_close(struct agent *a)
{
    if (!a->chan)
        return;
    __atomic_store_n(&header(a)->host_serving, 0, __ATOMIC_RELEASE);
    munmap(a->chan, a->chan_size);
    free(a->slot_copy);
    a->chan = NULL;
}

struct hu_chan_audit *agent_chan_audit(struct agent *a, uint64_t *frames_room)
{
    struct hu_chan_header *h = header(a);
    *frames_room = h->audit_size - 4096;
    return (struct hu_chan_audit *)(a->chan + h->audit_offset);
}

/* Answers the request copied from slot i. */
static void answer(struct agent *a, unsigned i)
{
    struct hu_chan_slot *s = slot(a, i);
    const struct hu_chan_slot *req = (const struct hu_chan_slot *)a->slot_copy;
    char msg[HU_CHAN_MSG_MAX];
    const char *why = hu_chan_request_invalid(req, AGENT_SLOT_SIZE);
    uint32_t id = 0;
    int64_t status;

    if (why) {
        snprintf(msg, sizeof(msg), "refused: malformed request: %s", why);
        status = -EINVAL;
    } else if (req->op == HU_CHAN_OP_UNREGISTER) {
        status = agent_unregister(a, req->id, msg, sizeof(msg));
    } else {
        status = agent_register(a, req, &id, msg, sizeof(msg));
    }
    a->answered++;
    a->refused += status != 0;
    printf("hu-agent: slot %u: %s\n", i, msg);
    fflush(stdout);
    s->status = status;
    s->id = id;
    s->answer_seq = req->seq;
    memcpy(s->message, msg, sizeof(msg));
    __atomic_store_n(&s->state, HU_CHAN_DONE, __ATOMIC_RELEASE);
}

unsigned agent_chan_poll(struct agent *a)
{
    unsigned n = 0;

    for (unsigned i = 0; i < AGENT_SLOTS; i++) {
        struct hu_chan_slot *s = slot(a, i);
        uint32_t ready = HU_CHAN_READY;
        /* Taken atomically: a guest that gave up waiting may withdraw a READY slot meanwhile. */
        if (!__atomic_compare_exchange_n(&s->state, &ready, HU_CHAN_TAKEN, 0, __ATOMIC_ACQUIRE,
                                         __ATOMIC_RELAXED))
            continue;
        memcpy(a->slot_copy, s, AGENT_SLOT_SIZE);
        answer(a, i);
        n++;
    }
    return n;
}
