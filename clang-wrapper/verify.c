/* SPDX-License-Identifier: MIT */
#include "verify.h"

#include <stdio.h>
#include <string.h>

#ifdef HUCC_HAVE_HUHOST
#include <hupcall/huhost.h>

bool hucc_can_verify(void)
{
    return true;
}

/*
 * err as a diagnostic: "FILE:LINE:COL: error: ..." as it is, anything else as
 * "shown: error: ...", with a leading `path` (the temporary) replaced by `shown`.
 */
static void format_error(const char *err, const char *path, const char *shown, char *msg,
                         size_t len)
{
    size_t n = strlen(path);

    if (!strncmp(err, path, n) && err[n] == ':') {
        const char *rest = err + n + 1 + (err[n + 1] == ' ');

        if (strstr(rest, "error: "))
            snprintf(msg, len, "%s:%s", shown, err + n + 1);
        else
            snprintf(msg, len, "%s: error: %s", shown, rest);
    } else if (strstr(err, ": error: ")) {
        snprintf(msg, len, "%s", err);
    } else {
        snprintf(msg, len, "%s: error: %s", shown, err);
    }
}

int hucc_verify_object_msg(const char *path, const char *shown, char *msg, size_t len)
{
    struct hu_object *obj = NULL;
    char err[1024] = "";
    int rc = hu_object_open_file(path, &obj, err, sizeof(err));

    if (!rc)
        rc = hu_object_verify(obj, err, sizeof(err));
    hu_object_close(obj);
    if (!rc)
        return 0;
    format_error(err[0] ? err : "verification failed", path, shown, msg, len);
    return 1;
}

#else /* !HUCC_HAVE_HUHOST */

bool hucc_can_verify(void)
{
    return false;
}

int hucc_verify_object_msg(const char *path, const char *shown, char *msg, size_t len)
{
    (void)path;
    snprintf(msg, len, "%s: error: hucc was built without libhuhost and cannot verify", shown);
    return 1;
}

#endif

int hucc_verify_object(const char *path, const char *shown)
{
    char msg[1200];

    if (!hucc_verify_object_msg(path, shown, msg, sizeof(msg)))
        return 0;
    fprintf(stderr, "%s\n", msg);
    return 1;
}
