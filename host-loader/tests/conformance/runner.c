/* SPDX-License-Identifier: MIT */
/*
 * Runs BPF conformance programs in the interpreter with the hyperupcall rules off: no verifier,
 * r1 = the test's memory block, r2 = its length. Driven by bpf_conformance.py over stdin:
 *
 *   TEST <name>      CODE <hex instruction bytes>      MEM <hex bytes or ->      RUN <repeat>
 *   VERIFY
 *
 * and answers one line per test: "<name> ok r0=0x.. steps=N ns=T" (T: total nanoseconds of the
 * `repeat` timed runs after the checked one) or "<name> error <message>". With --jit the programs
 * run in the JIT instead. VERIFY runs the hyperupcall verifier on the current program (event
 * reclaim) and answers "<name> verify accepted" or "<name> verify rejected <rule>".
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hupcall/abi.h>

#include "interp.h"
#include "jit.h"
#include "prog.h"
#include "verifier.h"

#define MAX_LINE (1 << 20)

/* The suite's helper 5 (ubpf's "unwind" in call_unwind_fail and callx) returns its argument. */
static uint64_t helper_return_arg(void *cookie, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                                  uint64_t a5)
{
    (void)cookie, (void)a2, (void)a3, (void)a4, (void)a5;
    return a1;
}

static size_t unhex(const char *s, uint8_t *out, size_t max)
{
    size_t n = 0;
    while (s[0] && s[1] && n < max) {
        unsigned v;
        if (sscanf(s, "%2x", &v) != 1)
            break;
        out[n++] = (uint8_t)v;
        s += 2;
    }
    return n;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void run_test(const char *name, const uint8_t *code, size_t code_len, uint8_t *mem,
                     size_t mem_len, long repeat)
{
    struct hu_helpers h = {.fn = {[5] = helper_return_arg}};
    struct hu_prog p = {.insns = (struct hu_insn *)code, .n_insns = code_len / 8};
    uint64_t r0 = 0, steps = 0, r1 = mem_len ? (uint64_t)(uintptr_t)mem : 0;
    char err[256];
    int ret = hu_interp_exec(&p, r1, mem_len, &h, HU_INTERP_DEFAULT_MAX_STEPS, &steps, &r0, err,
                             sizeof(err));
    if (ret) {
        printf("%s error %s\n", name, err);
        return;
    }
    double t0 = now_ns();
    for (long i = 0; i < repeat; i++) {
        uint64_t x;
        hu_interp_exec(&p, r1, mem_len, &h, HU_INTERP_DEFAULT_MAX_STEPS, NULL, &x, err,
                       sizeof(err));
    }
    printf("%s ok r0=%#llx steps=%llu ns=%.0f\n", name, (unsigned long long)r0,
           (unsigned long long)steps, now_ns() - t0);
}

/* --jit: r0 and the time are the JIT's, on the fresh memory block; the interpreter, run first on a
 * copy, counts the instructions executed so both modes report ns per instruction. */
static void run_jit(const char *name, const uint8_t *code, size_t code_len, uint8_t *mem,
                    size_t mem_len, long repeat)
{
    struct hu_helpers h = {.fn = {[5] = helper_return_arg}};
    struct hu_prog p = {.insns = (struct hu_insn *)code, .n_insns = code_len / 8};
    uint64_t r0 = 0, steps = 0, r1 = mem_len ? (uint64_t)(uintptr_t)mem : 0;
    uint8_t *copy = malloc(mem_len + 1);
    struct hu_jit *j = NULL;
    char err[256] = "out of memory";

    if (!copy || hu_jit_compile(&p, &h, &j, err, sizeof(err))) {
        printf("%s error %s\n", name, err);
        free(copy);
        return;
    }
    memcpy(copy, mem, mem_len);
    hu_interp_exec(&p, mem_len ? (uint64_t)(uintptr_t)copy : 0, mem_len, &h,
                   HU_INTERP_DEFAULT_MAX_STEPS, &steps, &r0, err, sizeof(err));
    if (hu_jit_run(j, r1, mem_len, h.cookie, &r0, err, sizeof(err))) {
        printf("%s error %s\n", name, err);
        goto out;
    }
    double t0 = now_ns();
    for (long i = 0; i < repeat; i++) {
        uint64_t x;
        hu_jit_run(j, r1, mem_len, h.cookie, &x, err, sizeof(err));
    }
    printf("%s ok r0=%#llx steps=%llu ns=%.0f\n", name, (unsigned long long)r0,
           (unsigned long long)steps, now_ns() - t0);
out:
    hu_jit_free(j);
    free(copy);
}

/* The hyperupcall rules on a conformance program (the suite's loops and unknown helpers). */
static void verify_test(const char *name, const uint8_t *code, size_t code_len)
{
    struct hu_prog p = {.insns = (struct hu_insn *)code, .n_insns = code_len / 8};
    struct hu_verify_limits lim = {HU_EVENT_RECLAIM, HU_MAX_INSNS_GLOBAL};
    struct hu_verify_report rep = {.insn = -1};
    int ret = hu_verify(&p, &lim, &rep);
    if (ret == 0)
        printf("%s verify accepted\n", name);
    else
        printf("%s verify rejected %s\n", name, rep.rule ? rep.rule : "?");
}

int main(int argc, char **argv)
{
    bool jit = argc > 1 && strcmp(argv[1], "--jit") == 0;
    char *line = malloc(MAX_LINE), name[256] = "";
    uint8_t *code = aligned_alloc(8, MAX_LINE / 2), *mem = aligned_alloc(8, MAX_LINE / 2);
    size_t code_len = 0, mem_len = 0;
    if (!line || !code || !mem)
        return 2;
    while (fgets(line, MAX_LINE, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "TEST ", 5) == 0) {
            snprintf(name, sizeof(name), "%s", line + 5);
        } else if (strncmp(line, "CODE ", 5) == 0) {
            code_len = unhex(line + 5, code, MAX_LINE / 2);
        } else if (strncmp(line, "MEM ", 4) == 0) {
            mem_len = unhex(line + 4, mem, MAX_LINE / 2);
        } else if (strcmp(line, "VERIFY") == 0) {
            verify_test(name, code, code_len);
            fflush(stdout);
        } else if (strncmp(line, "RUN ", 4) == 0) {
            (jit ? run_jit : run_test)(name, code, code_len, mem, mem_len, atol(line + 4));
            fflush(stdout);
        }
    }
    free(line);
    free(code);
    free(mem);
    return 0;
}
