/* SPDX-License-Identifier: MIT */
/* QMP: every message is one JSON object on one line; an answer is the first line with "return" or
 * "error" after the command, asynchronous events ("event") may come before it. */
#define _GNU_SOURCE
#include "qmp.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define QMP_TIMEOUT_MS 10000

/* The next line (without its newline) into line; 0, or -EIO on timeout, EOF or overlong line. */
static int read_line(struct qmp *q, char *line, size_t linelen)
{
    for (;;) {
        char *nl = memchr(q->buf, '\n', q->len);
        if (nl) {
            size_t n = (size_t)(nl - q->buf);
            snprintf(line, linelen, "%.*s", (int)n, q->buf);
            memmove(q->buf, nl + 1, q->len - n - 1);
            q->len -= n + 1;
            return 0;
        }
        if (q->len == sizeof(q->buf))
            return -EIO;
        struct pollfd p = {q->fd, POLLIN, 0};
        if (poll(&p, 1, QMP_TIMEOUT_MS) != 1)
            return -EIO;
        ssize_t got = read(q->fd, q->buf + q->len, sizeof(q->buf) - q->len);
        if (got <= 0)
            return -EIO;
        q->len += (size_t)got;
    }
}

static int send_and_wait(struct qmp *q, const char *command, char *reply, size_t replylen)
{
    char msg[256];
    int n = snprintf(msg, sizeof(msg), "{\"execute\":\"%s\"}\n", command);

    if (n < 0 || (size_t)n >= sizeof(msg) || write(q->fd, msg, (size_t)n) != n) {
        snprintf(reply, replylen, "cannot send %s to QMP", command);
        return -EIO;
    }
    for (;;) {
        if (read_line(q, reply, replylen)) {
            snprintf(reply, replylen, "QMP closed or timed out waiting for %s", command);
            return -EIO;
        }
        /* An event may carry any words in its data: it is never the answer. */
        if (strstr(reply, "\"event\""))
            continue;
        if (strstr(reply, "\"return\""))
            return 0;
        if (strstr(reply, "\"error\""))
            return -EIO;
    }
}

int qmp_open(struct qmp *q, const char *socket_path, char *err, size_t errlen)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};

    q->len = 0;
    if (strlen(socket_path) >= sizeof(addr.sun_path)) {
        snprintf(err, errlen, "QMP socket path too long: %s", socket_path);
        return -EINVAL;
    }
    strcpy(addr.sun_path, socket_path);
    q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (q->fd < 0 || connect(q->fd, (struct sockaddr *)&addr, sizeof(addr))) {
        int e = errno;
        snprintf(err, errlen, "cannot connect to QMP at %s: %s", socket_path, strerror(e));
        if (q->fd >= 0)
            close(q->fd);
        return -e;
    }
    if (read_line(q, err, errlen) || !strstr(err, "\"QMP\"")) {
        snprintf(err, errlen, "%s: no QMP greeting", socket_path);
        close(q->fd);
        return -EIO;
    }
    if (send_and_wait(q, "qmp_capabilities", err, errlen)) {
        close(q->fd);
        return -EIO;
    }
    return 0;
}

void qmp_close(struct qmp *q)
{
    close(q->fd);
}

int qmp_execute(struct qmp *q, const char *command, char *reply, size_t replylen)
{
    return send_and_wait(q, command, reply, replylen);
}
