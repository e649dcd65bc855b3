/* SPDX-License-Identifier: MIT */
/*
 * libhuhost's run path through the public API: symbol tables, windows (anonymous, wrapped, memfd),
 * guest images, registration (symbols, window limits, verification), hu_fire with the recording
 * backend, the library's masked helpers, and concurrent firing on several vCPUs. Built against a
 * sanitized copy of the library. Also measures load+register and fire times.
 *
 * usage: runtime_test RUNTIME.o LIMITS.o   (tests/inputs/runtime.s and limits.s, assembled by the
 * build)
 */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <hupcall/huhost.h>

#include "check.h"

#define GUEST_BASE 0xffff888000000000ull
#define WINDOW_SIZE 0x10000ull
#define COUNTER_GVA (GUEST_BASE + 0x1230)

static char err[1024];

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    void *buf = malloc(1 << 20);
    *len = f && buf ? fread(buf, 1, 1 << 20, f) : 0;
    if (f)
        fclose(f);
    return buf;
}

static void test_symtab(void)
{
    struct hu_symtab *st = hu_symtab_new();
    uint64_t a = 0;
    char path[] = "/tmp/hu-symtab-XXXXXX";
    int fd = mkstemp(path);
    const char map[] = "ffffffff81000000 T _stext\n"
                       "ffffffff82000000 D jiffies\n"
                       "ffffffff82000010 d dup\n"
                       "ffffffff82000020 d dup\n"
                       "ffffffffc0001000 t mod_fn\t[ext4]\n";
    CHECK(fd >= 0 && write(fd, map, sizeof(map) - 1) == (ssize_t)sizeof(map) - 1);
    close(fd);
    CHECK(hu_symtab_load(st, path, 0x1000000, err, sizeof(err)) == 5);
    CHECK(hu_symtab_lookup(st, "jiffies", &a) == 0 && a == 0xffffffff83000000ull);
    CHECK(hu_symtab_lookup(st, "mod_fn", &a) == 0 && a == 0xffffffffc1001000ull);
    CHECK(hu_symtab_lookup(st, "dup", &a) == -ENOTUNIQ);
    CHECK(hu_symtab_lookup(st, "nothere", &a) == -ENOENT);
    CHECK(hu_symtab_add(st, "extra", 0x42) == 0);
    CHECK(hu_symtab_add(st, "extra", 0x42) == 0); /* the same pair twice is one symbol */
    CHECK(hu_symtab_lookup(st, "extra", &a) == 0 && a == 0x42);
    CHECK(hu_symtab_count(st) == 6);
    CHECK(hu_symtab_add(st, "", 1) == -EINVAL);
    /* Many adds in scrambled order stay sorted: every one is found again. */
    for (unsigned i = 0; i < 500; i++) {
        char name[32];
        snprintf(name, sizeof(name), "sym%u", (i * 7919) % 500);
        CHECK(hu_symtab_add(st, name, (i * 7919) % 500) == 0);
    }
    for (unsigned i = 0, bad = 0; i < 500; i++) {
        char name[32];
        snprintf(name, sizeof(name), "sym%u", i);
        bad += hu_symtab_lookup(st, name, &a) != 0 || a != i;
        if (i == 499)
            CHECK(bad == 0);
    }
    fd = open(path, O_WRONLY | O_TRUNC);
    CHECK(fd >= 0 && write(fd, "zzz T x\n", 8) == 8);
    close(fd);
    CHECK(hu_symtab_load(st, path, 0, err, sizeof(err)) == -EINVAL && strstr(err, ":1:"));
    CHECK(hu_symtab_load(st, "/nonexistent/map", 0, err, sizeof(err)) == -ENOENT);
    unlink(path);
    hu_symtab_free(st);
}

static void test_windows(void)
{
    struct hu_window *w = NULL;
    uint64_t v = 0;
    CHECK(hu_window_alloc(GUEST_BASE, 3000, &w, err, sizeof(err)) == -EINVAL);
    CHECK(hu_window_alloc(GUEST_BASE + 0x100, 0x1000, &w, err, sizeof(err)) == -EINVAL);
    CHECK(strstr(err, "not aligned"));
    static _Alignas(8) uint8_t small[0x1000];
    CHECK(hu_window_wrap(0, 0x1000, small, sizeof(small), &w, err, sizeof(err)) == -EINVAL);

    /* A memfd backs guest RAM: the window is a second, shared view of it plus a private guard. */
    int fd = memfd_create("guest-ram", 0);
    CHECK(fd >= 0 && ftruncate(fd, 0x20000) == 0);
    CHECK(hu_window_map_fd(GUEST_BASE, 0x10000, fd, 0x10000, &w, err, sizeof(err)) == 0);
    if (w) {
        uint64_t x = 0x1122334455667788ull;
        CHECK(hu_window_write(w, GUEST_BASE + 0x18, &x, 8) == 0);
        CHECK(pread(fd, &v, 8, 0x10018) == 8 && v == x);
        CHECK(hu_window_read(w, GUEST_BASE + 0xfff8, &v, 8) == 0);
        CHECK(hu_window_read(w, GUEST_BASE + 0xfffc, &v, 8) == -ERANGE);
        CHECK(hu_window_read(w, GUEST_BASE - 8, &v, 8) == -ERANGE);
        hu_window_free(w);
    }
    close(fd);
}

static void test_image(void)
{
    char path[] = "/tmp/hu-image-XXXXXX";
    int fd = mkstemp(path);
    uint64_t a[3] = {1, 2, 3}, b = 0xdead, base = 0, size = 0, v = 0;
    struct hu_image_seg segs[2] = {{GUEST_BASE + 0x100, 0x100, sizeof(a), a},
                                   {GUEST_BASE + 0x3000, 0x3000, sizeof(b), &b}};
    struct hu_image *img = NULL;
    struct hu_window *w = NULL;
    close(fd);
    CHECK(hu_image_write(path, segs, 2, err, sizeof(err)) == 0);
    CHECK(hu_image_open(path, &img, err, sizeof(err)) == 0);
    if (!img)
        return;
    CHECK(hu_image_count(img) == 2);
    CHECK(hu_image_seg(img, 1)->gva == GUEST_BASE + 0x3000 && hu_image_seg(img, 1)->gpa == 0x3000);
    CHECK(hu_image_span(img, &base, &size) == 0 && base == GUEST_BASE && size == 0x4000);
    CHECK(hu_image_window(img, 0, 0, &w, err, sizeof(err)) == 0);
    CHECK(w && hu_window_read(w, GUEST_BASE + 0x3000, &v, 8) == 0 && v == 0xdead);
    hu_window_free(w);
    CHECK(hu_image_window(img, GUEST_BASE, 0x1000, &w, err, sizeof(err)) == -ERANGE);
    hu_image_close(img);
    /* A truncated image is an error, not a crash. */
    CHECK(truncate(path, 100) == 0);
    CHECK(hu_image_open(path, &img, err, sizeof(err)) == -EINVAL);
    unlink(path);
}

struct fixture {
    struct hu_object *obj;
    struct hu_window *w;
    struct hu_symtab *st;
    struct hu_recorder *rec;
    struct hu_vm *vm;
};

/* The engine every VM of a test run uses: the interpreter, then the JIT. */
static uint32_t engine;

static struct hu_vm_opts vm_opts(uint64_t guest_mem, uint32_t n_vcpus, struct hu_recorder *rec)
{
    return (struct hu_vm_opts){.guest_mem_size = guest_mem,
                               .n_vcpus = n_vcpus,
                               .backend = rec ? hu_recorder_backend() : NULL,
                               .backend_priv = rec,
                               .engine = engine};
}

static int setup(struct fixture *f, const void *buf, size_t len, uint64_t guest_mem)
{
    memset(f, 0, sizeof(*f));
    f->rec = hu_recorder_new();
    f->st = hu_symtab_new();
    struct hu_vm_opts vo = vm_opts(guest_mem, 8, f->rec);
    if (hu_object_open(buf, len, &f->obj, err, sizeof(err)) ||
        hu_window_alloc(GUEST_BASE, WINDOW_SIZE, &f->w, err, sizeof(err)) ||
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
    hu_symtab_free(f->st);
    hu_recorder_free(f->rec);
}

static void test_register(const void *buf, size_t len)
{
    struct fixture f;
    uint64_t r0 = 0, counter = 0x1234, env1 = 0;
    if (setup(&f, buf, len, WINDOW_SIZE * 50)) {
        failures++;
        return;
    }
    CHECK(hu_object_count(f.obj) == 4);
    struct hu_reg_opts ro = {.name = "read_counter", .window = f.w, .symtab = f.st};
    /* Unresolved: the error names the symbol; nothing is registered. */
    CHECK(hu_register(f.vm, f.obj, &ro, err, sizeof(err)) == -ENOENT);
    CHECK(strstr(err, "unresolved guest symbol counter"));
    CHECK(hu_symtab_add(f.st, "counter", COUNTER_GVA) == 0);
    CHECK(hu_window_write(f.w, COUNTER_GVA, &counter, 8) == 0);
    CHECK(hu_register(f.vm, f.obj, &ro, err, sizeof(err)) == 1);
    struct hu_event_args ev = {.vcpu = 1};
    CHECK(hu_fire(f.vm, HU_EVENT_RECLAIM, &ev, &r0) == 1 && r0 == 0x1234);
    CHECK(hu_fire(f.vm, HU_EVENT_AGING, &ev, &r0) == 0 && r0 == 0);
    /* Unregistered, it no longer runs; registered again, it does. */
    CHECK(hu_unregister(f.vm, "read_counter") == 1);
    CHECK(hu_fire(f.vm, HU_EVENT_RECLAIM, &ev, &r0) == 0 && r0 == 0);
    CHECK(hu_unregister(f.vm, "read_counter") == -ENOENT);
    CHECK(hu_unregister(NULL, "read_counter") == -EINVAL && hu_unregister(f.vm, NULL) == -EINVAL);
    CHECK(hu_register(f.vm, f.obj, &ro, err, sizeof(err)) == 1);
    CHECK(hu_fire(f.vm, HU_EVENT_RECLAIM, &ev, &r0) == 1 && r0 == 0x1234);
    /* Bad arguments are -EINVAL (a program that faults is -EFAULT). */
    CHECK(hu_fire(f.vm, HU_EVENT_RECLAIM, NULL, &r0) == -EINVAL);
    CHECK(hu_fire(f.vm, HU_EVENT_RECLAIM, &ev, NULL) == -EINVAL);
    ev.vcpu = 8;
    CHECK(hu_fire(f.vm, HU_EVENT_RECLAIM, &ev, &r0) == -EINVAL);

    /* The remaining three, in one call; env[1] reaches the hyperupcall. */
    ro.name = NULL;
    ro.env[1] = 41;
    hu_vm_destroy(f.vm);
    struct hu_vm_opts vo = vm_opts(WINDOW_SIZE * 50, 8, f.rec);
    CHECK(hu_vm_create(&vo, &f.vm, err, sizeof(err)) == 0);
    CHECK(hu_register(f.vm, f.obj, &ro, err, sizeof(err)) == 4);
    ev = (struct hu_event_args){.vcpu = 3, .args = {20}};
    CHECK(hu_fire(f.vm, HU_EVENT_ENTRY, &ev, &r0) == 1 && r0 == 20 * 2 + 3 + 42);
    /* A second registration of the same event runs too; the first non-zero r0 decides. */
    ro.name = "per_vcpu";
    ro.env[1] = 1000;
    CHECK(hu_register(f.vm, f.obj, &ro, err, sizeof(err)) == 1);
    CHECK(hu_fire(f.vm, HU_EVENT_ENTRY, &ev, &r0) == 2 && r0 == 20 * 2 + 3 + 42);
    /* The first returns 0 (-22 * 2 + 2 + 42), so the second's r0 decides. */
    ev = (struct hu_event_args){.vcpu = 2, .args = {(uint64_t)-22}};
    CHECK(hu_fire(f.vm, HU_EVENT_ENTRY, &ev, &r0) == 2 && r0 == (uint64_t)-22 * 2 + 2 + 1001);
    /* Events nothing is registered for, known or not, run nothing. */
    CHECK(hu_fire(f.vm, HU_EVENT_MAP, &ev, &r0) == 0 && r0 == 0);
    CHECK(hu_fire(f.vm, 999, &ev, &r0) == 0 && r0 == 0);
    CHECK(hu_fire(f.vm, UINT32_MAX, &ev, &r0) == 0 && r0 == 0);
    ro.name = NULL;

    /* Helpers: IPI through the backend, memset and cmpxchg on the masked window. */
    uint64_t slot = GUEST_BASE + 0x2000;
    ev = (struct hu_event_args){.vcpu = 0, .args = {5, 0x20, slot}};
    hu_recorder_clear(f.rec);
    CHECK(hu_fire(f.vm, HU_EVENT_INTERRUPT, &ev, &r0) == 1 && r0 == 0xababababababababull);
    CHECK(hu_window_read(f.w, slot, &env1, 8) == 0 && env1 == 5);
    CHECK(hu_recorder_count(f.rec) == 3);
    const struct hu_record *rc = hu_recorder_get(f.rec, 0);
    CHECK(rc && rc->helper == HU_HELPER_SEND_VCPU_IPI && rc->args[0] == 5 && rc->args[1] == 0x20);
    /* Only a helper's declared arguments reach trace: the program's r3-r5 held host pointers. */
    CHECK(rc && rc->args[2] == 0 && rc->args[3] == 0 && rc->args[4] == 0);
    rc = hu_recorder_get(f.rec, 1);
    CHECK(rc && rc->helper == HU_HELPER_MEMSET && rc->args[3] == 0 && rc->args[4] == 0);
    hu_record_format(hu_recorder_get(f.rec, 1), err, sizeof(err));
    CHECK(strcmp(err, "memset(0xffff888000002000, 171, 8) = 0") == 0);
    /* A guest address far outside wraps into the window by the mask, as compiled code does. */
    env1 = 0;
    CHECK(hu_window_write(f.w, slot, &env1, 8) == 0);
    ev.args[2] = slot + 7 * WINDOW_SIZE;
    CHECK(hu_fire(f.vm, HU_EVENT_INTERRUPT, &ev, &r0) == 1);
    CHECK(hu_window_read(f.w, slot, &env1, 8) == 0 && env1 == 5);
    /* memset past the window's end is refused, the guard untouched. */
    ev.args[2] = GUEST_BASE + WINDOW_SIZE - 4;
    hu_recorder_clear(f.rec);
    hu_fire(f.vm, HU_EVENT_INTERRUPT, &ev, &r0);
    CHECK(hu_recorder_get(f.rec, 1)->ret == (uint64_t)-EINVAL);
    CHECK(((uint8_t *)hu_window_hva(f.w))[WINDOW_SIZE] == 0);

    /* The log keeps HU_RECORDER_MAX_CALLS calls and counts the rest. */
    hu_recorder_clear(f.rec);
    for (int i = 0; i < HU_RECORDER_MAX_CALLS / 3 + 1; i++)
        hu_fire(f.vm, HU_EVENT_INTERRUPT, &ev, &r0);
    CHECK(hu_recorder_count(f.rec) == HU_RECORDER_MAX_CALLS);
    CHECK(hu_recorder_dropped(f.rec) ==
          3 * (HU_RECORDER_MAX_CALLS / 3 + 1) - HU_RECORDER_MAX_CALLS);

    hu_recorder_set_exit_info(f.rec, HU_EXIT_INFO_REASON, 48);
    CHECK(hu_fire(f.vm, HU_EVENT_EXIT, &ev, &r0) == 1 && r0 == 48);
    teardown(&f);

    /* A global event's window is at most 2% of guest memory. */
    CHECK(setup(&f, buf, len, WINDOW_SIZE * 49) == 0);
    CHECK(hu_symtab_add(f.st, "counter", COUNTER_GVA) == 0);
    ro = (struct hu_reg_opts){.name = "read_counter", .window = f.w, .symtab = f.st};
    CHECK(hu_register(f.vm, f.obj, &ro, err, sizeof(err)) == -EINVAL && strstr(err, "2%"));
    ro.name = "nosuch";
    CHECK(hu_register(f.vm, f.obj, &ro, err, sizeof(err)) == -ENOENT);
    teardown(&f);
}

struct worker {
    struct hu_vm *vm;
    uint32_t vcpu;
    int bad;
};

static void *fire_loop(void *arg)
{
    struct worker *w = arg;
    for (uint64_t i = 0; i < 20000; i++) {
        struct hu_event_args ev = {.vcpu = w->vcpu, .args = {i}};
        uint64_t r0;
        if (hu_fire(w->vm, HU_EVENT_ENTRY, &ev, &r0) != 1 || r0 != i * 2 + w->vcpu + 1)
            w->bad++;
    }
    return NULL;
}

/* Local events on different vCPUs of one VM run concurrently: all run state is per call. */
static void test_concurrent(const void *buf, size_t len)
{
    struct fixture f;
    pthread_t t[4];
    struct worker w[4];
    if (setup(&f, buf, len, WINDOW_SIZE * 50)) {
        failures++;
        return;
    }
    struct hu_reg_opts ro = {.name = "per_vcpu", .window = f.w};
    CHECK(hu_register(f.vm, f.obj, &ro, err, sizeof(err)) == 1);
    for (int i = 0; i < 4; i++) {
        w[i] = (struct worker){f.vm, (uint32_t)i * 2, 0};
        pthread_create(&t[i], NULL, fire_loop, &w[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK(w[i].bad == 0);
    }
    teardown(&f);
}

/* Load+register and fire times (printed; the sanitized build inflates them). */
static void measure(const void *buf, size_t len)
{
    struct fixture f;
    const int n = 2000;
    uint64_t r0;
    if (setup(&f, buf, len, WINDOW_SIZE * 50)) {
        failures++;
        return;
    }
    hu_symtab_add(f.st, "counter", COUNTER_GVA);
    double t0 = now_ns();
    for (int i = 0; i < n; i++) {
        struct hu_object *o;
        struct hu_vm *vm;
        struct hu_vm_opts vo = vm_opts(WINDOW_SIZE * 50, 1, NULL);
        struct hu_reg_opts ro = {.name = "read_counter", .window = f.w, .symtab = f.st};
        hu_object_open(buf, len, &o, err, sizeof(err));
        hu_vm_create(&vo, &vm, err, sizeof(err));
        CHECK(hu_register(vm, o, &ro, err, sizeof(err)) == 1);
        hu_vm_destroy(vm);
        hu_object_close(o);
    }
    double load = (now_ns() - t0) / n;
    struct hu_reg_opts ro = {.name = "read_counter", .window = f.w, .symtab = f.st};
    CHECK(hu_register(f.vm, f.obj, &ro, err, sizeof(err)) == 1);
    struct hu_event_args ev = {0};
    t0 = now_ns();
    for (int i = 0; i < 100000; i++)
        hu_fire(f.vm, HU_EVENT_RECLAIM, &ev, &r0);
    double fire = (now_ns() - t0) / 100000;
    printf("%s: load+register (open object, create VM, resolve, verify%s): %.1f us; hu_fire of "
           "an 8-instruction hyperupcall: %.0f ns\n",
           engine == HU_ENGINE_JIT ? "jit" : "interpreter",
           engine == HU_ENGINE_JIT ? ", compile" : "", load / 1e3, fire);
    teardown(&f);
}

/* Instruction limits: 4096 for global events whatever the registration says; local ones take
 * the registration's limit, 65536 by default. */
static void test_limits(const void *buf, size_t len)
{
    struct fixture f;
    uint64_t r0 = 0;
    if (setup(&f, buf, len, WINDOW_SIZE * 50)) {
        failures++;
        return;
    }
    struct hu_reg_opts ro = {.name = "big_local", .window = f.w};
    CHECK(hu_register(f.vm, f.obj, &ro, err, sizeof(err)) == -EACCES);
    CHECK(strstr(err, "65536"));
    ro.max_insns_local = HU_MAX_INSNS_LOCAL_MAX + 1;
    CHECK(hu_register(f.vm, f.obj, &ro, err, sizeof(err)) == -EINVAL);
    CHECK(strstr(err, "max_insns_local 262145 is above the largest, 262144"));
    ro.max_insns_local = 100000;
    CHECK(hu_register(f.vm, f.obj, &ro, err, sizeof(err)) == 1);
    struct hu_event_args ev = {0};
    CHECK(hu_fire(f.vm, HU_EVENT_ENTRY, &ev, &r0) == 1 && r0 == 1);
    ro.name = "big_global";
    CHECK(hu_register(f.vm, f.obj, &ro, err, sizeof(err)) == -EACCES);
    CHECK(strstr(err, "4096"));
    teardown(&f);
}

int main(int argc, char **argv)
{
    size_t len, limits_len;
    if (argc != 3) {
        fprintf(stderr, "usage: runtime_test RUNTIME.o LIMITS.o\n");
        return 2;
    }
    void *buf = read_all(argv[1], &len), *limits = read_all(argv[2], &limits_len);
    test_symtab();
    test_windows();
    test_image();
    for (engine = HU_ENGINE_INTERP;; engine = HU_ENGINE_JIT) {
        test_register(buf, len);
        test_concurrent(buf, len);
        test_limits(limits, limits_len);
        measure(buf, len);
        if (engine == HU_ENGINE_JIT)
            break;
    }
    free(buf);
    free(limits);
    printf("runtime_test: %s (%d failed checks)\n", failures ? "FAIL" : "ok", failures);
    return failures ? 1 : 0;
}
