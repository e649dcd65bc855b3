/* SPDX-License-Identifier: MIT */
/* What the JIT refuses, and that it survives hostile bytes: each malformed program gets -EINVAL and
 * a message naming the problem; random instruction slots never crash the compiler; calls nest to
 * exactly HU_MAX_CALL_FRAMES frames (the verifier's limit, through its shape); and the code is
 * never mapped writable and executable. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insn.h"
#include "jit.h"
#include "xorshift.h"

struct reject_case {
    const char *name;
    struct hu_insn insns[8];
    uint32_t n;
    const char *msg; /* expected in the error */
};

static const struct reject_case cases[] = {
    {"unknown opcode", {I(0xff, 0, 0, 0, 0), EXIT()}, 2, "unknown ALU opcode 0xff"},
    {"legacy packet load", {I(0x20, 0, 0, 0, 0), EXIT()}, 2, "unknown opcode 0x20"},
    {"callx32", {I(0x8e, 0, 1, 0, 0), EXIT()}, 2, "unknown jump opcode 0x8e"},
    {"register r11", {I(0xb7, 11, 0, 0, 0), EXIT()}, 2, "register r11 does not exist"},
    {"write to r10", {I(0x07, 10, 0, 0, 8), EXIT()}, 2, "writes r10"},
    {"load into r10", {I(0x79, 10, 1, 0, 0), EXIT()}, 2, "writes r10"},
    {"fetch into r10", {I(0xdb, 10, 10, -8, 0x01), EXIT()}, 2, "fetch writes r10"},
    {"jump past the end", {I(0x05, 0, 0, 5, 0), EXIT()}, 2, "outside the program"},
    {"jump before the start", {I(0x15, 0, 0, -3, 0), EXIT()}, 2, "outside the program"},
    {"gotol past the end", {I(0x06, 0, 0, 0, 100), EXIT()}, 2, "outside the program"},
    {"truncated ld_imm64", {MOVI(0, 0), I(0x18, 0, 0, 0, 1)}, 2, "without its second slot"},
    {"ld_imm64 map kind", {I(0x18, 0, 1, 0, 1), I(0, 0, 0, 0, 0), EXIT()}, 3, "ld_imm64 of kind 1"},
    {"call outside", {I(0x85, 0, 1, 0, 7), EXIT()}, 2, "call to 8, outside the program"},
    {"call by BTF id", {I(0x85, 0, 2, 0, 1), EXIT()}, 2, "call kind 2"},
    {"byte swap width", {I(0xdc, 0, 0, 0, 8), EXIT()}, 2, "width 8"},
    {"movsx offset", {I(0xbf, 0, 1, 24, 0), EXIT()}, 2, "movsx with offset 24"},
    {"movsx32 of 32 bits", {I(0xbc, 0, 1, 32, 0), EXIT()}, 2, "movsx with offset 32"},
    {"div offset", {I(0x37, 0, 0, 2, 3), EXIT()}, 2, "offset 2"},
    {"add offset", {I(0x07, 0, 0, 1, 3), EXIT()}, 2, "has offset 1"},
    {"neg of a register", {I(0x8f, 0, 1, 0, 0), EXIT()}, 2, "neg with a register"},
    {"16-bit atomic", {I(0xcb, 10, 1, -8, 0x00), EXIT()}, 2, "atomic operation on 2 bytes"},
    {"atomic op", {I(0xdb, 10, 1, -8, 0x10), EXIT()}, 2, "unknown atomic operation 0x10"},
    {"xchg without fetch", {I(0xdb, 10, 1, -8, 0xe0), EXIT()}, 2, "unknown atomic operation"},
    {"sign-extending 64-bit load", {I(0x99, 0, 10, -8, 0), EXIT()}, 2, "sign-extending 64"},
    {"bswap with to-be", {I(0xdf, 0, 0, 0, 16), EXIT()}, 2, "bswap with the to-big-endian"},
};

static uint64_t one(void *cookie, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    (void)cookie, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return 1;
}

static uint64_t next(void *cookie, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    (void)cookie, (void)a2, (void)a3, (void)a4, (void)a5;
    return a1 + 1;
}

/* A call naming no helper compiles and faults when reached, as in the interpreter (the verifier
 * does not look at dead code); without a helper table every helper is unknown. */
static int check_unknown_helpers(const struct hu_helpers *h)
{
    static const struct {
        int32_t id;
        bool table;
        bool dead; /* the call is after the exit */
    } cases[] = {{9, true, false},
                 {1 << 20, true, false},
                 {-1, true, false},
                 {1, false, false},
                 {9, true, true}};
    int failed = 0;

    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        struct hu_insn in[] = {I(0x85, 0, 0, 0, cases[k].id), EXIT()};
        struct hu_insn dead[] = {MOVI(0, 7), EXIT(), I(0x85, 0, 0, 0, cases[k].id), EXIT()};
        struct hu_prog p = {.insns = cases[k].dead ? dead : in, .n_insns = cases[k].dead ? 4 : 2};
        struct hu_jit *j = NULL;
        uint64_t r0 = 0;
        char err[256] = "";
        int ret = hu_jit_compile(&p, cases[k].table ? h : NULL, &j, err, sizeof(err));

        if (!ret)
            ret = hu_jit_run(j, 0, 0, NULL, &r0, err, sizeof(err));
        hu_jit_free(j);
        if (cases[k].dead ? ret != 0 || r0 != 7
                          : ret != -EINVAL || !strstr(err, "insn 0: call to an unknown helper")) {
            fprintf(stderr, "FAIL call %d%s%s: ret %d r0 %llu err \"%s\"\n", cases[k].id,
                    cases[k].table ? "" : " without helpers", cases[k].dead ? " in dead code" : "",
                    ret, (unsigned long long)r0, err);
            failed++;
        }
    }
    return failed;
}

static int check_rejects(const struct hu_helpers *h)
{
    int failed = 0;

    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const struct reject_case *c = &cases[k];
        struct hu_prog p = {.insns = (struct hu_insn *)c->insns, .n_insns = c->n};
        struct hu_jit *j = NULL;
        char err[256];
        int ret = hu_jit_compile(&p, h, &j, err, sizeof(err));

        if (ret != -EINVAL || j || !strstr(err, c->msg)) {
            fprintf(stderr, "FAIL %s: ret %d, err \"%s\", want -EINVAL and \"%s\"\n", c->name, ret,
                    err, c->msg);
            hu_jit_free(j);
            failed++;
        }
    }
    return failed;
}

/* A chain of `frames` functions, each calling the next and adding 1 to r0 after the call, verified
 * and compiled with the verifier's shape: how deep calls may nest is the verifier's decision. */
static int call_chain(const struct hu_helpers *h, int frames, uint64_t *r0, char *err, size_t len)
{
    struct hu_insn in[3 * 16];
    struct hu_prog p = {.insns = in};
    struct hu_verify_limits lim = {HU_EVENT_RECLAIM, 0};
    struct hu_verify_shape shape = {0};
    struct hu_verify_report rep = {.shape = &shape};
    struct hu_jit *j;
    int ret;

    for (int f = 0; f < frames; f++) {
        if (f + 1 < frames)
            in[p.n_insns++] = (struct hu_insn)I(0x85, 0, 1, 0, 2);
        else
            in[p.n_insns++] = (struct hu_insn)MOVI(0, 0);
        in[p.n_insns++] = (struct hu_insn)I(0x07, 0, 0, 0, 1);
        in[p.n_insns++] = (struct hu_insn)EXIT();
    }
    ret = hu_verify(&p, &lim, &rep);
    if (ret) {
        snprintf(err, len, "verifier: %s: %s", rep.rule ? rep.rule : "?", rep.details);
        return ret;
    }
    ret = hu_jit_compile_flags(&p, &shape, h, 0, &j, err, len);
    hu_verify_shape_release(&shape);
    if (ret)
        return ret;
    ret = hu_jit_run(j, 0, 0, NULL, r0, err, len);
    hu_jit_free(j);
    return ret;
}

static int check_depth(const struct hu_helpers *h)
{
    uint64_t r0 = 0;
    char err[600];
    int ret = call_chain(h, HU_MAX_CALL_FRAMES, &r0, err, sizeof(err));

    if (ret || r0 != HU_MAX_CALL_FRAMES) {
        fprintf(stderr, "FAIL %d frames: ret %d r0 %llu (%s)\n", HU_MAX_CALL_FRAMES, ret,
                (unsigned long long)r0, ret ? err : "");
        return 1;
    }
    ret = call_chain(h, HU_MAX_CALL_FRAMES + 1, &r0, err, sizeof(err));
    if (ret != -EACCES || !strstr(err, "call-depth")) {
        fprintf(stderr, "FAIL %d frames: ret %d, err \"%s\"\n", HU_MAX_CALL_FRAMES + 1, ret, err);
        return 1;
    }
    return 0;
}

/* callx names its helper in a register: a known one is called, any other id ends the run with
 * -EINVAL from two calls deep, and the next run works. */
static int check_callx(const struct hu_helpers *h)
{
    static const uint64_t ids[] = {2, 9, 3, 16, 1ull << 40, 2};
    struct hu_insn in[] = {
        I(0x85, 0, 1, 0, 1),
        EXIT(), /* entry: call f */
        I(0x85, 0, 1, 0, 1),
        EXIT(), /* f: call g */
        I(0xb7, 1, 0, 0, 41),
        I(0x8d, 2, 0, 0, 0),
        EXIT(), /* g: r0 = callx r2 (41) */
    };
    struct hu_prog p = {.insns = in, .n_insns = 7};
    struct hu_jit *j;
    char err[128];
    int bad = 0;

    for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
        uint64_t r0 = 0;
        int ret;

        in[4].imm = 41;
        if (hu_jit_compile(&p, h, &j, err, sizeof(err))) {
            fprintf(stderr, "FAIL callx compile: %s\n", err);
            return 1;
        }
        /* r2 carries the id from the entry's argument down the calls. */
        ret = hu_jit_run(j, 0, ids[k], NULL, &r0, err, sizeof(err));
        hu_jit_free(j);
        if (ids[k] == 2 ? ret != 0 || r0 != 42
                        : ret != -EINVAL || !strstr(err, "insn 5: call to an unknown helper")) {
            fprintf(stderr, "FAIL callx id %llu: ret %d r0 %llu err \"%s\"\n",
                    (unsigned long long)ids[k], ret, (unsigned long long)r0, ret ? err : "");
            bad = 1;
        }
    }
    return bad;
}

/* Random slots, biased towards real opcodes and small registers and offsets: the compiler must
 * answer every one with 0 or -EINVAL. Compile only - unverified code is never run. */
static int check_hostile(const struct hu_helpers *h, unsigned count)
{
    static const uint8_t codes[] = {0x07, 0x0f, 0x04, 0x0c, 0x37, 0x3f, 0x9f, 0xbf, 0xdc, 0xd7,
                                    0x18, 0x61, 0x79, 0x91, 0x62, 0x7a, 0x73, 0xdb, 0xc3, 0x05,
                                    0x06, 0x15, 0x2d, 0x1e, 0x85, 0x95, 0x8d, 0x00};
    uint64_t x = 0x853c49e6748fea9bull;
    struct hu_insn in[24];
    unsigned accepted = 0;

    for (unsigned k = 0; k < count; k++) {
        struct hu_prog p = {.insns = in, .n_insns = 1 + (uint32_t)(k % 24)};
        struct hu_jit *j;
        char err[128];
        int ret;

        for (uint32_t i = 0; i < p.n_insns; i++) {
            uint8_t b[8];

            for (int q = 0; q < 8; q++) {
                b[q] = (uint8_t)xorshift64(&x);
            }
            memcpy(&in[i], b, 8);
            if (b[0] & 1)
                in[i].code = codes[b[1] % sizeof(codes)];
            if (b[2] & 1)
                in[i].off = (int16_t)((int8_t)b[3] % 8);
            if (b[4] & 1)
                in[i].imm = (int8_t)b[5] % 8;
            if (b[6] & 3) {
                in[i].dst %= 10;
                in[i].src %= 11;
            }
        }
        if (k & 1)
            in[p.n_insns - 1] = (struct hu_insn)EXIT();
        p.entry = (k & 2) ? (uint32_t)(x % p.n_insns) : 0;
        ret = hu_jit_compile(&p, h, &j, err, sizeof(err));
        if (ret != 0 && ret != -EINVAL) {
            fprintf(stderr, "FAIL hostile %u: ret %d (%s)\n", k, ret, err);
            return 1;
        }
        accepted += ret == 0;
        hu_jit_free(j);
    }
    printf("jit_reject: %u hostile programs, %u compiled, the rest refused\n", count, accepted);
    return 0;
}

/* The code's mapping is readable and executable, never writable. */
static int check_wx(const struct hu_helpers *h)
{
    struct hu_insn in[] = {MOVI(0, 42), EXIT()};
    struct hu_prog p = {.insns = in, .n_insns = 2};
    struct hu_jit *j;
    char err[128], line[512], perms[5] = "";
    uintptr_t code, lo, hi;
    size_t size;
    FILE *maps;
    uint64_t r0 = 0;

    if (hu_jit_compile(&p, h, &j, err, sizeof(err)) ||
        hu_jit_run(j, 0, 0, NULL, &r0, err, sizeof(err)) || r0 != 42) {
        fprintf(stderr, "FAIL mov 42: %s\n", err);
        return 1;
    }
    code = (uintptr_t)hu_jit_code(j, &size);
    maps = fopen("/proc/self/maps", "r");
    while (maps && fgets(line, sizeof(line), maps))
        if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %4s", &lo, &hi, perms) == 3 && lo <= code &&
            code + size <= hi)
            break;
    if (maps)
        fclose(maps);
    hu_jit_free(j);
    if (strncmp(perms, "r-x", 3)) {
        fprintf(stderr, "FAIL the code is mapped \"%s\", want r-x\n", perms);
        return 1;
    }
    return 0;
}

int main(void)
{
    struct hu_helpers h = {.fn = {[1] = one, [2] = next}};
    int failed = check_rejects(&h) + check_unknown_helpers(&h) + check_depth(&h) + check_callx(&h) +
                 check_hostile(&h, 20000) + check_wx(&h);

    if (failed) {
        fprintf(stderr, "jit_reject: %d failures\n", failed);
        return 1;
    }
    printf("jit_reject: %zu refusals, %d-frame calls, callx faults, W^X: ok\n",
           sizeof(cases) / sizeof(cases[0]), HU_MAX_CALL_FRAMES);
    return 0;
}
