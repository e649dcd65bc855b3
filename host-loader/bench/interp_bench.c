/* SPDX-License-Identifier: MIT */
/* Host instructions per executed BPF instruction of the interpreter on a verified program: a
 * loop-free straight-line program of about 4000 instructions in blocks like compiled code (ALU
 * with immediate and register sources, stack loads and stores, a conditional jump not taken),
 * verified with its shape, decoded once and run RUNS times with callgrind collecting only around
 * the runs. Run it under `valgrind --tool=callgrind --collect-atstart=no`: the instructions
 * callgrind reports divided by the executed instructions it prints is the figure.
 * Usage: interp_bench [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/callgrind.h>

#include "insn.h"
#include "interp.h"
#include "verifier.h"

#define N 4000

static struct hu_insn in[N];

static uint32_t gen(void)
{
    uint32_t n = 0;

    in[n++] = (struct hu_insn)MOVI(0, 1);
    in[n++] = (struct hu_insn)MOVI(3, 5);
    in[n++] = (struct hu_insn)STX(BPF_DW, 10, 3, -8);
    while (n < N - 8) {
        in[n++] = (struct hu_insn)ALUI(BPF_ADD, 0, 3);
        in[n++] = (struct hu_insn)LDX(BPF_DW, 4, 10, -8);
        in[n++] = (struct hu_insn)ALU(BPF_XOR, 0, 4);
        in[n++] = (struct hu_insn)JEQI(0, 12345678, 0);
        in[n++] = (struct hu_insn)ALUI(BPF_AND, 0, 0xffff);
        in[n++] = (struct hu_insn)STX(BPF_DW, 10, 0, -16);
        in[n++] = (struct hu_insn)MOV(5, 0);
        in[n++] = (struct hu_insn)ALUI(BPF_LSH, 5, 3);
    }
    in[n++] = (struct hu_insn)EXIT();
    return n;
}

int main(int argc, char **argv)
{
    long runs = argc > 1 ? strtol(argv[1], NULL, 0) : 100;
    struct hu_prog p = {.name = "bench", .event = HU_EVENT_EXIT, .insns = in, .n_insns = gen()};
    struct hu_verify_shape shape = {0};
    struct hu_verify_limits lim = {HU_EVENT_EXIT, 0};
    struct hu_verify_report rep = {.insn = -1, .shape = &shape};
    struct hu_interp *ip = NULL;
    uint64_t r0 = 0, steps = 0;
    char err[256];

    if (hu_verify(&p, &lim, &rep) || hu_interp_prepare(&p, &shape, NULL, &ip, err, sizeof(err)) ||
        hu_interp_exec(&p, 0, 0, NULL, 0, &steps, &r0, err, sizeof(err))) {
        fprintf(stderr, "interp_bench: %s%s\n", rep.details, err);
        return 1;
    }
    CALLGRIND_TOGGLE_COLLECT;
    for (long i = 0; i < runs; i++)
        hu_interp_call(ip, 0, 0, NULL, 0, NULL, &r0, err, sizeof(err));
    CALLGRIND_TOGGLE_COLLECT;
    printf("interp_bench: %ld runs of %llu executed instructions = %llu\n", runs,
           (unsigned long long)steps, (unsigned long long)steps * (unsigned long long)runs);
    hu_interp_free(ip);
    hu_verify_shape_release(&shape);
    return 0;
}
