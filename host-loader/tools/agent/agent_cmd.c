/* SPDX-License-Identifier: MIT */
/* The operator's commands. Each reads or fires over the live guest and prints one report line. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"

#define MiB(x) ((double)(x) / (1 << 20))

uint64_t agent_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int parse_engine(const char *s, int *engine)
{
    if (!s || !strcmp(s, "jit"))
        *engine = HU_ENGINE_JIT;
    else if (!strcmp(s, "interp"))
        *engine = HU_ENGINE_INTERP;
    else
        return -1;
    return 0;
}

static const char *engine_name(int engine)
{
    return engine == HU_ENGINE_JIT ? "jit" : "interp";
}

/* Fires `event` for frames [0, n) in one engine; verdict[pfn] = r0 != 0. Returns the time taken in
 * ns, or 0 with a message when a hyperupcall faulted (never for a verified one). */
static uint64_t scan(struct agent *a, uint32_t event, int engine, uint64_t n, uint8_t *verdict)
{
    uint64_t t0 = agent_now_ns();
    for (uint64_t pfn = 0; pfn < n; pfn++) {
        struct hu_event_args ev = {.args = {pfn}};
        uint64_t r0 = 0;
        if (hu_fire(a->vm[engine], event, &ev, &r0) < 0) {
            printf("hu-agent: %s faulted at frame %llu\n", hu_event_name(event),
                   (unsigned long long)pfn);
            return 0;
        }
        verdict[pfn] = r0 != 0;
    }
    uint64_t dt = agent_now_ns() - t0;
    return dt ? dt : 1;
}

static int qmp_do(struct agent *a, const char *cmd)
{
    char reply[512];
    if (qmp_execute(&a->qmp, cmd, reply, sizeof(reply))) {
        printf("hu-agent: QMP %s failed: %s\n", cmd, reply);
        return -1;
    }
    return 0;
}

/* Punches the frames marked free out of the RAM file, one fallocate per run (counted in *runs). */
static int64_t discard(struct agent *a, const uint8_t *verdict, uint64_t n, uint64_t *runs)
{
    int64_t done = 0;
    for (uint64_t pfn = 0; pfn < n;) {
        uint64_t end = pfn;
        if (!verdict[pfn]) {
            pfn++;
            continue;
        }
        while (end < n && verdict[end])
            end++;
        if (fallocate(a->ram.fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)(pfn << 12),
                      (off_t)((end - pfn) << 12))) {
            printf("hu-agent: cannot punch frames %llu-%llu: %s\n", (unsigned long long)pfn,
                   (unsigned long long)end - 1, strerror(errno));
            return -1;
        }
        done += (int64_t)(end - pfn);
        ++*runs;
        pfn = end;
    }
    return done;
}

static uint64_t count(const uint8_t *v, uint64_t n)
{
    uint64_t c = 0;
    for (uint64_t i = 0; i < n; i++)
        c += v[i];
    return c;
}

/* reclaim [jit|interp] [dry]: pause, fire reclaim for every frame, punch the free ones, resume. */
static int cmd_reclaim(struct agent *a, const char *engine_s, const char *dry_s)
{
    uint64_t n = a->ram.mem.size >> 12, t_pause, t_scan, t_punch = 0, t_resume, runs = 0;
    int engine, disposable, dry = dry_s && !strcmp(dry_s, "dry");
    int64_t before = guest_ram_allocated(&a->ram), after = before, discarded = 0;
    uint8_t *verdict;

    if (parse_engine(engine_s, &engine) || (dry_s && !dry))
        return printf("hu-agent: usage: reclaim [jit|interp] [dry]\n"), 1;
    if (!agent_count_event(a, HU_EVENT_RECLAIM, &disposable))
        return printf("hu-agent: reclaim: no hyperupcall registered for event reclaim\n"), 1;
    if (!dry && !disposable)
        return printf("hu-agent: reclaim: refusing to discard: a reclaim hyperupcall's guest did "
                      "not declare free frames disposable (page poisoning?)\n"),
               1;
    if (!dry && !a->have_qmp)
        return printf("hu-agent: reclaim: refusing to discard without QMP to pause the guest\n"), 1;
    if (!(verdict = malloc(n)))
        return 1;
    t_pause = agent_now_ns();
    if (!dry && qmp_do(a, "stop"))
        return free(verdict), 1;
    t_scan = scan(a, HU_EVENT_RECLAIM, engine, n, verdict);
    if (t_scan && !dry) {
        uint64_t t0 = agent_now_ns();
        discarded = discard(a, verdict, n, &runs);
        t_punch = agent_now_ns() - t0;
        after = guest_ram_allocated(&a->ram); /* before the guest runs and touches frames again */
    }
    if (!dry && qmp_do(a, "cont"))
        discarded = -1;
    t_resume = agent_now_ns();
    if (t_scan && discarded >= 0)
        printf("reclaim (%s): %llu frames scanned, %llu free, %lld discarded: %.1f MiB returned "
               "to the host; scan %.2f ms (%.0f ns per fire), discard %.2f ms (%llu runs), guest "
               "paused %.2f "
               "ms; RAM file %.1f -> %.1f MiB allocated\n",
               engine_name(engine), (unsigned long long)n, (unsigned long long)count(verdict, n),
               (long long)discarded, MiB(discarded << 12), (double)t_scan / 1e6,
               (double)t_scan / (double)n, (double)t_punch / 1e6, (unsigned long long)runs,
               dry ? 0.0 : (double)(t_resume - t_pause) / 1e6, MiB(before), MiB(after));
    free(verdict);
    return t_scan && discarded >= 0 ? 0 : 1;
}

/* aging [jit|interp]: the cold frames, the first to swap or compress. */
static int cmd_aging(struct agent *a, const char *engine_s)
{
    uint64_t n = a->ram.mem.size >> 12, t;
    int engine, unused;
    uint8_t *verdict;

    if (parse_engine(engine_s, &engine))
        return printf("hu-agent: usage: aging [jit|interp]\n"), 1;
    if (!agent_count_event(a, HU_EVENT_AGING, &unused))
        return printf("hu-agent: aging: no hyperupcall registered for event aging\n"), 1;
    if (!(verdict = malloc(n)))
        return 1;
    t = scan(a, HU_EVENT_AGING, engine, n, verdict);
    if (t)
        printf("aging (%s): %llu frames scanned, %llu cold (swap or compress these first); "
               "%.2f ms (%.0f ns per fire)\n",
               engine_name(engine), (unsigned long long)n, (unsigned long long)count(verdict, n),
               (double)t / 1e6, (double)t / (double)n);
    free(verdict);
    return t ? 0 : 1;
}

/* The guest's own answer for a frame of the audit, per event. */
static int guest_says(uint32_t event, uint8_t b)
{
    if (event == HU_EVENT_RECLAIM)
        return !!(b & HU_AUDIT_FREE);
    /* cold: on an LRU list, neither active nor referenced, evictable and not mlocked */
    return (b & (HU_AUDIT_LRU | HU_AUDIT_ACTIVE | HU_AUDIT_REFERENCED | HU_AUDIT_UNEVICTABLE |
                 HU_AUDIT_MLOCKED)) == HU_AUDIT_LRU;
}

/* Compares one event in one engine with the snapshot; prints the first disagreements. */
static int64_t compare(struct agent *a, uint32_t event, int engine, const uint8_t *frames,
                       uint64_t n, uint8_t *verdict, uint64_t *ns)
{
    int64_t differ = 0;
    if (!(*ns = scan(a, event, engine, n, verdict)))
        return -1;
    for (uint64_t pfn = 0; pfn < n; pfn++) {
        if (!(frames[pfn] & HU_AUDIT_VALID) || verdict[pfn] == guest_says(event, frames[pfn]))
            continue;
        if (differ++ < 5)
            printf("hu-agent: audit: %s (%s) frame %#llx: hyperupcall %d, guest kernel %d (flags "
                   "%#x)\n",
                   hu_event_name(event), engine_name(engine), (unsigned long long)pfn, verdict[pfn],
                   guest_says(event, frames[pfn]), frames[pfn]);
    }
    return differ;
}

/* audit [SECONDS]: waits for the frozen guest's snapshot, compares every registered global event
 * the snapshot describes in both engines, then lets the guest go on. */
static int cmd_audit(struct agent *a, const char *secs_s)
{
    uint64_t room, n,
        deadline = agent_now_ns() + (secs_s ? strtoull(secs_s, NULL, 0) : 30) * 1000000000ull;
    struct hu_chan_audit *au = agent_chan_audit(a, &room);
    static const uint32_t events[] = {HU_EVENT_RECLAIM, HU_EVENT_AGING};
    uint32_t seq;
    int failed = 0;

    while ((seq = __atomic_load_n(&au->guest_seq, __ATOMIC_ACQUIRE)) == au->host_seq || !seq) {
        if (agent_now_ns() > deadline)
            return printf("hu-agent: audit: no snapshot from the guest\n"), 1;
        if (!agent_chan_poll(a))
            usleep(1000);
    }
    n = au->n_frames;
    if (n > room || n > a->ram.mem.size >> 12 || au->frames_offset != 4096) {
        printf("hu-agent: audit: snapshot %u claims %llu frames, more than fit\n", seq,
               (unsigned long long)n);
        __atomic_store_n(&au->host_seq, seq, __ATOMIC_RELEASE);
        return 1;
    }
    uint8_t *frames = malloc(n), *verdict = malloc(n);
    if (!frames || !verdict) {
        free(frames);
        free(verdict);
        return 1;
    }
    memcpy(frames, (uint8_t *)au + 4096, n);
    for (unsigned e = 0; e < 2; e++) {
        uint64_t guest = 0, valid = 0, ns[AGENT_ENGINES];
        int64_t differ[AGENT_ENGINES];
        int unused;
        if (!agent_count_event(a, events[e], &unused))
            continue;
        for (uint64_t pfn = 0; pfn < n; pfn++) {
            valid += !!(frames[pfn] & HU_AUDIT_VALID);
            guest += (frames[pfn] & HU_AUDIT_VALID) && guest_says(events[e], frames[pfn]);
        }
        for (int g = 0; g < AGENT_ENGINES; g++)
            differ[g] = compare(a, events[e], g, frames, n, verdict, &ns[g]);
        printf("audit %u: %s: %llu frames, %llu %s by the guest kernel; %lld disagree (jit, %.0f "
               "ns per fire), %lld disagree (interp, %.0f ns per fire)\n",
               seq, hu_event_name(events[e]), (unsigned long long)valid, (unsigned long long)guest,
               events[e] == HU_EVENT_RECLAIM ? "free" : "cold", (long long)differ[HU_ENGINE_JIT],
               (double)ns[HU_ENGINE_JIT] / (double)n, (long long)differ[HU_ENGINE_INTERP],
               (double)ns[HU_ENGINE_INTERP] / (double)n);
        failed |= differ[0] != 0 || differ[1] != 0;
    }
    __atomic_store_n(&au->host_seq, seq, __ATOMIC_RELEASE);
    free(frames);
    free(verdict);
    return failed;
}

static int cmd_list(struct agent *a)
{
    for (unsigned i = 0; i < a->n_regs; i++) {
        const struct agent_reg *r = &a->regs[i];
        printf("  id %u '%s' event %s, %u instructions, window %llu KiB at %#llx%s\n", r->id,
               r->name, hu_event_name(r->event), r->insns,
               (unsigned long long)(hu_window_size(r->gw.win) >> 10),
               (unsigned long long)hu_window_base(r->gw.win),
               r->flags & HU_CHAN_F_FREE_DISPOSABLE ? ", free frames disposable" : "");
    }
    printf("registered: %u; requests answered: %llu, refused: %llu\n", a->n_regs,
           (unsigned long long)a->answered, (unsigned long long)a->refused);
    return 0;
}

/* wait N [SECONDS]: serves the channel until N hyperupcalls are registered. */
static int cmd_wait(struct agent *a, const char *n_s, const char *secs_s)
{
    unsigned want = n_s ? (unsigned)strtoul(n_s, NULL, 0) : 1;
    uint64_t deadline = agent_now_ns() + (secs_s ? strtoull(secs_s, NULL, 0) : 30) * 1000000000ull;
    while (a->n_regs < want) {
        if (agent_now_ns() > deadline)
            return printf("hu-agent: wait: %u of %u registered\n", a->n_regs, want), 1;
        if (!agent_chan_poll(a))
            usleep(1000);
    }
    printf("registered: %u\n", a->n_regs);
    return 0;
}

int agent_command(struct agent *a, char *line)
{
    char *argv[4] = {0};
    int argc = 0, ret;
    for (char *tok = strtok(line, " \t\n"); tok && argc < 4; tok = strtok(NULL, " \t\n"))
        argv[argc++] = tok;
    if (!argc)
        return 0;
    if (!strcmp(argv[0], "quit"))
        return -1;
    if (!strcmp(argv[0], "reclaim"))
        ret = cmd_reclaim(a, argv[1], argv[2]);
    else if (!strcmp(argv[0], "aging"))
        ret = cmd_aging(a, argv[1]);
    else if (!strcmp(argv[0], "audit"))
        ret = cmd_audit(a, argv[1]);
    else if (!strcmp(argv[0], "list"))
        ret = cmd_list(a);
    else if (!strcmp(argv[0], "wait"))
        ret = cmd_wait(a, argv[1], argv[2]);
    else
        ret = printf("hu-agent: unknown command '%s' (reclaim, aging, audit, list, wait, quit)\n",
                     argv[0]) > 0;
    printf("@@ %s %s\n", argv[0], ret ? "failed" : "ok");
    fflush(stdout);
    return ret;
}
