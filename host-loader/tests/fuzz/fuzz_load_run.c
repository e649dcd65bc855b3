/* SPDX-License-Identifier: MIT */
/*
 * Sandbox fuzzing of the whole registration and run path: the code of seed objects is mutated
 * (operands, offsets, immediates, registers, opcodes), and every mutant the loader and verifier
 * accept is fired with hu_fire, with both engines, over a window fenced by inaccessible pages and
 * with random guest memory. Built with ASan+UBSan: an access outside the window + guard, the stack
 * frame or the context - a verifier or engine bug - crashes or is reported, and fails the test.
 * Interpreter and JIT must also agree on r0 and on the window's contents afterwards.
 *
 * usage: sandbox_fuzz ITERATIONS OBJ...
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <hupcall/huhost.h>

#include "xorshift.h"

#define WINDOW_BASE 0xffff888000000000ull
#define WINDOW_SIZE 0x10000ull
#define FENCE (1u << 20) /* inaccessible on both sides of window + guard */

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint64_t rng(void)
{
    return xorshift64(&rng_state);
}

/* Opcodes a mutation may put in place: the ISA's common forms. */
static const uint8_t codes[] = {0x07, 0x0f, 0x17, 0x1f, 0x27, 0x2f, 0x37, 0x3f, 0x47, 0x4f, 0x57,
                                0x5f, 0x67, 0x6f, 0x77, 0x7f, 0x87, 0x97, 0x9f, 0xa7, 0xaf, 0xb7,
                                0xbf, 0xc7, 0xcf, 0x04, 0x0c, 0x14, 0x54, 0x5c, 0xb4, 0xbc, 0xd4,
                                0xdc, 0xd7, 0x61, 0x69, 0x71, 0x79, 0x81, 0x89, 0x91, 0x62, 0x6a,
                                0x72, 0x7a, 0x63, 0x6b, 0x73, 0x7b, 0xc3, 0xdb, 0x05, 0x15, 0x1d,
                                0x25, 0x2d, 0x35, 0x55, 0x5d, 0xa5, 0xb5, 0x06, 0x16, 0x85, 0x95};

static const int16_t offsets[] = {0, 1, 4, 7, 8, -8, -16, -512, -513, 511, 0x7ff8, 0x7fff, -0x8000};

/* One mutation of the 8-byte instruction at p. */
static void mutate(uint8_t *p)
{
    int16_t off;
    int32_t imm;
    switch (rng() % 6) {
    case 0:
        p[0] = codes[rng() % sizeof(codes)];
        break;
    case 1:
        p[1] = (uint8_t)((rng() % 11) | (rng() % 11) << 4);
        break;
    case 2:
        off = offsets[rng() % (sizeof(offsets) / sizeof(offsets[0]))];
        memcpy(p + 2, &off, 2);
        break;
    case 3:
        memcpy(&off, p + 2, 2);
        off += (int16_t)(rng() % 33) - 16;
        memcpy(p + 2, &off, 2);
        break;
    case 4:
        imm = (int32_t)(rng() % 4 == 0 ? rng() : rng() % 64);
        memcpy(p + 4, &imm, 4);
        break;
    default:
        memcpy(&imm, p + 4, 4);
        imm += (int32_t)(rng() % 17) - 8;
        memcpy(p + 4, &imm, 4);
        break;
    }
}

/* The byte ranges of the object's code sections (the seeds are our own, trusted, files). */
struct code_ranges {
    size_t off[16], len[16], n;
};

static void find_code(const uint8_t *buf, size_t len, struct code_ranges *c)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)buf;
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(buf + eh->e_shoff);
    c->n = 0;
    for (size_t i = 1; i < eh->e_shnum && c->n < 16; i++)
        if ((sh[i].sh_flags & SHF_EXECINSTR) && sh[i].sh_size && sh[i].sh_offset < len) {
            c->off[c->n] = sh[i].sh_offset;
            c->len[c->n++] = sh[i].sh_size;
        }
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
    if (mprotect(f->hva, WINDOW_SIZE + HU_GUARD_SIZE, PROT_READ | PROT_WRITE))
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
    memset(hva + WINDOW_SIZE, 0, HU_GUARD_SIZE);
    *ev = (struct hu_event_args){.vcpu = 1, .rip = 0xffffffff81000000ull};
    for (int i = 0; i < HU_CTX_NARGS; i++)
        ev->args[i] = guestish();
    rng_state = s;
}

struct outcome {
    int ret;
    uint64_t r0;
    uint64_t sum; /* a checksum of the window afterwards */
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

int main(int argc, char **argv)
{
    static const uint32_t events[] = {HU_EVENT_EXIT,   HU_EVENT_ENTRY,   HU_EVENT_INTERRUPT,
                                      HU_EVENT_MAP,    HU_EVENT_RECLAIM, HU_EVENT_AGING,
                                      HU_EVENT_PREEMPT};
    unsigned long accepted = 0, ran = 0, tried = 0, disagree = 0;
    struct fence f;
    if (argc < 3 || fence_window(&f)) {
        fprintf(stderr, "usage: sandbox_fuzz ITERATIONS OBJ...\n");
        return 2;
    }
    long iterations = atol(argv[1]);
    for (int a = 2; a < argc; a++) {
        FILE *fp = fopen(argv[a], "rb");
        uint8_t *seed = malloc(1 << 20), *buf = malloc(1 << 20);
        size_t len = fp && seed ? fread(seed, 1, 1 << 20, fp) : 0;
        struct code_ranges c;
        if (fp)
            fclose(fp);
        if (!len || !buf)
            return 2;
        find_code(seed, len, &c);
        for (long it = 0; it < iterations && c.n; it++) {
            struct hu_object *obj;
            char err[1024];
            memcpy(buf, seed, len);
            for (int m = 1 + rng() % 3; m > 0; m--) {
                size_t s = rng() % c.n;
                mutate(buf + c.off[s] + 8 * (rng() % (c.len[s] / 8)));
            }
            tried++;
            if (hu_object_open(buf, len, &obj, err, sizeof(err)))
                continue;
            uint64_t seed_mem = rng();
            for (size_t e = 0; e < sizeof(events) / sizeof(events[0]); e++) {
                int reg_i, reg_j;
                struct outcome i = run_once(obj, &f, HU_ENGINE_INTERP, events[e], seed_mem, &reg_i);
                struct outcome j = run_once(obj, &f, HU_ENGINE_JIT, events[e], seed_mem, &reg_j);
                accepted += reg_i;
                ran += reg_i && i.ret > 0;
                if (reg_i != reg_j ||
                    (reg_i && (i.ret != j.ret || i.r0 != j.r0 || i.sum != j.sum))) {
                    disagree++;
                    fprintf(stderr,
                            "%s iteration %ld event %u: interpreter %d/%d r0 %#llx, jit "
                            "%d/%d r0 %#llx\n",
                            argv[a], it, events[e], reg_i, i.ret, (unsigned long long)i.r0, reg_j,
                            j.ret, (unsigned long long)j.r0);
                }
            }
            hu_object_close(obj);
        }
        free(seed);
        free(buf);
    }
    hu_window_free(f.w);
    munmap(f.region, 2 * FENCE + WINDOW_SIZE + HU_GUARD_SIZE);
    printf("sandbox_fuzz: %lu mutants, %lu registrations accepted, %lu fired, %lu disagreements\n",
           tried, accepted, ran, disagree);
    return disagree ? 1 : 0;
}
