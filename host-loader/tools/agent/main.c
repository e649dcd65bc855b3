/* SPDX-License-Identifier: MIT */
/* hu-agent: attaches to a running QEMU guest and serves its hyperupcalls (docs/real-guest.md). */
#define _GNU_SOURCE
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"

static const char usage[] =
    "usage: hu-agent --ram FILE --channel FILE [--qmp SOCKET]\n"
    "  FILE: the guest's RAM (memory-backend-file, share=on) and the ivshmem-plain region;\n"
    "  SOCKET: QEMU's QMP socket (needed to pause the guest for reclaim).\n"
    "Commands on stdin, one per line: reclaim [jit|interp] [dry], aging [jit|interp],\n"
    "  audit [SECONDS], list, wait N [SECONDS], quit. Registrations are served meanwhile.\n";

static int attach(struct agent *a, const char *ram, const char *chan, const char *qmp)
{
    char err[512];
    if (guest_ram_open(ram, &a->ram, err, sizeof(err)) ||
        agent_chan_open(a, chan, err, sizeof(err)) || agent_vms_create(a, err, sizeof(err)) ||
        (qmp && qmp_open(&a->qmp, qmp, err, sizeof(err)))) {
        fprintf(stderr, "hu-agent: %s\n", err);
        return -1;
    }
    a->have_qmp = qmp != NULL;
    return 0;
}

int main(int argc, char **argv)
{
    const char *ram = NULL, *chan = NULL, *qmp = NULL;
    static struct agent a;
    char line[512];
    int status = 0;

    for (int i = 1; i < argc; i++) {
        const char **dst = !strcmp(argv[i], "--ram")       ? &ram
                           : !strcmp(argv[i], "--channel") ? &chan
                           : !strcmp(argv[i], "--qmp")     ? &qmp
                                                           : NULL;
        if (!dst || i + 1 == argc) {
            fputs(usage, stderr);
            return 2;
        }
        *dst = argv[++i];
    }
    if (!ram || !chan) {
        fputs(usage, stderr);
        return 2;
    }
    if (attach(&a, ram, chan, qmp))
        return 2;
    printf("hu-agent: attached: %llu MiB of guest RAM, channel of %llu KiB%s\n",
           (unsigned long long)(a.ram.mem.size >> 20), (unsigned long long)(a.chan_size >> 10),
           a.have_qmp ? ", QMP" : "");
    fflush(stdout);
    for (;;) {
        struct pollfd p = {STDIN_FILENO, POLLIN, 0};
        agent_chan_poll(&a);
        if (poll(&p, 1, 5) <= 0)
            continue;
        if (!fgets(line, sizeof(line), stdin))
            break;
        int ret = agent_command(&a, line);
        if (ret < 0)
            break;
        status |= ret;
    }
    agent_regs_free(&a);
    agent_chan_close(&a);
    if (a.have_qmp)
        qmp_close(&a.qmp);
    guest_ram_close(&a.ram);
    return status;
}
