/* SPDX-License-Identifier: MIT */
/* `make demo`: each sample verified, registered and fired against its guest model, in words. */
#include <stdlib.h>
#include <string.h>

#include "hurun.h"
#include "modes.h"

int mode_demo(const struct sample *s, const struct mode_opts *o)
{
    struct model m;
    struct hu_run hu;
    struct sample_tally t;
    char err[512] = "";
    int ret;

    mode_build_model(s, &m, o->seed);
    ret = hu_run_open(&hu, s, &m, o->object, HU_ENGINE_JIT, err, sizeof(err));
    printf("== %s: hyperupcall %s on event '%s' (JIT)\n", s->name, s->entry, s->event_name);
    if (ret < 0) {
        printf("   not registered: %s\n", err);
        hu_run_close(&hu);
        model_unmap(&m);
        return -1;
    }
    printf("   %u eBPF instructions from %u lines of C, verified in %.1f us; guest window "
           "%llu KiB at %#llx (KASLR slide %#llx)\n",
           hu.insns, s->src_lines, (double)hu.verify_ns / 1000.0,
           (unsigned long long)(m.size >> 10), (unsigned long long)m.base,
           (unsigned long long)m.slide);
    memset(&t, 0, sizeof(t));
    for (unsigned int i = 0; i < o->events && ret == 0; i++) {
        struct sample_event ev;
        uint64_t r0 = 0;
        int64_t expect;

        s->next_event(&m, i, &ev);
        ret = hu_run_fire(&hu, s, &ev, &r0);
        expect = s->oracle ? s->oracle(&m, &ev) : -1;
        t.events++;
        t.r0[r0 < 3 ? r0 : 3]++;
        t.wrong += expect >= 0 && (uint64_t)expect != r0;
        t.edges += ev.edge != 0;
        for (size_t c = 0; c < hu_recorder_count(hu.rec); c++)
            if (hu_recorder_get(hu.rec, c)->helper <= HU_HELPER_MAX)
                t.helper[hu_recorder_get(hu.rec, c)->helper]++;
    }
    if (ret < 0)
        printf("   hu_fire failed: %d\n", ret);
    else
        s->report(stdout, &m, &t);
    hu_run_close(&hu);
    model_unmap(&m);
    return ret;
}
