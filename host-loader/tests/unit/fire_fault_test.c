/* SPDX-License-Identifier: MIT */
/*
 * hu_fire_slot's -EFAULT path, on both engines. A registered program is verified and never faults
 * at run time, so no public call reaches it: the test puts a trusted program that faults (a call
 * to a helper id with no function) into a registered slot, as the slot's JIT code or as its
 * interpreter's decoded program, and fires the slot: -EFAULT, *r0 0. The slot's own program then
 * runs again as before.
 *
 * usage: fire_fault_test FIRE.o   (tests/inputs/fire.s, assembled by the build)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hupcall/huhost.h>

#include "check.h"
#include "insn.h"
#include "jit.h"
#include "slot.h"

#define GUEST_BASE 0xffff888000000000ull
#define WINDOW_SIZE 0x10000ull

static char err[512];

/* fire.s's sum_args with env[1] = 0 on vCPU 1. */
static uint64_t sum_args(const struct hu_fire_args *a)
{
    return a->rip - a->args[5] + 2 * a->args[0] + 1;
}

/* r0 = 5, then a call no helper answers: the run faults at instruction 1. */
static struct hu_insn faulting[] = {MOVI(0, 5), CALL(0x7777), EXIT()};

static void test_engine(const void *buf, size_t len, uint32_t engine)
{
    struct hu_object *obj = NULL;
    struct hu_window *w = NULL;
    struct hu_vm *vm = NULL;
    struct hu_vm_opts vo = {.guest_mem_size = WINDOW_SIZE * 50, .n_vcpus = 2, .engine = engine};
    struct hu_fire_args *a = NULL;
    struct hu_prog p = {.insns = faulting, .n_insns = 3};
    struct hu_jit *j = NULL;
    struct hu_interp *in = NULL;
    uint64_t r0;

    CHECK(hu_object_open(buf, len, &obj, err, sizeof(err)) == 0);
    CHECK(hu_window_alloc(GUEST_BASE, WINDOW_SIZE, &w, err, sizeof(err)) == 0);
    CHECK(hu_vm_create(&vo, &vm, err, sizeof(err)) == 0);
    struct hu_reg_opts ro = {.name = "sum_args", .window = w};
    CHECK(hu_register(vm, obj, &ro, err, sizeof(err)) == 1);
    CHECK(hu_event_slot(vm, HU_EVENT_MAP, 1, &a, err, sizeof(err)) == 0 && a);
    *a = (struct hu_fire_args){0xffffffff81000010ull, {100, 0, 0, 0, 0, 3}};
    CHECK(hu_fire_slot(a, &r0) == 1 && r0 == sum_args(a));

    struct hu_slot *s = hu_slot_of(a);
    hu_jit_entry_fn own = s->entry;
    const struct hu_interp *own_interp = s->interp;
    if (engine == HU_ENGINE_JIT) {
        CHECK(hu_jit_compile(&p, NULL, &j, err, sizeof(err)) == 0);
        s->entry = (hu_jit_entry_fn)j->code;
    } else {
        CHECK(hu_interp_prepare(&p, NULL, NULL, &in, err, sizeof(err)) == 0);
        s->interp = in;
    }
    r0 = 77;
    CHECK(hu_fire_slot(a, &r0) == -EFAULT && r0 == 0);
    s->entry = own;
    s->interp = own_interp;
    CHECK(hu_fire_slot(a, &r0) == 1 && r0 == sum_args(a));

    hu_jit_free(j);
    hu_interp_free(in);
    hu_vm_destroy(vm);
    hu_window_free(w);
    hu_object_close(obj);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fire_fault_test FIRE.o\n");
        return 2;
    }
    void *buf;
    size_t len;
    char err[256];
    if (hu_read_file(argv[1], &buf, &len, (size_t)1 << 20, err, sizeof(err))) {
        fprintf(stderr, "fire_fault_test: %s\n", err);
        return 2;
    }
    for (uint32_t engine = HU_ENGINE_INTERP; engine <= HU_ENGINE_JIT; engine++)
        test_engine(buf, len, engine);
    free(buf);
    printf("fire_fault_test: %s (%d failed checks)\n", failures ? "FAIL" : "ok", failures);
    return failures ? 1 : 0;
}
