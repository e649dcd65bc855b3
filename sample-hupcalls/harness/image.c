/* SPDX-License-Identifier: MIT */
/*
 * `hu-sample-NAME model --out DIR`: the guest model in the loader's formats, for the command-line
 * tools. Before each of the run's events the window is written as a guest image (an ELF core file,
 * hu_image_write) and the native build computes the event's r0 over the same memory; DIR/ENTRY.run
 * then holds one `hu-load run` per event, on both engines, that must print that r0. The symbol
 * table goes to DIR/NAME.map in System.map format, at link addresses (the slide is passed apart).
 */
#include <errno.h>
#include <string.h>

#include "modes.h"
#include "native.h"

static void print_run(FILE *f, const struct sample *s, const struct model *m,
                      const struct sample_event *ev, const char *img, const char *map,
                      const char *engine, const struct mode_opts *o, unsigned int i, uint64_t r0)
{
    fprintf(f,
            "hu-load run --image %s --event %s --name %s --symbols %s --slide %#llx "
            "--env 0=%#llx --guest-mem %#llx --engine %s --vcpu %u --rip %#llx",
            img, s->event_name, s->entry, map, (unsigned long long)m->slide,
            (unsigned long long)m->slide, (unsigned long long)m->guest_mem, engine, ev->vcpu,
            (unsigned long long)ev->rip);
    for (int a = 0; a < HU_CTX_NARGS; a++)
        fprintf(f, " --arg %d=%#llx", a, (unsigned long long)ev->args[a]);
    for (int x = 0; x <= HU_EXIT_INFO_TSC; x++)
        fprintf(f, " --exit-info %d=%#llx", x, (unsigned long long)ev->exit_info[x]);
    if (ev->reg_vcpu < HU_RECORDER_MAX_VCPUS)
        for (int r = 0; r < HU_REG_COUNT; r++)
            if (ev->regs[r])
                fprintf(f, " --reg %u:%d=%#llx", ev->reg_vcpu, r, (unsigned long long)ev->regs[r]);
    fprintf(f, " %s | grep -qx 'r0 = %#llx' && echo 'ok %u %s' || echo 'MISMATCH %u %s'\n",
            o->object, (unsigned long long)r0, i, engine, i, engine);
}

int mode_model(const struct sample *s, const struct mode_opts *o)
{
    char path[4096], img[4096], map[4096];
    struct native_run nat;
    struct model m;
    FILE *run, *f;
    char err[512];
    int ret = 0;

    mode_build_model(s, &m, o->seed);
    snprintf(map, sizeof(map), "%s/%s.map", o->out, s->name);
    snprintf(path, sizeof(path), "%s/%s.run", o->out, s->entry);
    f = fopen(map, "w");
    run = fopen(path, "w");
    if (!f || !run || model_write_sysmap(&m, f) < 0) {
        fprintf(stderr, "%s: cannot write %s or %s: %s\n", s->name, map, path, strerror(errno));
        ret = -1;
    }
    if (f)
        fclose(f);
    for (unsigned int i = 0; ret == 0 && i < o->events; i++) {
        struct hu_image_seg seg = {.gva = m.base, .size = m.size, .data = m.mem};
        struct sample_event ev;
        uint64_t r0;

        s->next_event(&m, i, &ev);
        snprintf(img, sizeof(img), "%s/%s-%u.img", o->out, s->entry, i);
        ret = hu_image_write(img, &seg, 1, err, sizeof(err));
        if (ret < 0) {
            fprintf(stderr, "%s: %s\n", s->name, err);
            break;
        }
        r0 = native_fire(s, &m, &ev, &nat);
        print_run(run, s, &m, &ev, img, map, "interp", o, i, r0);
        print_run(run, s, &m, &ev, img, map, "jit", o, i, r0);
    }
    if (run) {
        fprintf(run, "echo 'checked %u events of %s'\n", o->events, s->entry);
        fclose(run);
    }
    printf("%s: %u guest images, %s and %s\n", s->name, o->events, map, path);
    model_unmap(&m);
    return ret;
}
