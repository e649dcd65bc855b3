/* SPDX-License-Identifier: MIT */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *hucc_tmpdir(void)
{
    const char *d = getenv("TMPDIR");

    return d && *d ? d : "/tmp";
}

int hucc_make_temp(char *path, size_t len, const char *prefix)
{
    int fd;

    if ((size_t)snprintf(path, len, "%sXXXXXX", prefix) >= len) {
        path[0] = '\0';
        return -ENAMETOOLONG;
    }
    fd = mkstemp(path);
    if (fd < 0) {
        int rc = -errno;

        path[0] = '\0';
        return rc;
    }
    close(fd);
    return 0;
}

/* '-' and anything that exists and is not a regular file (stat follows symbolic links). */
static bool is_direct(const char *path)
{
    struct stat st;

    return !strcmp(path, "-") || (!stat(path, &st) && !S_ISREG(st.st_mode));
}

/* The temporary's prefix: beside a regular output, in $TMPDIR for a direct one. */
static bool temp_prefix(const struct hucc_output *out, char *buf, size_t len)
{
    int n = out->direct ? snprintf(buf, len, "%s/hucc-out-", hucc_tmpdir())
                        : snprintf(buf, len, "%s.tmp-", out->path);

    return n >= 0 && (size_t)n < len;
}

/* mkstemp makes 0600 files; a tool that writes into the temporary (llvm-mc) keeps that mode, so
 * the output gets the mode a newly created file has, as clang's outputs do. */
static int chmod_as_created(const char *path)
{
    mode_t mask = umask(0);

    umask(mask);
    return chmod(path, 0666 & ~mask) ? -errno : 0;
}

int hucc_output_open(struct hucc_output *out, const char *path)
{
    char prefix[PATH_MAX];
    int rc = -ENAMETOOLONG;

    out->path = path;
    out->direct = is_direct(path);
    out->tmp[0] = '\0';
    if (temp_prefix(out, prefix, sizeof(prefix)))
        rc = hucc_make_temp(out->tmp, sizeof(out->tmp), prefix);
    if (!rc && !out->direct)
        rc = chmod_as_created(out->tmp);
    if (!rc)
        return 0;
    fprintf(stderr, "hucc: error: cannot create a temporary file for %s: %s\n", path,
            strerror(-rc));
    return 1;
}

void hucc_output_name(struct hucc_output *out, const char *path)
{
    char prefix[PATH_MAX];

    out->path = path;
    out->direct = is_direct(path);
    if (!temp_prefix(out, prefix, sizeof(prefix)) ||
        (size_t)snprintf(out->tmp, sizeof(out->tmp), "%sXXXXXX", prefix) >= sizeof(out->tmp))
        snprintf(out->tmp, sizeof(out->tmp), "OUTPUT.tmp-XXXXXX");
}

/* write(2) until all of buf is out. */
static int write_all(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t n = write(fd, buf, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static int copy_fd(int from, int to)
{
    char buf[16384];
    ssize_t n;
    int rc = 0;

    while (!rc && (n = read(from, buf, sizeof(buf))) != 0) {
        if (n < 0)
            rc = errno == EINTR ? 0 : -errno;
        else
            rc = write_all(to, buf, (size_t)n);
    }
    return rc;
}

/* Opens the device, FIFO or standard output as a plain write, as clang opens its output. */
static int copy_direct(const struct hucc_output *out)
{
    bool std = !strcmp(out->path, "-");
    int from = open(out->tmp, O_RDONLY | O_CLOEXEC);
    int to = std ? STDOUT_FILENO : open(out->path, O_WRONLY | O_CLOEXEC);
    int rc = from < 0 || to < 0 ? -errno : copy_fd(from, to);

    if (from >= 0)
        close(from);
    if (to >= 0 && !std && close(to) && !rc)
        rc = -errno;
    return rc;
}

int hucc_output_commit(struct hucc_output *out)
{
    int rc = out->direct ? copy_direct(out) : rename(out->tmp, out->path) ? -errno : 0;

    if (rc) {
        fprintf(stderr, "hucc: error: cannot write %s: %s\n",
                strcmp(out->path, "-") ? out->path : "standard output", strerror(-rc));
        hucc_output_discard(out);
        return 1;
    }
    if (out->direct)
        unlink(out->tmp);
    out->tmp[0] = '\0';
    return 0;
}

void hucc_output_discard(struct hucc_output *out)
{
    struct stat st;

    if (out->tmp[0])
        unlink(out->tmp);
    out->tmp[0] = '\0';
    if (!out->direct && !lstat(out->path, &st) && S_ISREG(st.st_mode))
        unlink(out->path);
}
