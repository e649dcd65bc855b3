/* SPDX-License-Identifier: MIT */
/* A minimal QMP client (QEMU Machine Protocol, JSON lines over a unix socket): enough to stop and
 * resume a guest and ask whether it runs. */
#ifndef HU_AGENT_QMP_H
#define HU_AGENT_QMP_H

#include <stddef.h>

struct qmp {
    int fd;
    char buf[65536]; /* bytes received and not yet consumed */
    size_t len;
};

/* Connects, reads the greeting and leaves capabilities negotiation mode. 0 or -errno. */
int qmp_open(struct qmp *q, const char *socket_path, char *err, size_t errlen);
void qmp_close(struct qmp *q);
/* Runs one command without arguments ("stop", "cont", "query-status") and waits for its answer
 * (events in between are skipped). 0 on "return", -EIO on "error" or a closed socket, with the
 * answer line (or the reason) in reply. */
int qmp_execute(struct qmp *q, const char *command, char *reply, size_t replylen);

#endif /* HU_AGENT_QMP_H */
