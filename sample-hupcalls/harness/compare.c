/* SPDX-License-Identifier: MIT */
#include "compare.h"

#include <string.h>

static int is_memory_helper(uint32_t helper)
{
    return helper == HU_HELPER_MEMCPY || helper == HU_HELPER_MEMSET || helper == HU_HELPER_CMPXCHG ||
           helper == HU_HELPER_ATOMIC;
}

static int same_call(const struct hu_record *a, const struct hu_record *b)
{
    if (a->helper != b->helper || a->ret != b->ret)
        return 0;
    /* Registers beyond the helper's arguments (abi.h's HU_HELPERS) are not its input. */
    for (int k = 0; k < hu_helper_nargs(a->helper); k++)
        if (a->args[k] != b->args[k])
            return 0;
    return 1;
}

static void print_call(FILE *why, const char *who, const struct hu_record *r)
{
    char buf[128];

    hu_record_format(r, buf, sizeof(buf));
    fprintf(why, "    %s: %s\n", who, buf);
}

int compare_calls(const struct native_run *nat, const struct hu_recorder *rec, FILE *why)
{
    size_t n = hu_recorder_count(rec), i = 0, j = 0;

    for (;;) {
        const struct hu_record *h;

        while (i < n && is_memory_helper(hu_recorder_get(rec, i)->helper))
            i++;
        if (i == n || j == nat->n_calls)
            break;
        h = hu_recorder_get(rec, i);
        if (!same_call(h, &nat->calls[j])) {
            fprintf(why, "  helper call %zu differs\n", j);
            print_call(why, "hyperupcall", h);
            print_call(why, "native     ", &nat->calls[j]);
            return -1;
        }
        i++;
        j++;
    }
    if (i != n || j != nat->n_calls) {
        fprintf(why, "  helper calls: the %s made more\n", i != n ? "hyperupcall" : "native run");
        return -1;
    }
    return 0;
}

int compare_memory(const struct model *m, const uint8_t *expect, FILE *why)
{
    if (memcmp(m->mem, expect, m->size) == 0)
        return 0;
    for (uint64_t off = 0; off < m->size; off++)
        if (m->mem[off] != expect[off]) {
            fprintf(why, "  guest memory differs at %#llx: hyperupcall wrote %#x, native %#x\n",
                    (unsigned long long)(m->base + off), m->mem[off], expect[off]);
            break;
        }
    return -1;
}
