/* SPDX-License-Identifier: MIT */
/* Running the commands hucc builds: no shell, exact echo for -v and -###. */
#ifndef HUCC_RUN_H
#define HUCC_RUN_H

#include <stdio.h>

/* Prints argv on one line, each argument shell-quoted when it needs it. */
void hucc_print_command(FILE *f, char *const argv[]);

/*
 * Runs argv[0] with argv (posix_spawn, no shell) and waits. Returns its exit status, 1 when it
 * died from a signal, or 1 with a message when it could not be started.
 */
int hucc_run(char *const argv[]);

#endif /* HUCC_RUN_H */
