/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include "hurun.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <valgrind/valgrind.h>

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The model's symbols, through a System.map file as a guest would hand it over. */
static int load_symbols(struct hu_run *r, const struct model *m, char *err, size_t errlen)
{
    char path[64];
    int fd = memfd_create("System.map", 0);
    FILE *f;
    int ret;

    if (fd < 0) {
        snprintf(err, errlen, "memfd_create: %s", strerror(errno));
        return -errno;
    }
    f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return -ENOMEM;
    }
    ret = model_write_sysmap(m, f);
    fflush(f);
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    r->symtab = hu_symtab_new();
    if (!r->symtab)
        ret = -ENOMEM;
    if (ret == 0)
        ret = hu_symtab_load(r->symtab, path, m->slide, err, errlen);
    fclose(f);
    return ret < 0 ? ret : 0;
}

const char *hu_run_engine_name(uint32_t engine)
{
    if (engine == HU_RUN_JIT_UNBLINDED)
        return "JIT unblinded";
    return engine == HU_ENGINE_JIT ? "JIT" : "interpreter";
}

int hu_run_open(struct hu_run *r, const struct sample *s, const struct model *m,
                const char *obj_path, uint32_t engine, char *err, size_t errlen)
{
    return hu_run_open_backend(r, s, m, obj_path, engine, NULL, NULL, err, errlen);
}

int hu_run_open_backend(struct hu_run *r, const struct sample *s, const struct model *m,
                        const char *obj_path, uint32_t engine, const struct hu_backend *backend,
                        void *backend_priv, char *err, size_t errlen)
{
    struct hu_vm_opts vo = {
        .guest_mem_size = m->guest_mem,
        .n_vcpus = HU_RECORDER_MAX_VCPUS,
        .backend = backend ? backend : hu_recorder_backend(),
        .backend_priv = backend_priv,
        .engine = engine == HU_RUN_JIT_UNBLINDED ? HU_ENGINE_JIT : engine,
        .jit_unblinded = engine == HU_RUN_JIT_UNBLINDED,
    };
    struct hu_reg_opts ro = {.name = s->entry, .env = {m->slide}};
    uint64_t t0;
    int ret;

    memset(r, 0, sizeof(*r));
    r->engine = engine;
    ret = hu_object_open_file(obj_path, &r->obj, err, errlen);
    if (ret < 0)
        return ret;
    for (size_t i = 0; i < hu_object_count(r->obj); i++)
        if (strcmp(hu_object_name(r->obj, i), s->entry) == 0)
            r->insns = hu_object_insn_count(r->obj, i);
    t0 = now_ns();
    ret = hu_object_verify(r->obj, err, errlen);
    r->verify_ns = now_ns() - t0;
    if (ret < 0)
        return ret;
    ret = load_symbols(r, m, err, errlen);
    if (ret < 0)
        return ret;
    /* valgrind cannot emulate the page duplication (mremap of size 0) hu_window_wrap mirrors the
     * guard with; under it (make bench's callgrind counts) the window maps the model's memfd
     * again instead: the same pages at another address. */
    if (RUNNING_ON_VALGRIND)
        ret = hu_window_map_fd(m->base, m->size, m->fd, 0, &r->window, err, errlen);
    else
        ret = hu_window_wrap(m->base, m->size, m->mem, m->size + HU_GUARD_SIZE, &r->window, err,
                             errlen);
    if (ret < 0)
        return ret;
    if (!backend) {
        r->rec = hu_recorder_new();
        if (!r->rec)
            return -ENOMEM;
        vo.backend_priv = r->rec;
    }
    ret = hu_vm_create(&vo, &r->vm, err, errlen);
    if (ret < 0)
        return ret;
    ro.window = r->window;
    ro.symtab = r->symtab;
    ret = hu_register(r->vm, r->obj, &ro, err, errlen);
    if (ret == 0) {
        snprintf(err, errlen, "%s: no hyperupcall named %s", obj_path, s->entry);
        return -ENOENT;
    }
    return ret < 0 ? ret : 0;
}

void hu_run_prepare(struct hu_run *r, const struct sample_event *ev, struct hu_event_args *a)
{
    memset(a, 0, sizeof(*a));
    a->vcpu = ev->vcpu;
    a->rip = ev->rip;
    memcpy(a->args, ev->args, sizeof(a->args));
    hu_recorder_clear(r->rec);
    for (uint32_t f = 0; f <= HU_EXIT_INFO_TSC; f++)
        hu_recorder_set_exit_info(r->rec, f, ev->exit_info[f]);
    /* Only one vCPU's registers are defined per event; every other reads 0, as natively. */
    for (uint32_t reg = 0; reg < HU_REG_COUNT; reg++)
        hu_recorder_set_register(r->rec, r->reg_vcpu, reg, 0);
    r->reg_vcpu = ev->reg_vcpu < HU_RECORDER_MAX_VCPUS ? ev->reg_vcpu : 0;
    for (uint32_t reg = 0; reg < HU_REG_COUNT; reg++)
        hu_recorder_set_register(r->rec, r->reg_vcpu, reg,
                                 ev->reg_vcpu == r->reg_vcpu ? ev->regs[reg] : 0);
}

int hu_run_fire(struct hu_run *r, const struct sample *s, const struct sample_event *ev,
                uint64_t *r0)
{
    struct hu_event_args a;
    int ret;

    hu_run_prepare(r, ev, &a);
    ret = hu_fire(r->vm, s->event, &a, r0);
    return ret < 0 ? ret : 0;
}

void hu_run_close(struct hu_run *r)
{
    if (r->vm)
        hu_vm_destroy(r->vm);
    if (r->rec)
        hu_recorder_free(r->rec);
    if (r->window)
        hu_window_free(r->window);
    if (r->symtab)
        hu_symtab_free(r->symtab);
    if (r->obj)
        hu_object_close(r->obj);
    memset(r, 0, sizeof(*r));
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

uint64_t hu_run_verify_median(struct hu_run *r, unsigned int n)
{
    uint64_t *t = calloc(n, sizeof(*t)), med;
    char err[256];

    if (!t || n == 0) {
        free(t);
        return r->verify_ns;
    }
    for (unsigned int i = 0; i < n; i++) {
        uint64_t t0 = now_ns();

        hu_object_verify(r->obj, err, sizeof(err));
        t[i] = now_ns() - t0;
    }
    qsort(t, n, sizeof(*t), cmp_u64);
    med = t[n / 2];
    free(t);
    return med;
}
