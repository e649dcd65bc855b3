/* SPDX-License-Identifier: MIT */
/* Events (names, limits) and helpers (names, arguments, events), from abi.h's tables. */
#include <string.h>

#include <hupcall/huhost.h>

#include "helper_info.h"

const struct hu_helper_info hu_helper_info[HU_HELPER_MAX + 1] = {
#define HU_HELPER_INFO(id, ENUM, name, nargs, events) [id] = {#name, nargs, events},
    HU_HELPERS(HU_HELPER_INFO)
#undef HU_HELPER_INFO
};

const char *hu_helper_name(uint32_t helper)
{
    return helper >= 1 && helper <= HU_HELPER_MAX ? hu_helper_info[helper].name : NULL;
}

int hu_helper_nargs(uint32_t helper)
{
    return helper >= 1 && helper <= HU_HELPER_MAX ? hu_helper_info[helper].nargs : -1;
}

static const struct {
    uint32_t id;
    const char *name;
} events[] = {
    {HU_EVENT_EXIT, HU_EVENT_NAME_EXIT},           {HU_EVENT_ENTRY, HU_EVENT_NAME_ENTRY},
    {HU_EVENT_INTERRUPT, HU_EVENT_NAME_INTERRUPT}, {HU_EVENT_MAP, HU_EVENT_NAME_MAP},
    {HU_EVENT_RECLAIM, HU_EVENT_NAME_RECLAIM},     {HU_EVENT_AGING, HU_EVENT_NAME_AGING},
    {HU_EVENT_PREEMPT, HU_EVENT_NAME_PREEMPT},
};

uint32_t hu_event_from_name(const char *name)
{
    for (size_t i = 0; name && i < sizeof(events) / sizeof(events[0]); i++)
        if (strcmp(events[i].name, name) == 0)
            return events[i].id;
    return 0;
}

const char *hu_event_name(uint32_t event)
{
    for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++)
        if (events[i].id == event)
            return events[i].name;
    return NULL;
}

uint32_t hu_event_default_max_insns(uint32_t event)
{
    return HU_EVENT_IS_GLOBAL(event) ? HU_MAX_INSNS_GLOBAL : HU_MAX_INSNS_LOCAL_DEFAULT;
}
