/* SPDX-License-Identifier: MIT */
/* Verifying a compiled object in-process with the host loader's verifier (libhuhost). */
#ifndef HUCC_VERIFY_H
#define HUCC_VERIFY_H

/*
 * Verifies the object at `path` as the host would at registration (every hyperupcall with its
 * event's default limits). `shown` is the name to use in messages instead of `path` (a
 * temporary). Returns 0 when accepted, 1 after printing libhuhost's diagnostic
 * ("file:line:col: error: <rule>: ..." or "<shown>...: error: ...") when rejected or unreadable.
 */
int hucc_verify_object(const char *path, const char *shown);

#endif /* HUCC_VERIFY_H */
