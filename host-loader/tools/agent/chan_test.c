/* SPDX-License-Identifier: MIT */
/*
 * The agent's side of the channel against hostile guests, under ASan and UBSan: a valid
 * registration, a duplicate, an unregistration, then thousands of requests with random bytes
 * written over the request's fields and its object. Every request must be answered (DONE, its
 * seq, a NUL-terminated message, status 0 or a negative errno) and the agent must survive; what
 * it accepts it registers in both engines and can unregister again.
 *
 * usage: chan_test OBJECT [COUNT]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "agent.h"
#include "test_support.h"

#define RAM_SIZE (32u << 20)
#define WINDOW_BASE 0xffffea0000000000ull
#define WINDOW_SIZE (64u << 10)

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static struct hu_chan_slot *slot0(struct agent *a)
{
    return (struct hu_chan_slot *)(a->chan + HU_CHAN_HEADER_SIZE);
}

/* A RAM file whose page tables map the window at WINDOW_BASE to guest-physical 1 MiB. */
static int make_ram(char *path, uint64_t *root)
{
    int fd = mkstemp(path);
    struct synth_ram r;

    if (fd < 0 || ftruncate(fd, RAM_SIZE))
        return -1;
    r.mem = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (r.mem == MAP_FAILED)
        return -1;
    r.next_table = RAM_SIZE;
    *root = synth_new_table(&r);
    for (uint64_t off = 0; off < WINDOW_SIZE; off += 4096)
        synth_map(&r, *root, 4, WINDOW_BASE + off, (1u << 20) + off, 4096);
    munmap(r.mem, RAM_SIZE);
    return 0;
}

static void valid_request(struct hu_chan_slot *s, uint64_t root, const void *obj, size_t len)
{
    memset(&s->req_magic, 0, AGENT_SLOT_SIZE - offsetof(struct hu_chan_slot, req_magic));
    s->req_magic = HU_CHAN_REQ_MAGIC;
    s->req_version = HU_CHAN_VERSION;
    s->abi_version = HU_ABI_VERSION;
    s->op = HU_CHAN_OP_REGISTER;
    s->event = HU_EVENT_RECLAIM;
    s->pt_levels = 4;
    s->pt_root = root;
    s->window_base = WINDOW_BASE;
    s->window_size = WINDOW_SIZE;
    strcpy(s->name, "chan_ok");
    s->syms_offset = 1024;
    s->object_offset = 1024;
    s->object_size = len;
    memcpy((uint8_t *)s + 1024, obj, len);
}

/* Hands the slot to the agent; checks the answer's form; returns its status. */
static int64_t exchange(struct agent *a, uint32_t seq)
{
    struct hu_chan_slot *s = slot0(a);
    s->seq = seq;
    s->state = HU_CHAN_READY;
    CHECK(agent_chan_poll(a) == 1, "request %u not answered", seq);
    CHECK(s->state == HU_CHAN_DONE && s->answer_seq == seq, "request %u: state %u seq %u", seq,
          s->state, s->answer_seq);
    CHECK(memchr(s->message, 0, HU_CHAN_MSG_MAX) && s->message[0], "request %u: bad message", seq);
    CHECK(s->status <= 0 && s->status > -4096, "request %u: status %lld", seq,
          (long long)s->status);
    s->state = HU_CHAN_FREE;
    return s->status;
}

static void unregister(struct agent *a, uint32_t id, uint32_t seq)
{
    struct hu_chan_slot *s = slot0(a);
    s->req_magic = HU_CHAN_REQ_MAGIC;
    s->req_version = HU_CHAN_VERSION;
    s->op = HU_CHAN_OP_UNREGISTER;
    s->id = id;
    CHECK(exchange(a, seq) == 0, "unregister %u: %s", id, s->message);
}

/* Random bytes over the request's fields (and sometimes the object); returns accepted. */
static int mutated(struct agent *a, uint64_t root, const void *obj, size_t len, uint32_t seq)
{
    struct hu_chan_slot *s = slot0(a);
    uint8_t *req = (uint8_t *)s + offsetof(struct hu_chan_slot, req_magic);
    size_t span = sizeof(*s) - offsetof(struct hu_chan_slot, req_magic);
    int n = 1 + (int)(next() % 4);

    valid_request(s, root, obj, len);
    for (int i = 0; i < n; i++) {
        if (next() % 4 == 0)
            ((uint8_t *)s)[1024 + next() % len] = (uint8_t)next();
        else if (next() % 2)
            req[next() % span] = (uint8_t)next();
        else
            memcpy(req + (next() % (span / 8)) * 8, &(uint64_t){next() >> (next() % 64)}, 8);
    }
    if (exchange(a, seq))
        return 0;
    unregister(a, s->id, seq + 1);
    return 1;
}

int main(int argc, char **argv)
{
    char ram_path[] = "/tmp/hu-chan-ram-XXXXXX", chan_path[] = "/tmp/hu-chan-XXXXXX";
    int count = argc > 2 ? atoi(argv[2]) : 3000, fd, accepted = 0;
    static struct agent a;
    char err[512];
    uint64_t root;
    void *obj;
    size_t len;
    FILE *f;

    if (argc < 2 || !(f = fopen(argv[1], "rb")))
        return fprintf(stderr, "usage: chan_test OBJECT [COUNT]\n"), 2;
    obj = malloc(65536);
    len = fread(obj, 1, 65536, f);
    fclose(f);
    fd = mkstemp(chan_path);
    if (make_ram(ram_path, &root) || fd < 0 || ftruncate(fd, 4u << 20))
        return perror("chan_test: temporary files"), 2;
    close(fd);
    if (guest_ram_open(ram_path, &a.ram, err, sizeof(err)) ||
        agent_chan_open(&a, chan_path, err, sizeof(err)) || agent_vms_create(&a, err, sizeof(err)))
        return fprintf(stderr, "chan_test: %s\n", err), 2;

    valid_request(slot0(&a), root, obj, len);
    CHECK(exchange(&a, 1) == 0 && a.n_regs == 1, "valid request: %s", slot0(&a)->message);
    valid_request(slot0(&a), root, obj, len);
    CHECK(exchange(&a, 2) == -EEXIST, "duplicate: %s", slot0(&a)->message);
    unregister(&a, 1, 3);
    CHECK(a.n_regs == 0, "unregistered");
    valid_request(slot0(&a), root, obj, len);
    slot0(&a)->window_base = 0xffffeb0000000000ull; /* nothing mapped there */
    CHECK(exchange(&a, 4) == -EINVAL && strstr(slot0(&a)->message, "maps no guest RAM"),
          "empty window: %s", slot0(&a)->message);

    /* A guest symbol: unresolved without its record, resolved with it. */
    valid_request(slot0(&a), root, obj, len);
    strcpy(slot0(&a)->name, "chan_sym");
    CHECK(exchange(&a, 5) < 0 && strstr(slot0(&a)->message, "jiffies"), "unresolved symbol: %s",
          slot0(&a)->message);
    valid_request(slot0(&a), root, obj, len);
    strcpy(slot0(&a)->name, "chan_sym");
    slot0(&a)->n_syms = 1;
    slot0(&a)->syms_offset = 1024;
    slot0(&a)->object_offset = 1024 + HU_CHAN_SYM_SIZE;
    memcpy((uint8_t *)slot0(&a) + 1024 + HU_CHAN_SYM_SIZE, obj, len);
    *(struct hu_chan_sym *)((uint8_t *)slot0(&a) + 1024) =
        (struct hu_chan_sym){.addr = 0xffffffff8a605000ull, .name = "jiffies"};
    CHECK(exchange(&a, 6) == 0, "resolved symbol: %s", slot0(&a)->message);
    {
        struct hu_event_args ev = {.args = {0xffffffff8a605000ull}};
        uint64_t r0 = 0;
        for (int e = 0; e < AGENT_ENGINES; e++)
            CHECK(hu_fire(a.vm[e], HU_EVENT_RECLAIM, &ev, &r0) == 1 && r0 == 1,
                  "engine %d: the symbol's running address reached the program", e);
    }
    unregister(&a, slot0(&a)->id, 7);

    for (int i = 0; i < count; i++)
        accepted += mutated(&a, root, obj, len, 10 + 2 * (uint32_t)i);
    CHECK(a.n_regs == 0, "%u registrations left after the fuzz", a.n_regs);
    printf("chan_test: %d hostile requests answered (%d accepted and unregistered), agent intact\n",
           count, accepted);

    agent_regs_free(&a);
    agent_chan_close(&a);
    guest_ram_close(&a.ram);
    unlink(ram_path);
    unlink(chan_path);
    free(obj);
    return failures ? 1 : 0;
}
