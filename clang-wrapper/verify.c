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
 * Prints err as a diagnostic: "FILE:LINE:COL: error: ..." as it is, anything else as
 * "shown: error: ...", with a leading `path` (the temporary) replaced by `shown`.
 */
static void print_error(const char *err, const char *path, const char *shown)
{
    size_t n = strlen(path);

    if (!strncmp(err, path, n) && err[n] == ':') {
        const char *rest = err + n + 1 + (err[n + 1] == ' ');

        if (strstr(rest, "error: "))
            fprintf(stderr, "%s:%s\n", shown, err + n + 1);
        else
            fprintf(stderr, "%s: error: %s\n", shown, rest);
        return;
    }
    if (strstr(err, ": error: "))
        fprintf(stderr, "%s\n", err);
    else
        fprintf(stderr, "%s: error: %s\n", shown, err);
}

int hucc_verify_object(const char *path, const char *shown)
{
    struct hu_object *obj = NULL;
    char err[1024] = "";
    int rc = hu_object_open_file(path, &obj, err, sizeof(err));

    if (!rc)
        rc = hu_object_verify(obj, err, sizeof(err));
    hu_object_close(obj);
    if (!rc)
        return 0;
    print_error(err[0] ? err : "verification failed", path, shown);
    return 1;
}

#else /* !HUCC_HAVE_HUHOST */

bool hucc_can_verify(void)
{
    return false;
}

int hucc_verify_object(const char *path, const char *shown)
{
    (void)path;
    fprintf(stderr, "%s: error: hucc was built without libhuhost and cannot verify\n", shown);
    return 1;
}

#endif
