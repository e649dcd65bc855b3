/* SPDX-License-Identifier: MIT */
/* Verifying a compiled object in-process with the host loader's verifier (libhuhost). */
#ifndef HUCC_VERIFY_H
#define HUCC_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

/* True when hucc was built with libhuhost; without it objects cannot be verified. */
bool hucc_can_verify(void);

/*
 * Verifies the object at `path` as the host would at registration (every hyperupcall with its
 * event's default limits). Returns 0 when accepted, 1 when rejected or unreadable, with the
 * diagnostic in msg: "file:line:col: error: <rule>: ..." or "<shown>: error: <rule>: ...", where
 * `shown` names the object instead of `path` (a temporary).
 */
int hucc_verify_object_msg(const char *path, const char *shown, char *msg, size_t len);

/* The same, printing the diagnostic on stderr. */
int hucc_verify_object(const char *path, const char *shown);

#endif /* HUCC_VERIFY_H */
