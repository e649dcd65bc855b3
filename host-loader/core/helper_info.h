/* SPDX-License-Identifier: MIT */
/* abi.h's helper table (HU_HELPERS) as data, indexed by helper id. Internal. */
#ifndef HU_HELPER_INFO_H
#define HU_HELPER_INFO_H

#include <stdint.h>

#include <hupcall/abi.h>

struct hu_helper_info {
    const char *name; /* NULL for id 0 */
    int nargs;        /* arguments it reads, r1 up */
    uint32_t events;  /* HU_EV() bits of the events that may call it */
};

extern const struct hu_helper_info hu_helper_info[HU_HELPER_MAX + 1];

#endif /* HU_HELPER_INFO_H */
