/* SPDX-License-Identifier: MIT */
/* The QMP client against a fake QEMU: a thread listening on a unix socket plays QEMU's side of
 * each exchange from a script (what it sends, what it expects to read), byte by byte where a
 * script says so, so that the client meets the greeting, qmp_capabilities, answers split over
 * several reads and sharing one with the next line, events before an answer, errors, a closed
 * socket and a peer that is not QMP. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "qmp.h"
#include "test_support.h"

/* One step of the fake QEMU: send a line (whole, or one byte per write with a pause between),
 * expect the client's next line, or hang up. */
enum step_kind { END, SEND, SEND_BYTES, EXPECT, HANG_UP };
struct step {
    enum step_kind kind;
    const char *text;
};

struct server {
    int listen_fd;
    const struct step *script;
    int mismatches; /* lines the client sent that the script did not expect */
};

#define GREETING                                                                                   \
    "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 8}, "              \
    "\"package\": \"\"}, \"capabilities\": [\"oob\"]}}\n"
#define CAPABILITIES "{\"execute\":\"qmp_capabilities\"}"
#define RETURN_EMPTY "{\"return\": {}}\n"

static void pause_ms(long ms)
{
    struct timespec ts = {0, ms * 1000000L};
    nanosleep(&ts, NULL);
}

/* The client's next line from fd, without its newline. */
static int read_client_line(int fd, char *buf, size_t len)
{
    size_t n = 0;
    while (n + 1 < len) {
        if (read(fd, buf + n, 1) != 1)
            return -1;
        if (buf[n] == '\n')
            break;
        n++;
    }
    buf[n] = '\0';
    return 0;
}

static void *serve(void *arg)
{
    struct server *s = arg;
    int fd = accept(s->listen_fd, NULL, NULL);
    char line[512];

    if (fd < 0) {
        s->mismatches++;
        return NULL;
    }
    for (const struct step *st = s->script; st->kind != END && st->kind != HANG_UP; st++) {
        if (st->kind == SEND) {
            CHECK(write(fd, st->text, strlen(st->text)) == (ssize_t)strlen(st->text), "send");
        } else if (st->kind == SEND_BYTES) {
            for (const char *c = st->text; *c; c++) {
                CHECK(write(fd, c, 1) == 1, "send a byte");
                pause_ms(1);
            }
        } else if (read_client_line(fd, line, sizeof(line)) || strcmp(line, st->text)) {
            fprintf(stderr, "fake QMP: expected '%s', got '%s'\n", st->text, line);
            s->mismatches++;
        }
    }
    close(fd);
    return NULL;
}

/* qmp_open refuses the peer with -EIO, its message containing `why`. */
static void open_refused(const char *path, const char *why)
{
    struct qmp q;
    char err[256];

    CHECK(qmp_open(&q, path, err, sizeof(err)) == -EIO, "open refused (%s)", why);
    CHECK(strstr(err, why) != NULL, "says so: %s", err);
}

/* Runs the script on a fresh socket under `dir` while `client` talks to it, or, without a client,
 * while qmp_open refuses it for `why`. */
static void exchange(const char *dir, const struct step *script, void (*client)(const char *path),
                     const char *why)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    struct server s = {.script = script};
    pthread_t t;

    snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/qmp.sock", dir);
    unlink(addr.sun_path);
    s.listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(s.listen_fd >= 0 && !bind(s.listen_fd, (struct sockaddr *)&addr, sizeof(addr)) &&
              !listen(s.listen_fd, 1),
          "listen on %s", addr.sun_path);
    CHECK(!pthread_create(&t, NULL, serve, &s), "server thread");
    if (client)
        client(addr.sun_path);
    else
        open_refused(addr.sun_path, why);
    pthread_join(t, NULL);
    close(s.listen_fd);
    CHECK(s.mismatches == 0, "the client sent what QMP expects");
}

/* A session as hu-agent has it: stop, query-status, cont (refused), with events in between. */
static const struct step session[] = {
    {SEND, GREETING},
    {EXPECT, CAPABILITIES},
    {SEND, RETURN_EMPTY},
    {EXPECT, "{\"execute\":\"stop\"}"},
    {SEND, "{\"timestamp\": {\"seconds\": 1733300000, \"microseconds\": 1}, \"event\": \"STOP\", "
           "\"data\": {\"return\": 1, \"error\": 2}}\n"},
    {SEND, RETURN_EMPTY},
    {EXPECT, "{\"execute\":\"query-status\"}"},
    /* The answer one byte per write, then an event the client reads along with the answer's end:
     * buffered, it must be skipped at the next command. */
    {SEND_BYTES,
     "{\"return\": {\"status\": \"paused\", \"singlestep\": false, \"running\": false}}\n"
     "{\"timestamp\": {\"seconds\": 1733300001, \"microseconds\": 2}, \"event\": "
     "\"RESUME\"}\n"},
    {EXPECT, "{\"execute\":\"cont\"}"},
    {SEND, "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Resetting the Virtual Machine "
           "is required\"}}\n"},
    {EXPECT, "{\"execute\":\"cont\"}"},
    {SEND, "{\"return\": {}}\n{\"timestamp\": {\"seconds\": 1733300002, \"microseconds\": 3}, "
           "\"event\": \"RESUME\"}\n"},
    {END, NULL},
};

static void session_client(const char *path)
{
    struct qmp q;
    char reply[256];

    CHECK(qmp_open(&q, path, reply, sizeof(reply)) == 0, "open: %s", reply);
    CHECK(qmp_execute(&q, "stop", reply, sizeof(reply)) == 0, "stop: %s", reply);
    CHECK(!strcmp(reply, "{\"return\": {}}"), "stop's answer, not the event: %s", reply);
    CHECK(qmp_execute(&q, "query-status", reply, sizeof(reply)) == 0, "query-status: %s", reply);
    CHECK(strstr(reply, "\"status\": \"paused\"") != NULL, "the whole status line: %s", reply);
    CHECK(qmp_execute(&q, "cont", reply, sizeof(reply)) == -EIO, "cont refused");
    CHECK(strstr(reply, "Resetting the Virtual Machine") != NULL, "the error's line: %s", reply);
    CHECK(qmp_execute(&q, "cont", reply, sizeof(reply)) == 0, "cont: %s", reply);
    qmp_close(&q);
}

/* A peer that is not QMP: no greeting. */
static const struct step not_qmp[] = {{SEND, "SSH-2.0-OpenSSH_9.2\n"}, {HANG_UP, NULL}};

/* QEMU refuses the capabilities negotiation. */
static const struct step refused[] = {
    {SEND, GREETING},
    {EXPECT, CAPABILITIES},
    {SEND, "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Capabilities negotiation is "
           "already complete, command ignored\"}}\n"},
    {HANG_UP, NULL},
};

/* QEMU quits in the middle of a command, after part of its answer. */
static const struct step quits[] = {
    {SEND_BYTES, GREETING}, {EXPECT, CAPABILITIES},
    {SEND, RETURN_EMPTY},   {EXPECT, "{\"execute\":\"stop\"}"},
    {SEND, "{\"ret"},       {HANG_UP, NULL},
};

static void quits_client(const char *path)
{
    struct qmp q;
    char reply[256];

    CHECK(qmp_open(&q, path, reply, sizeof(reply)) == 0, "open (greeting a byte at a time): %s",
          reply);
    CHECK(qmp_execute(&q, "stop", reply, sizeof(reply)) == -EIO, "stop on a closed socket");
    CHECK(strstr(reply, "QMP closed") != NULL, "says so: %s", reply);
    qmp_close(&q);
}

int main(void)
{
    char dir[64], path[200], err[256];
    struct qmp q;

    snprintf(dir, sizeof(dir), "%s/qmp_test.XXXXXX", P_tmpdir);
    CHECK(mkdtemp(dir) != NULL, "a temporary folder");
    exchange(dir, session, session_client, NULL);
    exchange(dir, not_qmp, NULL, "no QMP greeting");
    exchange(dir, refused, NULL, "CommandNotFound");
    exchange(dir, quits, quits_client, NULL);

    /* Nothing listening, and a path longer than a unix socket's. */
    snprintf(path, sizeof(path), "%s/none.sock", dir);
    CHECK(qmp_open(&q, path, err, sizeof(err)) == -ENOENT, "no socket: %s", err);
    CHECK(strstr(err, "cannot connect to QMP") != NULL, "says so: %s", err);
    memset(path, 'x', sizeof(path) - 1);
    path[sizeof(path) - 1] = '\0';
    CHECK(qmp_open(&q, path, err, sizeof(err)) == -EINVAL, "long path");
    CHECK(strstr(err, "too long") != NULL, "says so: %s", err);

    snprintf(path, sizeof(path), "%s/qmp.sock", dir);
    unlink(path);
    rmdir(dir);
    printf("qmp: %s\n", failures ? "FAILED" : "ok");
    return failures != 0;
}
