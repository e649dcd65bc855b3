/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the whole untrusted path: the input is an object file. What the loader
 * opens is registered for each of its events with both engines and fired over a window + guard of
 * exactly their size, fenced by inaccessible pages, with guest memory and event arguments derived
 * from the input. Built with ASan+UBSan and libFuzzer's coverage: an access outside the window +
 * guard, the stack frame or the context crashes; a loader error must be a printable message;
 * interpreter and JIT must agree on registration, hu_fire's result (faults included), r0 and every
 * byte of the window. Seeds: the project's own objects (built with the tests).
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <hupcall/huhost.h>

#include "fuzz_message.h"

#include "xorshift.h"

#define WINDOW_BASE 0xffff888000000000ull
#define WINDOW_SIZE 0x10000ull
#define FENCE (1u << 20) /* inaccessible on both sides of window + guard */

static uint64_t rng_state;

static uint64_t rng(void)
{
    return xorshift64(&rng_state);
}

struct fence {
    uint8_t *region, *hva;
    struct hu_window *w;
};

static int fence_window(struct fence *f)
{
    char err[256];
    size_t total = 2 * FENCE + WINDOW_SIZE + HU_GUARD_SIZE;
    f->region = mmap(NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (f->region == MAP_FAILED)
        return -1;
    f->hva = f->region + FENCE;
    /* Shared memory: hu_window_wrap maps the window's start again as its guard. */
    if (mmap(f->hva, WINDOW_SIZE + HU_GUARD_SIZE, PROT_READ | PROT_WRITE,
             MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
        return -1;
    return hu_window_wrap(WINDOW_BASE, WINDOW_SIZE, f->hva, WINDOW_SIZE + HU_GUARD_SIZE, &f->w, err,
                          sizeof(err));
}

/* A random value that is often a guest address inside the window. */
static uint64_t guestish(void)
{
    return rng() % 2 ? WINDOW_BASE + rng() % WINDOW_SIZE : rng();
}

/* The same random guest memory and event arguments for every engine of one mutant. */
static void make_inputs(uint8_t *hva, uint64_t seed, struct hu_event_args *ev)
{
    uint64_t s = rng_state;
    rng_state = seed | 1;
    for (size_t i = 0; i < WINDOW_SIZE; i += 8) {
        uint64_t v = guestish();
        memcpy(hva + i, &v, 8);
    }
    *ev = (struct hu_event_args){.vcpu = 1, .rip = 0xffffffff81000000ull};
    for (int i = 0; i < HU_CTX_NARGS; i++)
        ev->args[i] = guestish();
    rng_state = s;
}

struct outcome {
    int ret;
    uint64_t r0;
    uint64_t sum; /* a checksum of the window and guard afterwards */
};

static struct outcome run_once(const struct hu_object *obj, struct fence *f, uint32_t engine,
                               uint32_t event, uint64_t seed, int *registered)
{
    struct hu_recorder *rec = hu_recorder_new();
    struct hu_symtab *st = hu_symtab_new();
    struct hu_vm *vm = NULL;
    struct hu_vm_opts vo = {.guest_mem_size = WINDOW_SIZE * 50,
                            .n_vcpus = 4,
                            .backend = hu_recorder_backend(),
                            .backend_priv = rec,
                            .engine = engine};
    struct hu_reg_opts ro = {.window = f->w, .symtab = st, .env = {0x1000, 3}};
    struct outcome o = {-1, 0, 0};
    char err[1024];
    hu_symtab_add(st, "counter", WINDOW_BASE + 0x1230);
    hu_symtab_add(st, "__per_cpu_offset", WINDOW_BASE + 0x2000);
    *registered = 0;
    /* Each hyperupcall of the event on its own: a rejected one does not hide the others. */
    if (hu_vm_create(&vo, &vm, err, sizeof(err)))
        vm = NULL;
    for (size_t k = 0; vm && k < hu_object_count(obj); k++) {
        if (hu_object_event(obj, k) != event)
            continue;
        ro.name = hu_object_name(obj, k);
        *registered += hu_register(vm, obj, &ro, err, sizeof(err)) > 0;
    }
    if (*registered) {
        struct hu_event_args ev;
        make_inputs(f->hva, seed, &ev);
        o.ret = hu_fire(vm, event, &ev, &o.r0);
        for (size_t i = 0; i < WINDOW_SIZE; i++)
            o.sum = o.sum * 31 + f->hva[i];
    }
    hu_vm_destroy(vm);
    hu_symtab_free(st);
    hu_recorder_free(rec);
    return o;
}

/* FNV-1a of the input: the guest memory of a run is a function of the input alone. */
static uint64_t hash(const uint8_t *data, size_t size)
{
    uint64_t h = 0xcbf29ce484222325ull;

    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 0x100000001b3ull;
    return h | 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint32_t events[] = {HU_EVENT_EXIT,   HU_EVENT_ENTRY,   HU_EVENT_INTERRUPT,
                                      HU_EVENT_MAP,    HU_EVENT_RECLAIM, HU_EVENT_AGING,
                                      HU_EVENT_PREEMPT};
    static struct fence f;
    struct hu_object *obj;
    char err[1024] = "";
    int ret;

    if (!f.w && fence_window(&f))
        abort();
    if ((ret = hu_object_open(data, size, &obj, err, sizeof(err)))) {
        check_message(ret, err);
        return 0;
    }
    uint64_t seed_mem = hash(data, size);
    for (size_t e = 0; e < sizeof(events) / sizeof(events[0]); e++) {
        int reg_i, reg_j;
        struct outcome i = run_once(obj, &f, HU_ENGINE_INTERP, events[e], seed_mem, &reg_i);
        struct outcome j = run_once(obj, &f, HU_ENGINE_JIT, events[e], seed_mem, &reg_j);
        if (reg_i != reg_j || (reg_i && (i.ret != j.ret || i.r0 != j.r0 || i.sum != j.sum))) {
            fprintf(stderr, "event %u: interpreter %d/%d r0 %#llx, jit %d/%d r0 %#llx\n", events[e],
                    reg_i, i.ret, (unsigned long long)i.r0, reg_j, j.ret, (unsigned long long)j.r0);
            abort();
        }
    }
    hu_object_close(obj);
    return 0;
}
