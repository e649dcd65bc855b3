/* SPDX-License-Identifier: MIT */
/*
 * A program with names of its own that libhuhost uses inside: vm_load, and glibc's verr(3) called
 * through the C library. Linked with the shipped libhuhost.a it must build (no duplicate symbol)
 * and glibc's verr must be the one that runs: it prints "link_clash: ...: No such file or
 * directory" and exits with status 3.
 */
#include <err.h>
#include <errno.h>
#include <stdarg.h>

#include <hupcall/huhost.h>

/* The library's verifier has an internal vm_load: this one must not clash with it. */
int vm_load(void);
int vm_load(void)
{
    return 7;
}

static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr(3, fmt, ap);
}

int main(void)
{
    struct hu_object *obj = NULL;
    char err[256];
    /* The library's loader and verifier are linked in and run. */
    if (hu_object_open("not an object", 13, &obj, err, sizeof(err)) != -EINVAL)
        return 1;
    errno = ENOENT;
    fail("vm_load %d, %s", vm_load(), err);
}
