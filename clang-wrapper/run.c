/* SPDX-License-Identifier: MIT */
#include "run.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Characters a POSIX shell leaves alone in a word. */
static int needs_quotes(const char *s)
{
    if (!*s)
        return 1;
    for (; *s; s++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                    "-_./=+,:@%^",
                    *s))
            return 1;
    return 0;
}

static void print_word(FILE *f, const char *s)
{
    if (!needs_quotes(s)) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (strchr("\"\\$`", *s))
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void hucc_print_command(FILE *f, char *const argv[])
{
    for (size_t i = 0; argv[i]; i++) {
        if (i)
            fputc(' ', f);
        print_word(f, argv[i]);
    }
    fputc('\n', f);
}

static int spawn(pid_t *pid, char *const argv[], const posix_spawn_file_actions_t *fa)
{
    int rc;

    fflush(NULL); /* keep our messages in order with the child's */
    rc = posix_spawn(pid, argv[0], fa, NULL, argv, environ);
    if (rc)
        fprintf(stderr, "hucc: error: cannot run %s: %s\n", argv[0], strerror(rc));
    return rc;
}

static int wait_child(pid_t pid, char *const argv[])
{
    int status;

    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "hucc: error: waiting for %s: %s\n", argv[0], strerror(errno));
            return 1;
        }
    }
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    fprintf(stderr, "hucc: error: %s terminated by signal %d\n", argv[0], WTERMSIG(status));
    return 1;
}

int hucc_run(char *const argv[])
{
    pid_t pid;

    return spawn(&pid, argv, NULL) ? 1 : wait_child(pid, argv);
}
