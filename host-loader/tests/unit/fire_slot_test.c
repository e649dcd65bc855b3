/* SPDX-License-Identifier: MIT */
/*
 * Firing in place through the public API (hu_event_slot, hu_fire_slot), on both engines: the rip
 * and arguments written into a slot reach the program, a slot stays valid and follows its event
 * across hu_register/hu_unregister, several registrations each run with their own window, env
 * and helpers' cookie for the slot's vCPU, hu_fire gives the same answers, bad arguments are
 * refused when the slot is resolved, and different vCPUs' slots fire concurrently.
 *
 * usage: fire_slot_test FIRE.o   (tests/inputs/fire.s, assembled by the build)
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hupcall/huhost.h>

#include "check.h"

#define GUEST_BASE 0xffff888000000000ull
#define WINDOW_SIZE 0x10000ull
/* rip_args's window: another base and size, so another guest_mask. */
#define GUEST_BASE2 (GUEST_BASE + 0x200000ull)
#define WINDOW_SIZE2 0x20000ull
#define N_VCPUS 8

static char err[512];

/* get_vcpu_register's answer names the calling vCPU (the helpers' cookie) and the backend's priv.
 */
static uint64_t backend_base = 0x5000000000ull;
static uint64_t get_reg(void *priv, uint32_t vcpu_self, uint64_t vcpu, uint64_t reg)
{
    return *(const uint64_t *)priv + (vcpu_self + 1) * 0x1000000ull + reg * 0x100 + vcpu;
}
static const struct hu_backend backend = {.get_vcpu_register = get_reg};

/* fire.s's answers for vCPU `vcpu` of a registration with env[1] = `env1`. */
static uint64_t sum_args(const struct hu_fire_args *a, uint32_t vcpu, uint64_t env1)
{
    return a->rip - a->args[5] + 2 * a->args[0] + vcpu + env1;
}

static uint64_t rip_args(const struct hu_fire_args *a, uint32_t vcpu, uint64_t env1)
{
    return a->args[1] + a->rip + env1 + (WINDOW_SIZE2 - 1) + get_reg(&backend_base, vcpu, 0, 7);
}

struct fixture {
    struct hu_object *obj;
    struct hu_window *w, *w2;
    struct hu_vm *vm;
};

static int setup(struct fixture *f, const void *buf, size_t len, uint32_t engine)
{
    struct hu_vm_opts vo = {.guest_mem_size = WINDOW_SIZE * 50,
                            .n_vcpus = N_VCPUS,
                            .engine = engine,
                            .backend = &backend,
                            .backend_priv = &backend_base};
    memset(f, 0, sizeof(*f));
    if (hu_object_open(buf, len, &f->obj, err, sizeof(err)) ||
        hu_window_alloc(GUEST_BASE, WINDOW_SIZE, &f->w, err, sizeof(err)) ||
        hu_window_alloc(GUEST_BASE2, WINDOW_SIZE2, &f->w2, err, sizeof(err)) ||
        hu_vm_create(&vo, &f->vm, err, sizeof(err))) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    return 0;
}

static void teardown(struct fixture *f)
{
    hu_vm_destroy(f->vm);
    hu_object_close(f->obj);
    hu_window_free(f->w);
    hu_window_free(f->w2);
}

/* Registers `name` (sum_args on the first window, rip_args on the second) with env[1] = env1. */
static int reg(struct fixture *f, const char *name, uint64_t env1)
{
    struct hu_window *w = strcmp(name, "rip_args") == 0 ? f->w2 : f->w;
    struct hu_reg_opts ro = {.name = name, .window = w, .env = {0, env1}};
    return hu_register(f->vm, f->obj, &ro, err, sizeof(err));
}

/* Everything hu_fire_slot relies on is refused when the slot is resolved, with a message. */
static void test_bad_arguments(struct fixture *f)
{
    struct hu_fire_args *a = NULL;
    CHECK(hu_event_slot(NULL, HU_EVENT_MAP, 0, &a, err, sizeof(err)) == -EINVAL);
    CHECK(hu_event_slot(f->vm, HU_EVENT_MAP, 0, NULL, err, sizeof(err)) == -EINVAL);
    static const uint32_t bad_events[] = {0, 5, 31, 32, 999, UINT32_MAX};
    for (size_t i = 0; i < sizeof(bad_events) / sizeof(bad_events[0]); i++) {
        err[0] = 0;
        CHECK(hu_event_slot(f->vm, bad_events[i], 0, &a, err, sizeof(err)) == -EINVAL);
        CHECK(strstr(err, "unknown event"));
    }
    CHECK(hu_event_slot(f->vm, HU_EVENT_MAP, N_VCPUS, &a, err, sizeof(err)) == -EINVAL);
    CHECK(strstr(err, "vCPU 8 of a VM with 8"));
    CHECK(hu_event_slot(f->vm, HU_EVENT_MAP, UINT32_MAX, &a, err, sizeof(err)) == -EINVAL);
    CHECK(a == NULL);
    /* hu_fire checks its arguments itself; an event nobody can register runs nothing. */
    struct hu_event_args ev = {.vcpu = N_VCPUS};
    uint64_t r0 = 77;
    CHECK(hu_fire(f->vm, HU_EVENT_MAP, &ev, &r0) == -EINVAL && r0 == 77);
    ev.vcpu = 0;
    for (size_t i = 0; i < sizeof(bad_events) / sizeof(bad_events[0]); i++) {
        r0 = 77;
        CHECK(hu_fire(f->vm, bad_events[i], &ev, &r0) == 0 && r0 == 0);
    }
}

/* Writes distinct rip and arguments for firing number i on vCPU v into a. */
static void fill(struct hu_fire_args *a, uint64_t i, uint32_t v)
{
    a->rip = 0xffffffff81000000ull + i * 16 + v;
    for (int k = 0; k < HU_CTX_NARGS; k++)
        a->args[k] = (i + 1) * 1000 + (uint64_t)k * 10 + v;
}

static void test_slots(const void *buf, size_t len, uint32_t engine)
{
    struct fixture f;
    struct hu_fire_args *a[N_VCPUS], *again = NULL, *reclaim = NULL;
    uint64_t r0 = 0;
    if (setup(&f, buf, len, engine)) {
        failures++;
        return;
    }
    test_bad_arguments(&f);
    for (uint32_t v = 0; v < N_VCPUS; v++) {
        a[v] = NULL;
        CHECK(hu_event_slot(f.vm, HU_EVENT_MAP, v, &a[v], err, sizeof(err)) == 0 && a[v]);
        CHECK(v == 0 || a[v] != a[v - 1]);
    }
    CHECK(hu_event_slot(f.vm, HU_EVENT_MAP, 3, &again, err, sizeof(err)) == 0 && again == a[3]);
    CHECK(hu_event_slot(f.vm, HU_EVENT_RECLAIM, 3, &reclaim, err, sizeof(err)) == 0);
    CHECK(reclaim && reclaim != a[3]);

    /* Nothing registered yet: nothing runs, r0 is 0. */
    fill(a[3], 1, 3);
    r0 = 77;
    CHECK(hu_fire_slot(a[3], &r0) == 0 && r0 == 0);

    /* Registered after the slot was resolved: the same slot runs it, with what was written. */
    struct hu_fire_args written = *a[3];
    CHECK(reg(&f, "sum_args", 5) == 1);
    CHECK(hu_fire_slot(a[3], &r0) == 1 && r0 == sum_args(&written, 3, 5));
    for (uint32_t v = 0; v < N_VCPUS; v++) {
        fill(a[v], 2, v);
        CHECK(hu_fire_slot(a[v], &r0) == 1 && r0 == sum_args(a[v], v, 5));
    }
    /* hu_fire writes the same place and gives the same answer. */
    struct hu_fire_args want = *a[6];
    struct hu_event_args ev = {.vcpu = 6, .rip = want.rip};
    memcpy(ev.args, want.args, sizeof(ev.args));
    fill(a[6], 9, 6);
    CHECK(hu_fire(f.vm, HU_EVENT_MAP, &ev, &r0) == 1 && r0 == sum_args(&want, 6, 5));
    CHECK(memcmp(a[6], &want, sizeof(want)) == 0);
    /* A failed registration changes nothing. */
    CHECK(reg(&f, "nosuch", 0) == -ENOENT);
    fill(a[1], 3, 1);
    CHECK(hu_fire_slot(a[1], &r0) == 1 && r0 == sum_args(a[1], 1, 5));

    /* A second registration runs too, with its own window, env and cookie for the slot's vCPU;
     * the first non-zero r0 decides. */
    CHECK(reg(&f, "rip_args", 100) == 1);
    for (uint32_t v = 0; v < N_VCPUS; v++) {
        fill(a[v], 4, v);
        CHECK(hu_fire_slot(a[v], &r0) == 2 && r0 == sum_args(a[v], v, 5));
        a[v]->args[5] = a[v]->rip + 2 * a[v]->args[0] + v + 5; /* sum_args answers 0 */
        CHECK(sum_args(a[v], v, 5) == 0);
        CHECK(hu_fire_slot(a[v], &r0) == 2 && r0 == rip_args(a[v], v, 100));
        /* The slot ran rip_args last: the next fire still starts with sum_args. */
        fill(a[v], 5, v);
        CHECK(hu_fire_slot(a[v], &r0) == 2 && r0 == sum_args(a[v], v, 5));
    }
    ev = (struct hu_event_args){.vcpu = 2, .rip = 0xffffffff81000040ull, .args = {1, 2, 3}};
    struct hu_fire_args as_ev = {ev.rip, {1, 2, 3}};
    CHECK(hu_fire(f.vm, HU_EVENT_MAP, &ev, &r0) == 2 && r0 == sum_args(&as_ev, 2, 5));

    /* The second unregistered after it ran last: the slot runs the first alone again. */
    CHECK(hu_unregister(f.vm, "rip_args") == 1);
    fill(a[2], 5, 2);
    CHECK(hu_fire_slot(a[2], &r0) == 1 && r0 == sum_args(a[2], 2, 5));
    /* The first unregistered, the slot runs the one left, with its own window, env and cookie. */
    CHECK(reg(&f, "rip_args", 100) == 1);
    CHECK(hu_unregister(f.vm, "sum_args") == 1);
    for (uint32_t v = 0; v < N_VCPUS; v++) {
        fill(a[v], 6, v);
        CHECK(hu_fire_slot(a[v], &r0) == 1 && r0 == rip_args(a[v], v, 100));
    }
    /* None left: nothing runs; registered again, it runs from the same slot. */
    CHECK(hu_unregister(f.vm, "rip_args") == 1);
    r0 = 77;
    CHECK(hu_fire_slot(a[4], &r0) == 0 && r0 == 0);
    CHECK(reg(&f, "sum_args", 7) == 1);
    fill(a[4], 7, 4);
    CHECK(hu_fire_slot(a[4], &r0) == 1 && r0 == sum_args(a[4], 4, 7));
    /* The only one unregistered: nothing runs (its code is freed). */
    CHECK(hu_unregister(f.vm, "sum_args") == 1);
    r0 = 77;
    CHECK(hu_fire_slot(a[4], &r0) == 0 && r0 == 0);
    /* Another event's slot runs nothing of map's. */
    CHECK(hu_fire_slot(reclaim, &r0) == 0 && r0 == 0);
    teardown(&f);
}

struct worker {
    struct hu_fire_args *a;
    uint32_t vcpu;
    int bad;
};

/* Odd firings make sum_args answer 0, so that rip_args decides. */
static void *fire_loop(void *arg)
{
    struct worker *w = arg;
    for (uint64_t i = 0; i < 20000; i++) {
        uint64_t r0 = 0;
        fill(w->a, i, w->vcpu);
        if (i & 1)
            w->a->args[5] = w->a->rip + 2 * w->a->args[0] + w->vcpu + 11;
        uint64_t want = i & 1 ? rip_args(w->a, w->vcpu, 13) : sum_args(w->a, w->vcpu, 11);
        if (hu_fire_slot(w->a, &r0) != 2 || r0 != want)
            w->bad++;
    }
    return NULL;
}

/* Different vCPUs' slots of one VM fire two registrations concurrently, each from its own thread.
 */
static void test_concurrent(const void *buf, size_t len, uint32_t engine)
{
    struct fixture f;
    pthread_t t[4];
    struct worker w[4];
    if (setup(&f, buf, len, engine)) {
        failures++;
        return;
    }
    CHECK(reg(&f, "sum_args", 11) == 1 && reg(&f, "rip_args", 13) == 1);
    for (int i = 0; i < 4; i++) {
        w[i] = (struct worker){NULL, (uint32_t)i * 2 + 1, 0};
        CHECK(hu_event_slot(f.vm, HU_EVENT_MAP, w[i].vcpu, &w[i].a, err, sizeof(err)) == 0);
    }
    for (int i = 0; i < 4; i++)
        CHECK(pthread_create(&t[i], NULL, fire_loop, &w[i]) == 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK(w[i].bad == 0);
    }
    teardown(&f);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fire_slot_test FIRE.o\n");
        return 2;
    }
    void *buf;
    size_t len;
    char err[256];
    if (hu_read_file(argv[1], &buf, &len, (size_t)1 << 20, err, sizeof(err))) {
        fprintf(stderr, "fire_slot_test: %s\n", err);
        return 2;
    }
    for (uint32_t engine = HU_ENGINE_INTERP; engine <= HU_ENGINE_JIT; engine++) {
        test_slots(buf, len, engine);
        test_concurrent(buf, len, engine);
    }
    free(buf);
    printf("fire_slot_test: %s (%d failed checks)\n", failures ? "FAIL" : "ok", failures);
    return failures ? 1 : 0;
}
