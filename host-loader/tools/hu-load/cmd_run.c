/* SPDX-License-Identifier: MIT */
/* hu-load run: registers an object's hyperupcalls for one event over a guest image and fires the
 * event once with the recording backend; prints r0 and the helper calls made. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

struct run_opts {
    const char *image, *obj, *name, *symbols;
    const char *from_image; /* the object, event and symbols from this guest image's table */
    uint32_t event;
    uint64_t slide, win_base, win_size, guest_mem;
    uint32_t engine; /* enum hu_engine */
    int have_slide, json;
    uint32_t env_given; /* bit i: --env i= was given (it wins over the slide and captures) */
    struct hu_event_args ev;
    uint64_t env[HU_CTX_NENV];
    struct hu_symtab *syms;
    struct hu_recorder *rec;
};

/* Names for --reg and --exit-info, in the order of abi.h's enum hu_vcpu_reg and enum
 * hu_exit_info. */
static const char *const reg_names[] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi",    "rdi", "r8",  "r9",  "r10",
    "r11", "r12", "r13", "r14", "r15", "rip", "rflags", "cr0", "cr2", "cr3", "cr4",
};
static const char *const exit_info_names[] = {"reason", "qualification", "gpa",
                                              "gva",    "insn_len",      "tsc"};
_Static_assert(sizeof(reg_names) / sizeof(reg_names[0]) == HU_REG_COUNT, "a name per register");
_Static_assert(sizeof(exit_info_names) / sizeof(exit_info_names[0]) == HU_EXIT_INFO_TSC + 1,
               "a name per exit-info field");

/* "HEAD<sep>REST": HEAD (non-empty, shorter than len) into head; REST, or NULL when s is not of
 * that form. */
static const char *split_at(const char *s, char sep, char *head, size_t len)
{
    const char *at = strchr(s, sep);
    if (!at || at == s || (size_t)(at - s) >= len)
        return NULL;
    memcpy(head, s, at - s);
    head[at - s] = '\0';
    return at + 1;
}

/* "I=V" with I < limit, I a number or one of names[limit] (NULL: numbers only). */
static int index_value(const char *s, uint64_t limit, const char *const *names, uint64_t *i,
                       uint64_t *v)
{
    char buf[128];
    const char *value = split_at(s, '=', buf, sizeof(buf));
    if (!value)
        return -1;
    for (*i = 0; names && *i < limit && strcasecmp(buf, names[*i]); ++*i)
        ;
    if (!names || *i == limit)
        if (cli_number(buf, i) || *i >= limit)
            return -1;
    return cli_number(value, v) ? -1 : 0;
}

/* "VCPU:REG=V" for the recorder's register table. */
static int set_reg(struct hu_recorder *rec, const char *s)
{
    uint64_t vcpu, reg, v;
    char buf[64];
    const char *rest = split_at(s, ':', buf, sizeof(buf));
    if (!rest || cli_number(buf, &vcpu) || vcpu >= HU_RECORDER_MAX_VCPUS ||
        index_value(rest, HU_REG_COUNT, reg_names, &reg, &v))
        return -1;
    hu_recorder_set_register(rec, (uint32_t)vcpu, (uint32_t)reg, v);
    return 0;
}

static int add_sym(struct hu_symtab *st, const char *s)
{
    uint64_t addr;
    char name[512];
    const char *value = split_at(s, '=', name, sizeof(name));
    if (!value || cli_number(value, &addr))
        return -1;
    return hu_symtab_add(st, name, addr);
}

static int parse_window(const char *s, uint64_t *base, uint64_t *size)
{
    char buf[64];
    const char *rest = split_at(s, ':', buf, sizeof(buf));
    return !rest || cli_number(buf, base) || cli_number(rest, size) ? -1 : 0;
}

static int parse(struct run_opts *o, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t idx, val;
        int bad = 0;
        if (strcmp(a, "--json") == 0) {
            o->json = 1;
            continue;
        }
        if (a[0] != '-') {
            if (o->obj)
                return cli_usage_error("run: more than one OBJ ('%s')", a);
            o->obj = a;
            continue;
        }
        if (!v)
            return cli_usage_error("run: %s needs a value", a);
        i++;
        if (strcmp(a, "--image") == 0) {
            o->image = v;
        } else if (strcmp(a, "--from-image") == 0) {
            o->from_image = v;
        } else if (strcmp(a, "--event") == 0) {
            if (!(o->event = hu_event_from_name(v)))
                return cli_usage_error("unknown event '%s'", v);
        } else if (strcmp(a, "--name") == 0) {
            o->name = v;
        } else if (strcmp(a, "--arg") == 0) {
            bad = index_value(v, HU_CTX_NARGS, NULL, &idx, &val);
            if (!bad)
                o->ev.args[idx] = val;
        } else if (strcmp(a, "--env") == 0) {
            bad = index_value(v, HU_CTX_NENV, NULL, &idx, &val);
            if (!bad) {
                o->env[idx] = val;
                o->env_given |= 1u << idx;
            }
        } else if (strcmp(a, "--vcpu") == 0) {
            bad = cli_number(v, &val) || val >= HU_RECORDER_MAX_VCPUS;
            o->ev.vcpu = (uint32_t)val;
        } else if (strcmp(a, "--rip") == 0) {
            bad = cli_number(v, &o->ev.rip);
        } else if (strcmp(a, "--sym") == 0) {
            bad = add_sym(o->syms, v) != 0;
        } else if (strcmp(a, "--symbols") == 0) {
            o->symbols = v;
        } else if (strcmp(a, "--slide") == 0) {
            bad = cli_number(v, &o->slide);
            o->have_slide = 1;
        } else if (strcmp(a, "--window") == 0) {
            bad = parse_window(v, &o->win_base, &o->win_size);
        } else if (strcmp(a, "--engine") == 0) {
            bad = strcmp(v, "interp") != 0 && strcmp(v, "jit") != 0;
            o->engine = strcmp(v, "jit") == 0 ? HU_ENGINE_JIT : HU_ENGINE_INTERP;
        } else if (strcmp(a, "--guest-mem") == 0) {
            bad = cli_number(v, &o->guest_mem);
        } else if (strcmp(a, "--reg") == 0) {
            bad = set_reg(o->rec, v);
        } else if (strcmp(a, "--exit-info") == 0) {
            bad = index_value(v, HU_EXIT_INFO_TSC + 1, exit_info_names, &idx, &val);
            if (!bad)
                hu_recorder_set_exit_info(o->rec, (uint32_t)idx, val);
        } else {
            return cli_usage_error("run: unknown option '%s'", a);
        }
        if (bad)
            return cli_usage_error("run: bad value '%s' for %s", v, a);
    }
    if (o->from_image && o->obj)
        return cli_usage_error("run: OBJ or --from-image IMAGE, not both");
    if (!o->image || (!o->from_image && (!o->event || !o->obj)))
        return cli_usage_error("run: --image, --event and OBJ (or --from-image) are required");
    if (o->have_slide && !o->symbols && !o->from_image)
        return cli_usage_error("run: --slide applies to --symbols FILE or --from-image");
    /* The KASLR slide is env[0] unless given explicitly. */
    if (o->have_slide && !(o->env_given & 1u << HU_ENV_KASLR_SLIDE))
        o->env[HU_ENV_KASLR_SLIDE] = o->slide;
    return 0;
}

/* --json: {"event", "run", "calls": [{"helper", "vcpu", "ret", "text"}], "dropped", "r0"}. */
static void print_json(const struct run_opts *o, int ran, uint64_t r0)
{
    char text[256];

    printf("{\"event\":");
    cli_json_string(hu_event_name(o->event));
    printf(",\"run\":%d,\"calls\":[", ran);
    for (size_t i = 0; i < hu_recorder_count(o->rec); i++) {
        const struct hu_record *r = hu_recorder_get(o->rec, i);

        hu_record_format(r, text, sizeof(text));
        printf("%s{\"helper\":", i ? "," : "");
        cli_json_string(hu_helper_name(r->helper));
        printf(",\"vcpu\":%u,\"ret\":\"0x%llx\",\"text\":", r->vcpu_self,
               (unsigned long long)r->ret);
        cli_json_string(text);
        putchar('}');
    }
    printf("],\"dropped\":%zu,\"r0\":\"0x%llx\"}\n", hu_recorder_dropped(o->rec),
           (unsigned long long)r0);
}

/* Registers, fires and reports; the objects of `o` are set up by the caller. */
static int run(struct run_opts *o, struct hu_object *obj, struct hu_window *w)
{
    char err[1024];
    struct hu_vm *vm = NULL;
    struct hu_vm_opts vo = {
        .guest_mem_size = o->guest_mem ? o->guest_mem : hu_window_size(w) * 50,
        .n_vcpus = HU_RECORDER_MAX_VCPUS,
        .backend = hu_recorder_backend(),
        .backend_priv = o->rec,
        .engine = o->engine,
    };
    int n = 0, ret = hu_vm_create(&vo, &vm, err, sizeof(err));
    for (size_t i = 0; !ret && i < hu_object_count(obj); i++) {
        if (hu_object_event(obj, i) != o->event ||
            (o->name && strcmp(o->name, hu_object_name(obj, i)) != 0))
            continue;
        struct hu_reg_opts ro = {.name = hu_object_name(obj, i), .window = w, .symtab = o->syms};
        memcpy(ro.env, o->env, sizeof(ro.env));
        ret = hu_register(vm, obj, &ro, err, sizeof(err));
        n += ret > 0;
        ret = ret < 0 ? ret : 0;
    }
    if (!ret && n == 0)
        snprintf(err, sizeof(err), "no hyperupcall for event %s%s%s in %s", hu_event_name(o->event),
                 o->name ? " named " : "", o->name ? o->name : "", o->obj);
    if (ret || n == 0) {
        fprintf(stderr, "hu-load: %s\n", err);
        hu_vm_destroy(vm);
        return EXIT_REJECTED;
    }
    uint64_t r0;
    int ran = hu_fire(vm, o->event, &o->ev, &r0);
    hu_vm_destroy(vm);
    if (ran < 0) {
        fprintf(stderr, "hu-load: the hyperupcall faulted (%d)\n", ran);
        return EXIT_REJECTED;
    }
    if (o->json) {
        print_json(o, ran, r0);
        return EXIT_ACCEPTED;
    }
    printf("event %s: %d hyperupcall%s run\n", hu_event_name(o->event), ran, ran == 1 ? "" : "s");
    for (size_t i = 0; i < hu_recorder_count(o->rec); i++) {
        hu_record_format(hu_recorder_get(o->rec, i), err, sizeof(err));
        printf("call %s\n", err);
    }
    if (hu_recorder_dropped(o->rec))
        printf("(%zu more calls not recorded)\n", hu_recorder_dropped(o->rec));
    printf("r0 = %#llx\n", (unsigned long long)r0);
    return EXIT_ACCEPTED;
}

int cmd_run(int argc, char **argv)
{
    struct run_opts o = {.syms = hu_symtab_new(), .rec = hu_recorder_new()};
    struct hu_image *img = NULL;
    struct hu_window *w = NULL;
    struct hu_object *obj = NULL;
    char err[1024];
    int ret = !o.syms || !o.rec ? EXIT_USAGE : parse(&o, argc, argv);
    if (!ret && o.symbols && hu_symtab_load(o.syms, o.symbols, o.slide, err, sizeof(err)) < 0) {
        fprintf(stderr, "hu-load: %s\n", err);
        ret = EXIT_USAGE;
    }
    if (!ret && (hu_image_open(o.image, &img, err, sizeof(err)) ||
                 hu_image_window(img, o.win_base, o.win_size, &w, err, sizeof(err)))) {
        fprintf(stderr, "hu-load: %s\n", err);
        ret = EXIT_USAGE;
    }
    if (!ret && o.from_image) {
        o.obj = o.from_image; /* for messages */
        struct from_image fi = {o.from_image, o.name, o.slide, img, o.env_given};
        ret = cli_open_from_image(&fi, o.syms, &obj, &o.event, o.env);
    } else if (!ret) {
        ret = cli_open_object(o.obj, &obj);
    }
    if (!ret)
        ret = run(&o, obj, w);
    hu_object_close(obj);
    hu_window_free(w);
    hu_image_close(img);
    hu_symtab_free(o.syms);
    hu_recorder_free(o.rec);
    return ret;
}
