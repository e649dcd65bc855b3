/* SPDX-License-Identifier: MIT */
#include "tools.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef HUCC_LLVM_BIN
#error "HUCC_LLVM_BIN (the LLVM 22 tools directory) comes from CMake"
#endif
#ifndef HUCC_LIBDIR
#define HUCC_LIBDIR "lib"
#endif
#define HUCC_PLUGIN_NAME "HupcallPass.so"

static bool is_executable(const char *path)
{
    return access(path, X_OK) == 0;
}

static bool is_readable(const char *path)
{
    return access(path, R_OK) == 0;
}

/* The directory of hucc's own executable, without a trailing slash. */
static int self_dir(char *buf, size_t len)
{
    ssize_t n = readlink("/proc/self/exe", buf, len - 1);
    char *slash;

    if (n < 0)
        return -errno;
    buf[n] = '\0';
    slash = strrchr(buf, '/');
    if (!slash)
        return -ENOENT;
    *slash = '\0';
    return 0;
}

static bool fits(char *dst, size_t len, const char *a, const char *b)
{
    return (size_t)snprintf(dst, len, "%s%s", a, b) < len;
}

/* The first executable `name` in $PATH. */
static bool search_path(const char *name, char *out, size_t len)
{
    const char *path = getenv("PATH");

    while (path && *path) {
        const char *end = strchr(path, ':');
        size_t dirlen = end ? (size_t)(end - path) : strlen(path);

        if (dirlen && (size_t)snprintf(out, len, "%.*s/%s", (int)dirlen, path, name) < len &&
            is_executable(out))
            return true;
        path = end ? end + 1 : NULL;
    }
    return false;
}

static int find_clang(struct hucc_tools *t, const char *bindir, char *err, size_t errlen)
{
    const char *env = getenv("HUCC_CLANG");
    char dir[PATH_MAX];

    if (env && *env) {
        if (fits(t->clang, sizeof(t->clang), env, "") && is_executable(t->clang))
            return 0;
        snprintf(err, errlen, "HUCC_CLANG=%s is not an executable", env);
        return -ENOENT;
    }
    if (fits(dir, sizeof(dir), bindir, "/clang-22") && is_executable(dir) &&
        fits(t->clang, sizeof(t->clang), dir, ""))
        return 0;
    if (fits(t->clang, sizeof(t->clang), HUCC_LLVM_BIN, "/clang") && is_executable(t->clang))
        return 0;
    if (search_path("clang-22", t->clang, sizeof(t->clang)) ||
        search_path("clang", t->clang, sizeof(t->clang)))
        return 0;
    snprintf(err, errlen,
             "clang-22 not found next to hucc, in " HUCC_LLVM_BIN " or in PATH (set HUCC_CLANG)");
    return -ENOENT;
}

/* env, else bindir + rel, made absolute; must be readable. out holds the path tried. */
static int find_file(char *out, size_t len, const char *env, const char *bindir, const char *rel,
                     char *err, size_t errlen)
{
    const char *val = getenv(env);
    bool ok = val && *val ? fits(out, len, val, "") : fits(out, len, bindir, rel);
    char abs[PATH_MAX];

    if (ok && is_readable(out)) {
        if (len >= sizeof(abs) && realpath(out, abs))
            strcpy(out, abs);
        return 0;
    }
    snprintf(err, errlen, "%s not found (set %s)", ok ? out : rel, env);
    return -ENOENT;
}

int hucc_find_tools(struct hucc_tools *t, bool need_plugin, char *err, size_t errlen)
{
    char bindir[PATH_MAX];
    int rc;

    memset(t, 0, sizeof(*t));
    rc = self_dir(bindir, sizeof(bindir));
    if (rc) {
        snprintf(err, errlen, "cannot find hucc's own location: %s", strerror(-rc));
        return rc;
    }
    rc = find_clang(t, bindir, err, errlen);
    if (!rc)
        rc = find_file(t->include, sizeof(t->include), "HUCC_INCLUDE", bindir, "/../include", err,
                       errlen);
    if (!rc) {
        /* The build tree and most prefixes use lib/; a Debian /usr install uses the multiarch
         * libdir CMake was configured with. */
        int plugin_rc = find_file(t->plugin, sizeof(t->plugin), "HUCC_PLUGIN", bindir,
                                  "/../lib/" HUCC_PLUGIN_NAME, err, errlen);

        if (plugin_rc && !getenv("HUCC_PLUGIN"))
            plugin_rc = find_file(t->plugin, sizeof(t->plugin), "HUCC_PLUGIN", bindir,
                                  "/../" HUCC_LIBDIR "/" HUCC_PLUGIN_NAME, err, errlen);

        if (need_plugin)
            rc = plugin_rc;
        else if (plugin_rc)
            t->plugin[0] = '\0';
    }
    return rc;
}

void hucc_print_docs(FILE *f)
{
    char bindir[PATH_MAX], doc[PATH_MAX], abs[PATH_MAX];

    fputs("manual: man hucc (hucc(1)); documentation: ", f);
    if (!self_dir(bindir, sizeof(bindir)) &&
        fits(doc, sizeof(doc), bindir, "/../share/doc/hupcall") && realpath(doc, abs))
        fprintf(f, "%s (hucc.md: the flags, the two routes, why)\n", abs);
    else
        fputs("docs/ of the hupcall sources\n", f);
}
