/* SPDX-License-Identifier: MIT */
/*
 * abi.h's facts and the code that implements them agree: for every helper of HU_HELPERS, its name
 * (hu_helper_name), the events the verifier lets call it and the argument registers it reads,
 * and the arguments the recorder shows; get_exit_info's HU_EXIT_INFO_COUNT fields in the
 * recorder; HU_MAX_CALL_FRAMES frames in the verifier and both engines.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <hupcall/huhost.h>

#include "check.h"
#include "insn.h"
#include "interp.h"
#include "jit.h"
#include "verifier.h"

static int verify(struct hu_insn *in, uint32_t n, uint32_t event, struct hu_verify_report *rep)
{
    struct hu_prog p = {.name = "abi", .event = event, .insns = in, .n_insns = n};
    struct hu_verify_limits lim = {event, 0};
    memset(rep, 0, sizeof(*rep));
    return hu_verify(&p, &lim, rep);
}

/* A call of helper `id` with r1..r`set` written first. */
static int verify_call(int id, int set, uint32_t event, struct hu_verify_report *rep)
{
    struct hu_insn in[8];
    uint32_t n = 0;
    for (int r = 1; r <= set; r++)
        in[n++] = (struct hu_insn)MOVI(r, 0);
    in[n++] = (struct hu_insn)CALL(id);
    in[n++] = (struct hu_insn)EXIT();
    return verify(in, n, event, rep);
}

/* The number of arguments hu_record_format shows for a call of `id`. */
static int shown_args(uint32_t id)
{
    struct hu_record r = {.helper = id};
    char buf[256];
    int commas = 0;
    hu_record_format(&r, buf, sizeof(buf));
    for (const char *c = strchr(buf, '('); *c && *c != ')'; c++)
        commas += *c == ',';
    return strstr(buf, "()") ? 0 : commas + 1;
}

static void check_helper(int id, const char *name, int nargs, uint32_t events)
{
    struct hu_verify_report rep;
    CHECK(hu_helper_name(id) && strcmp(hu_helper_name(id), name) == 0);
    CHECK(shown_args(id) == nargs);
    for (uint32_t e = HU_EVENT_EXIT; e <= HU_EVENT_PREEMPT; e++) {
        if (!hu_event_name(e))
            continue;
        int ret = verify_call(id, nargs, e, &rep);
        if (events & HU_EV(e))
            CHECK(ret == 0);
        else
            CHECK(ret == -EACCES && strcmp(rep.rule, "helper-not-allowed") == 0);
        /* Its last argument register unwritten: the verifier reads exactly nargs of them. */
        if (nargs && (events & HU_EV(e)))
            CHECK(verify_call(id, nargs - 1, e, &rep) == -EACCES);
    }
    printf("helper %d %-18s %d arguments, events %#x\n", id, name, nargs, events);
}

/* A chain of `frames` functions, each calling the next. */
static uint32_t call_chain(struct hu_insn *in, int frames)
{
    uint32_t n = 0;
    for (int f = 0; f < frames - 1; f++) {
        in[n++] = (struct hu_insn)CALL_LOCAL(1);
        in[n++] = (struct hu_insn)EXIT();
    }
    in[n++] = (struct hu_insn)MOVI(0, 7);
    in[n++] = (struct hu_insn)EXIT();
    return n;
}

static void check_frames(void)
{
    struct hu_insn in[2 * (HU_MAX_CALL_FRAMES + 1)];
    struct hu_verify_report rep;
    struct hu_helpers h = {0};
    struct hu_jit *jit = NULL;
    char err[256];
    uint64_t r0 = 0;
    for (int frames = HU_MAX_CALL_FRAMES; frames <= HU_MAX_CALL_FRAMES + 1; frames++) {
        uint32_t n = call_chain(in, frames);
        struct hu_prog p = {.name = "frames", .event = HU_EVENT_EXIT, .insns = in, .n_insns = n};
        int ok = frames <= HU_MAX_CALL_FRAMES;
        CHECK((verify(in, n, HU_EVENT_EXIT, &rep) == 0) == ok);
        CHECK((hu_interp_run(&p, 0, 0, &h, &r0, err, sizeof(err)) == 0 && r0 == 7) == ok);
        /* The JIT takes the depth from the verifier's shape, which must say `frames`. */
        struct hu_verify_shape shape = {0};
        struct hu_verify_limits lim = {HU_EVENT_EXIT, 0};
        rep.shape = &shape;
        if (hu_verify(&p, &lim, &rep) == 0) {
            CHECK(shape.max_frames == (uint32_t)frames);
            CHECK(hu_jit_compile_flags(&p, &shape, &h, 0, &jit, err, sizeof(err)) == 0);
            CHECK(hu_jit_run(jit, 0, 0, NULL, &r0, err, sizeof(err)) == 0 && r0 == 7);
        }
        hu_verify_shape_release(&shape);
        hu_jit_free(jit);
        jit = NULL;
    }
    printf("%d call frames in the verifier, the interpreter and the JIT\n", HU_MAX_CALL_FRAMES);
}

static void check_exit_info(void)
{
    struct hu_recorder *rec = hu_recorder_new();
    const struct hu_backend *b = hu_recorder_backend();
    hu_recorder_set_exit_info(rec, HU_EXIT_INFO_COUNT - 1, 42);
    hu_recorder_set_exit_info(rec, HU_EXIT_INFO_COUNT, 43);
    CHECK(b->get_exit_info(rec, 0, HU_EXIT_INFO_COUNT - 1) == 42);
    CHECK(b->get_exit_info(rec, 0, HU_EXIT_INFO_COUNT) == (uint64_t)-EINVAL);
    hu_recorder_free(rec);
    printf("%d exit-info fields in the recorder\n", HU_EXIT_INFO_COUNT);
}

int main(void)
{
#define HU_CHECK_HELPER(id, ENUM, name, nargs, events) check_helper(id, #name, nargs, events);
    HU_HELPERS(HU_CHECK_HELPER)
#undef HU_CHECK_HELPER
    CHECK(hu_helper_name(0) == NULL && hu_helper_name(HU_HELPER_MAX + 1) == NULL);
    check_frames();
    check_exit_info();
    if (failures)
        fprintf(stderr, "abi_agree: %d failure(s)\n", failures);
    return failures != 0;
}
