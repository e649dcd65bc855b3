/* SPDX-License-Identifier: MIT */
/* The recorder's thread safety as libhuhost(3) states it: vCPU threads log through the backend
 * (as hu_fire's trace calls do) while another thread reads the log; every record read is complete,
 * and the counts add up. Built with ThreadSanitizer around tools/recorder.c, so a getter that
 * reads without the lock is a reported race (exit 66), not luck. */
#include <pthread.h>
#include <stdio.h>

#include <hupcall/huhost.h>

#define THREADS 4
#define CALLS 200 /* per thread: 800 in all, more than HU_RECORDER_MAX_CALLS */

static struct hu_recorder *rec;
static int failures;

/* Counts a failed expectation, named by `what`. */
static void expect(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "recorder_threads: expected %s\n", what);
        failures++;
    }
}

/* One vCPU: its calls carry its id and a sequence number, and ret = the sum of its arguments. */
static void *vcpu(void *arg)
{
    uint32_t self = (uint32_t)(uintptr_t)arg;
    for (uint64_t k = 0; k < CALLS; k++) {
        uint64_t args[5] = {self, k, 3, 4, 5};
        hu_recorder_backend()->trace(rec, self, HU_HELPER_MEMSET, args, self + k + 12);
    }
    return NULL;
}

/* A record is whole: the helper, the vCPU in both places, ret matching the arguments. */
static int whole(const struct hu_record *r)
{
    return r && r->helper == HU_HELPER_MEMSET && r->args[0] == r->vcpu_self && r->args[2] == 3 &&
           r->ret == r->args[0] + r->args[1] + 12;
}

int main(void)
{
    pthread_t t[THREADS];
    size_t seen = 0;

    rec = hu_recorder_new();
    expect(rec != NULL, "a recorder");
    for (uintptr_t i = 0; i < THREADS; i++)
        expect(pthread_create(&t[i], NULL, vcpu, (void *)i) == 0, "a vCPU thread");
    /* Read while they log. */
    while (seen < HU_RECORDER_MAX_CALLS) {
        size_t n = hu_recorder_count(rec);
        for (size_t i = seen; i < n; i++)
            expect(whole(hu_recorder_get(rec, i)), "every record read whole");
        expect(hu_recorder_dropped(rec) == 0 || n == HU_RECORDER_MAX_CALLS,
               "no call dropped before the log is full");
        seen = n;
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    expect(hu_recorder_count(rec) == HU_RECORDER_MAX_CALLS, "a full log");
    expect(hu_recorder_dropped(rec) == THREADS * CALLS - HU_RECORDER_MAX_CALLS,
           "every other call counted as dropped");
    expect(hu_recorder_get(rec, HU_RECORDER_MAX_CALLS) == NULL, "nothing past the log");
    hu_recorder_clear(rec);
    expect(hu_recorder_count(rec) == 0 && hu_recorder_dropped(rec) == 0,
           "an empty log after clear");
    hu_recorder_free(rec);
    printf("recorder: %d threads, %d calls, %d logged: %s\n", THREADS, THREADS * CALLS,
           HU_RECORDER_MAX_CALLS, failures ? "FAILED" : "ok");
    return failures != 0;
}
