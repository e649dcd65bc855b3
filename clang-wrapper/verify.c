/* SPDX-License-Identifier: MIT */
#include "verify.h"

#include <stdio.h>

#include <hupcall/huhost.h>

int hucc_verify_object(const char *path, const char *shown)
{
    struct hu_object *obj = NULL;
    char err[1024] = "";
    int rc = hu_object_open_file_as(path, shown, &obj, err, sizeof(err));

    if (!rc)
        rc = hu_object_verify(obj, err, sizeof(err));
    hu_object_close(obj);
    if (!rc)
        return 0;
    /* libhuhost's messages are diagnostics already: "<shown or source line>: error: ...". */
    fprintf(stderr, "%s\n", err);
    return 1;
}
