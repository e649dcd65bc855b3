/* SPDX-License-Identifier: MIT */
/*
 * hu-difftest: one hyperupcall source compiled three ways - natively (a shared object built with
 * HUPCALL_NATIVE) and by hucc into objects - runs over the same guest memory, a graph of 64-byte
 * nodes at the same guest addresses, with the same context. Each object runs in both engines;
 * r0, the vCPU helper calls and every byte of the window must match the native run.
 *
 * A native build that exports hu_difftest_globals (csmith.py's programs) runs over its globals
 * instead: they are guest memory, the objects' guest symbols resolved to the native addresses in
 * a window over them, filled with the globals' initial bytes; after one run each global must hold
 * the native bytes and the rest of the window stay zero.
 *
 *   hu-difftest [--seed N] [--inputs K] NATIVE.so OBJ...
 *
 * Exit status: 0 all agree, 1 a difference (printed), 2 usage, load or registration error.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <hupcall/huhost.h>

#define WINDOW_SIZE 0x10000ull
#define NODE_SIZE 64
#define N_NODES 256
#define N_VCPUS 4

struct calls {
    struct hu_record log[HU_RECORDER_MAX_CALLS];
    size_t n;
};

static uint64_t rng_state;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* What every vCPU register and exit-info field reads, in both runs. */
static uint64_t reg_value(uint64_t vcpu, uint64_t reg)
{
    return vcpu * 0x10001 + reg * 0x1f + 3;
}

static uint64_t exit_value(uint64_t field)
{
    return field * 0x77 + 5;
}

/* ---- The native run's helpers (the framework's native mode calls these). */
static struct calls native_calls;

static uint64_t native_record(uint32_t helper, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t ret)
{
    if (native_calls.n < HU_RECORDER_MAX_CALLS) {
        struct hu_record *r = &native_calls.log[native_calls.n++];

        memset(r, 0, sizeof(*r));
        r->helper = helper;
        r->args[0] = a0;
        r->args[1] = a1;
        r->args[2] = a2;
        r->ret = ret;
    }
    return ret;
}

long hu_native_send_vcpu_ipi(uint64_t vcpu, uint64_t vector);
uint64_t hu_native_get_vcpu_register(uint64_t vcpu, uint64_t reg);
long hu_native_set_vcpu_register(uint64_t vcpu, uint64_t reg, uint64_t value);
long hu_native_flush_tlb_vcpu(uint64_t vcpu);
uint64_t hu_native_get_exit_info(uint64_t field);

long hu_native_send_vcpu_ipi(uint64_t vcpu, uint64_t vector)
{
    return (long)native_record(HU_HELPER_SEND_VCPU_IPI, vcpu, vector, 0,
                               vcpu < HU_RECORDER_MAX_VCPUS ? 0 : (uint64_t)-22);
}

uint64_t hu_native_get_vcpu_register(uint64_t vcpu, uint64_t reg)
{
    uint64_t v = vcpu < N_VCPUS && reg < HU_REG_COUNT                 ? reg_value(vcpu, reg)
                 : vcpu < HU_RECORDER_MAX_VCPUS && reg < HU_REG_COUNT ? 0
                                                                      : (uint64_t)-22;

    return native_record(HU_HELPER_GET_VCPU_REGISTER, vcpu, reg, 0, v);
}

long hu_native_set_vcpu_register(uint64_t vcpu, uint64_t reg, uint64_t value)
{
    (void)value;
    return (long)native_record(HU_HELPER_SET_VCPU_REGISTER, vcpu, reg, value,
                               vcpu < HU_RECORDER_MAX_VCPUS && reg < HU_REG_COUNT ? 0
                                                                                  : (uint64_t)-22);
}

long hu_native_flush_tlb_vcpu(uint64_t vcpu)
{
    return (long)native_record(HU_HELPER_FLUSH_TLB_VCPU, vcpu, 0, 0,
                               vcpu < HU_RECORDER_MAX_VCPUS ? 0 : (uint64_t)-22);
}

uint64_t hu_native_get_exit_info(uint64_t field)
{
    return native_record(HU_HELPER_GET_EXIT_INFO, field, 0, 0,
                         field < HU_EXIT_INFO_COUNT ? exit_value(field) : (uint64_t)-22);
}

/* ---- Guest memory: N_NODES nodes whose first two words point at nodes and whose third is a
 * node address with a tag in its low three bits; everything else random. */
static void fill_memory(uint8_t *mem, uint64_t base)
{
    for (uint64_t off = 0; off < WINDOW_SIZE; off += 8) {
        uint64_t v = rng();

        memcpy(mem + off, &v, 8);
    }
    for (uint64_t i = 0; i < N_NODES; i++) {
        uint64_t *node = (uint64_t *)(mem + i * NODE_SIZE);

        node[0] = base + (rng() % N_NODES) * NODE_SIZE;
        node[1] = base + (rng() % N_NODES) * NODE_SIZE;
        node[2] = base + (rng() % N_NODES) * NODE_SIZE + (rng() & 7);
    }
}

static void make_ctx(struct hu_event_args *ev, uint64_t base)
{
    memset(ev, 0, sizeof(*ev));
    ev->vcpu = (uint32_t)(rng() % N_VCPUS);
    ev->rip = rng();
    ev->args[0] = base + (rng() % N_NODES) * NODE_SIZE;
    for (int i = 1; i < HU_CTX_NARGS; i++)
        ev->args[i] = rng() % 3 ? rng() % 64 : rng();
}

static int is_memory_helper(uint32_t h)
{
    return h == HU_HELPER_MEMCPY || h == HU_HELPER_MEMSET || h == HU_HELPER_CMPXCHG ||
           h == HU_HELPER_ATOMIC;
}

/* vCPU helper calls in order, with the arguments each helper takes. */
static int same_calls(const struct calls *nat, const struct hu_recorder *rec)
{
    size_t j = 0;

    for (size_t i = 0; i < hu_recorder_count(rec); i++) {
        const struct hu_record *h = hu_recorder_get(rec, i);
        unsigned int arity =
            h->helper == HU_HELPER_SET_VCPU_REGISTER                                           ? 3
            : h->helper == HU_HELPER_SEND_VCPU_IPI || h->helper == HU_HELPER_GET_VCPU_REGISTER ? 2
                                                                                               : 1;

        if (is_memory_helper(h->helper))
            continue;
        if (j == nat->n || h->helper != nat->log[j].helper || h->ret != nat->log[j].ret)
            return 0;
        for (unsigned int k = 0; k < arity; k++)
            if (h->args[k] != nat->log[j].args[k])
                return 0;
        j++;
    }
    return j == nat->n;
}

/* A window at a free address aligned to its size, followed by the guard. */
static uint8_t *map_aligned(void)
{
    size_t len = 2 * WINDOW_SIZE + HU_GUARD_SIZE;
    uint8_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED)
        return NULL;
    return (uint8_t *)(((uintptr_t)p + WINDOW_SIZE - 1) & ~(uintptr_t)(WINDOW_SIZE - 1));
}

struct hu_side {
    const char *path;
    struct hu_object *obj;
    struct hu_window *window;
    struct hu_recorder *rec;
    struct hu_vm *vm[2];
};

/* The object at s->path in both engines over a window of `size` at guest `base` backed by `buf`,
 * its guest symbols resolved by `symtab` (NULL: none). */
static int open_side(struct hu_side *s, uint64_t base, uint64_t size, uint8_t *buf,
                     const struct hu_symtab *symtab)
{
    char err[512];
    struct hu_reg_opts ro = {.symtab = symtab};

    if (hu_object_open_file(s->path, &s->obj, err, sizeof(err)) < 0 ||
        hu_window_wrap(base, size, buf, size + HU_GUARD_SIZE, &s->window, err, sizeof(err)) < 0 ||
        !(s->rec = hu_recorder_new())) {
        fprintf(stderr, "hu-difftest: %s: %s\n", s->path, err);
        return -1;
    }
    for (uint32_t v = 0; v < N_VCPUS; v++)
        for (uint32_t r = 0; r < HU_REG_COUNT; r++)
            hu_recorder_set_register(s->rec, v, r, reg_value(v, r));
    for (uint32_t f = 0; f < HU_EXIT_INFO_COUNT; f++)
        hu_recorder_set_exit_info(s->rec, f, exit_value(f));
    ro.window = s->window;
    for (uint32_t e = 0; e < 2; e++) {
        struct hu_vm_opts vo = {.guest_mem_size = 1ull << 40,
                                .n_vcpus = HU_RECORDER_MAX_VCPUS,
                                .backend = hu_recorder_backend(),
                                .backend_priv = s->rec,
                                .engine = e};

        if (hu_vm_create(&vo, &s->vm[e], err, sizeof(err)) < 0 ||
            hu_register(s->vm[e], s->obj, &ro, err, sizeof(err)) <= 0) {
            fprintf(stderr, "hu-difftest: %s: %s\n", s->path, err);
            return -1;
        }
    }
    return 0;
}

typedef uint64_t (*native_fn)(const struct hu_ctx *);

/* Runs side s in engine e; 1 when r0 and the vCPU helper calls match the native run and
 * `same_mem`(its memory) says the memory does, else prints the difference and returns 0. */
static int agrees(struct hu_side *s, uint32_t e, const struct hu_event_args *ev, uint64_t input,
                  uint64_t want, int (*same_mem)(const void *), const void *mem)
{
    uint64_t got = 0;
    int calls, memory;

    hu_recorder_clear(s->rec);
    if (hu_fire(s->vm[e], HU_EVENT_EXIT, ev, &got) != 1) {
        printf("input %" PRIu64 ": %s (%s): did not run\n", input, s->path,
               e ? "JIT" : "interpreter");
        return 0;
    }
    calls = same_calls(&native_calls, s->rec);
    memory = same_mem(mem);
    if (got == want && calls && memory)
        return 1;
    printf("input %" PRIu64 ": %s (%s): r0 %#" PRIx64 ", native %#" PRIx64 "%s%s\n", input, s->path,
           e ? "JIT" : "interpreter", got, want, calls ? "" : "; helper calls differ",
           memory ? "" : "; memory differs");
    return 0;
}

/* ---- Node graphs: `inputs` random fills of a 64 KiB window and contexts. */
static uint8_t *nat_mem, *hu_mem;

static int same_window(const void *unused)
{
    (void)unused;
    return !memcmp(hu_mem, nat_mem, WINDOW_SIZE);
}

static int run_nodes(native_fn native, struct hu_side *sides, int n_sides, uint64_t seed,
                     uint64_t inputs)
{
    uint8_t *start = malloc(WINDOW_SIZE);
    uint64_t base;

    nat_mem = map_aligned();
    hu_mem = map_aligned();
    if (!nat_mem || !hu_mem || !start) {
        fprintf(stderr, "hu-difftest: out of memory\n");
        return 2;
    }
    base = (uint64_t)(uintptr_t)nat_mem;
    for (int i = 0; i < n_sides; i++)
        if (open_side(&sides[i], base, WINDOW_SIZE, hu_mem, NULL) < 0)
            return 2;
    rng_state = seed * 0x9e3779b97f4a7c15ull | 1;
    for (uint64_t in = 0; in < inputs; in++) {
        struct hu_event_args ev;
        struct hu_ctx ctx = {0};
        uint64_t want;

        fill_memory(start, base);
        make_ctx(&ev, base);
        memcpy(nat_mem, start, WINDOW_SIZE);
        ctx.event = HU_EVENT_EXIT;
        ctx.vcpu_id = ev.vcpu;
        ctx.hva = base;
        ctx.guest_base = base;
        ctx.guest_mask = WINDOW_SIZE - 1;
        ctx.rip = ev.rip;
        memcpy(ctx.args, ev.args, sizeof(ctx.args));
        native_calls.n = 0;
        want = native(&ctx);
        for (int i = 0; i < n_sides; i++)
            for (uint32_t e = 0; e < 2; e++) {
                memcpy(hu_mem, start, WINDOW_SIZE);
                if (!agrees(&sides[i], e, &ev, in, want, same_window, NULL))
                    return 1;
            }
    }
    return 0;
}

/* ---- Globals (csmith.py): the native build's table of its globals. */
struct global {
    const char *name;
    const volatile void *addr;
    unsigned long size;
};

struct globals {
    const struct global *g; /* ends with a null name */
    uint64_t base, size;    /* the window: aligned, a power of two, over every global */
    uint8_t *initial;       /* the window's bytes before the run: globals, zeros around */
    uint8_t *buf;           /* the hyperupcalls' window */
    struct hu_symtab *symtab;
};

/* The smallest aligned power-of-two window over every global. */
static int globals_window(struct globals *gl)
{
    uint64_t lo = UINT64_MAX, hi = 0;

    for (const struct global *g = gl->g; g->name; g++) {
        uint64_t a = (uint64_t)(uintptr_t)g->addr;

        lo = a < lo ? a : lo;
        hi = a + g->size > hi ? a + g->size : hi;
    }
    if (hi == 0)
        lo = hi = (uint64_t)(uintptr_t)gl->g; /* no globals: any window */
    for (gl->size = 4096; gl->size <= (1ull << 26); gl->size <<= 1)
        if (lo / gl->size == (hi ? hi - 1 : hi) / gl->size) {
            gl->base = lo & ~(gl->size - 1);
            return 0;
        }
    fprintf(stderr, "hu-difftest: globals spread over more than 64 MiB\n");
    return -1;
}

static int globals_open(struct globals *gl, const struct global *table)
{
    size_t len;

    gl->g = table;
    if (globals_window(gl) < 0)
        return -1;
    len = gl->size + HU_GUARD_SIZE;
    gl->buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    gl->initial = calloc(1, gl->size);
    gl->symtab = hu_symtab_new();
    if (gl->buf == MAP_FAILED || !gl->initial || !gl->symtab)
        return -1;
    for (const struct global *g = gl->g; g->name; g++) {
        uint64_t a = (uint64_t)(uintptr_t)g->addr;

        memcpy(gl->initial + (a - gl->base), (const void *)g->addr, g->size);
        if (hu_symtab_add(gl->symtab, g->name, a) < 0)
            return -1;
    }
    return 0;
}

/* Each global as natively after the run, every other byte of the window still zero. */
static int same_globals(const void *p)
{
    const struct globals *gl = p;
    uint8_t *want = calloc(1, gl->size);
    int same;

    if (!want)
        return 0;
    for (const struct global *g = gl->g; g->name; g++)
        memcpy(want + ((uint64_t)(uintptr_t)g->addr - gl->base), (const void *)g->addr, g->size);
    same = !memcmp(want, gl->buf, gl->size);
    free(want);
    return same;
}

static int run_globals(native_fn native, const struct global *table, struct hu_side *sides,
                       int n_sides)
{
    struct globals gl = {0};
    struct hu_event_args ev = {0};
    struct hu_ctx ctx = {.event = HU_EVENT_EXIT};
    uint64_t want;

    if (globals_open(&gl, table) < 0) {
        fprintf(stderr, "hu-difftest: cannot lay out the globals\n");
        return 2;
    }
    for (int i = 0; i < n_sides; i++)
        if (open_side(&sides[i], gl.base, gl.size, gl.buf, gl.symtab) < 0)
            return 2;
    native_calls.n = 0;
    want = native(&ctx);
    for (int i = 0; i < n_sides; i++)
        for (uint32_t e = 0; e < 2; e++) {
            memcpy(gl.buf, gl.initial, gl.size);
            if (!agrees(&sides[i], e, &ev, 0, want, same_globals, &gl))
                return 1;
        }
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t seed = 1, inputs = 8;
    int first = 1, n_sides;
    native_fn native;
    const struct global *table;
    struct hu_side *sides;
    void *lib;

    while (first < argc && !strncmp(argv[first], "--", 2) && first + 1 < argc) {
        if (!strcmp(argv[first], "--seed"))
            seed = strtoull(argv[first + 1], NULL, 0);
        else if (!strcmp(argv[first], "--inputs"))
            inputs = strtoull(argv[first + 1], NULL, 0);
        else
            break;
        first += 2;
    }
    if (argc - first < 2) {
        fprintf(stderr, "usage: hu-difftest [--seed N] [--inputs K] NATIVE.so OBJ...\n");
        return 2;
    }
    lib = dlopen(argv[first], RTLD_NOW);
    native = lib ? (native_fn)dlsym(lib, "hupcall_exit") : NULL;
    n_sides = argc - first - 1;
    sides = calloc((size_t)n_sides, sizeof(*sides));
    if (!native || !sides) {
        fprintf(stderr, "hu-difftest: %s: %s\n", argv[first], lib ? "no hupcall_exit" : dlerror());
        return 2;
    }
    for (int i = 0; i < n_sides; i++)
        sides[i].path = argv[first + 1 + i];
    table = dlsym(lib, "hu_difftest_globals");
    return table ? run_globals(native, table, sides, n_sides)
                 : run_nodes(native, sides, n_sides, seed, inputs);
}
