/* SPDX-License-Identifier: MIT */
/* The guest RAM file: opened read-write (windows map it shared; discard punches holes in it) and
 * mapped read-only once for the page-table walker. */
#define _GNU_SOURCE
#include "guest_ram.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int guest_ram_open(const char *path, struct guest_ram *ram, char *err, size_t errlen)
{
    struct stat st;
    void *p;

    ram->fd = open(path, O_RDWR | O_CLOEXEC);
    if (ram->fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -errno;
    }
    if (fstat(ram->fd, &st) || st.st_size < 4096 || st.st_size % 4096 ||
        (uint64_t)st.st_size > GUEST_RAM_MAX) {
        snprintf(err, errlen, "%s: guest RAM file must be page-sized and at most 3 GiB", path);
        close(ram->fd);
        return -EINVAL;
    }
    p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, ram->fd, 0);
    if (p == MAP_FAILED) {
        snprintf(err, errlen, "%s: cannot map: %s", path, strerror(errno));
        close(ram->fd);
        return -ENOMEM;
    }
    ram->mem = (struct pt_mem){p, (uint64_t)st.st_size};
    return 0;
}

void guest_ram_close(struct guest_ram *ram)
{
    munmap((void *)ram->mem.base, ram->mem.size);
    close(ram->fd);
}

int64_t guest_ram_allocated(const struct guest_ram *ram)
{
    struct stat st;
    if (fstat(ram->fd, &st))
        return -errno;
    return (int64_t)st.st_blocks * 512;
}
