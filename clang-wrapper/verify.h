/* SPDX-License-Identifier: MIT */
/* Verifying a compiled object in-process with the host loader's verifier (libhuhost). */
#ifndef HUCC_VERIFY_H
#define HUCC_VERIFY_H

#include <stdbool.h>

/* True when hucc was built with libhuhost; without it objects cannot be verified. */
bool hucc_can_verify(void);

/*
 * Verifies the object at `path` as the host would at registration (every hyperupcall with its
 * event's default limits). `shown` is the name to use in messages instead of `path` (a
 * temporary). Returns 0 when accepted, 1 after printing "file:line:col: error: <rule>: ..."
 * when rejected or unreadable.
 */
int hucc_verify_object(const char *path, const char *shown);

#endif /* HUCC_VERIFY_H */
