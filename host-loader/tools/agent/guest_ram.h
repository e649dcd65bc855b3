/* SPDX-License-Identifier: MIT */
/* The guest's RAM as QEMU backs it: a shared file (memory-backend-file, share=on). With the pc
 * machine and at most 3 GiB of RAM, guest-physical address = file offset. */
#ifndef HU_AGENT_GUEST_RAM_H
#define HU_AGENT_GUEST_RAM_H

#include <stddef.h>
#include <stdint.h>

#include "ptwalk.h"

#define GUEST_RAM_MAX (3ull << 30) /* pc: RAM above 3 GiB is mapped above 4 GiB: not supported */

struct guest_ram {
    int fd;
    struct pt_mem mem; /* the whole file, mapped read-only for page-table walks */
};

/* Opens and maps the RAM file; 0 or -errno with err set. */
int guest_ram_open(const char *path, struct guest_ram *ram, char *err, size_t errlen);
void guest_ram_close(struct guest_ram *ram);
/* Bytes of the file actually allocated on the host (st_blocks), or -errno. */
int64_t guest_ram_allocated(const struct guest_ram *ram);

#endif /* HU_AGENT_GUEST_RAM_H */
