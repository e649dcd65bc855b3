/* SPDX-License-Identifier: MIT */
/* hu_object_open: parse an object and link every hyperupcall in it. */
#define _POSIX_C_SOURCE 200809L /* O_CLOEXEC under -std=c11 */
#include "object.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errmsg.h"
#include "link.h"
#include "read_file.h"

#define HU_OBJECT_MAX_FILE (256u << 20) /* far above any hyperupcall object */
#define HU_OBJECT_MAX_HUPCALLS 64       /* bounds the work a hostile object can ask for */

/* Global functions of hupcall/<event> sections are the hyperupcalls. */
static int is_entry(const struct hu_elf *m, const struct hu_elf_sym *y)
{
    return (y->bind == STB_GLOBAL || y->bind == STB_WEAK) && y->shndx != SHN_UNDEF &&
           y->shndx < m->n_secs && m->secs[y->shndx].kind == HU_SEC_HUPCALL;
}

static int link_all(struct hu_object *obj, const struct hu_elf *m, char *err, size_t errlen)
{
    size_t n = 0;
    uint8_t *used = calloc(m->n_secs, 1);
    if (!used)
        return -ENOMEM;
    for (size_t i = 1; i < m->n_syms; i++)
        if (is_entry(m, &m->syms[i])) {
            n++;
            used[m->syms[i].shndx] = 1;
        }
    for (size_t i = 0; i < m->n_secs && n; i++)
        if (m->secs[i].kind == HU_SEC_HUPCALL && !used[i]) {
            free(used);
            return hu_errf(err, errlen, -EINVAL, "section %s holds no global function",
                           m->secs[i].name);
        }
    free(used);
    if (n == 0)
        return hu_errf(err, errlen, -EINVAL,
                       "no hyperupcalls: no global function in a %s<event> section",
                       HU_SECTION_PREFIX);
    if (n > HU_OBJECT_MAX_HUPCALLS)
        return hu_errf(err, errlen, -EINVAL, "%zu hyperupcalls in one object, at most %d", n,
                       HU_OBJECT_MAX_HUPCALLS);
    obj->progs = calloc(n, sizeof(*obj->progs));
    if (!obj->progs)
        return -ENOMEM;
    for (size_t i = 1; i < m->n_syms; i++) {
        const struct hu_elf_sym *y = &m->syms[i];
        if (!is_entry(m, y))
            continue;
        if (y->type != STT_FUNC && y->type != STT_NOTYPE)
            return hu_errf(err, errlen, -EINVAL, "symbol %s in section %s is not a function",
                           y->name, m->secs[y->shndx].name);
        int ret = hu_link_prog(m, y->shndx, y->value / sizeof(struct hu_insn), y->name,
                               &obj->progs[obj->n_progs], err, errlen);
        if (ret)
            return ret;
        obj->n_progs++;
    }
    return 0;
}

static int open_named(const void *buf, size_t len, const char *name, struct hu_object **out,
                      char *err, size_t errlen)
{
    struct hu_object *obj = calloc(1, sizeof(*obj));
    struct hu_elf m;
    int ret;
    *out = NULL;
    if (!obj)
        return -ENOMEM;
    snprintf(obj->name, sizeof(obj->name), "%s", name);
    /* libelf reads from a private copy; the model's strings point into it while linking. */
    void *copy = malloc(len ? len : 1);
    if (!copy) {
        free(obj);
        return -ENOMEM;
    }
    memcpy(copy, buf, len);
    ret = hu_elf_read(&m, copy, len, err, errlen);
    if (!ret)
        ret = link_all(obj, &m, err, errlen);
    hu_elf_release(&m);
    free(copy);
    if (ret) {
        if (ret == -ENOMEM)
            hu_errf(err, errlen, ret, "out of memory");
        hu_object_close(obj);
        return ret;
    }
    *out = obj;
    return 0;
}

int hu_object_open(const void *buf, size_t len, struct hu_object **out, char *err, size_t errlen)
{
    if (!out || (!buf && len))
        return hu_errf(err, errlen, -EINVAL, "hu_object_open: bad arguments");
    return open_named(buf, len, "object", out, err, errlen);
}

int hu_read_file(const char *path, void **buf, size_t *len, size_t max, char *err, size_t errlen)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int ret = 0;
    *buf = NULL;
    if (fd < 0)
        return hu_errf(err, errlen, -errno, "%s: %s", path, strerror(errno));
    if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > max) {
        ret =
            hu_errf(err, errlen, -EINVAL, "%s: not a regular file of at most %zu bytes", path, max);
        goto out;
    }
    *len = st.st_size;
    *buf = malloc(*len ? *len : 1);
    if (!*buf) {
        ret = hu_errf(err, errlen, -ENOMEM, "%s: out of memory", path);
        goto out;
    }
    for (size_t got = 0; got < *len;) {
        ssize_t r = read(fd, (char *)*buf + got, *len - got);
        if (r <= 0) {
            ret = hu_errf(err, errlen, r ? -errno : -EIO, "%s: read failed", path);
            free(*buf);
            *buf = NULL;
            goto out;
        }
        got += r;
    }
out:
    close(fd);
    return ret;
}

int hu_object_open_file_as(const char *path, const char *name, struct hu_object **out, char *err,
                           size_t errlen)
{
    void *buf;
    size_t len;
    if (!out || !path || !name)
        return hu_errf(err, errlen, -EINVAL, "hu_object_open_file: bad arguments");
    *out = NULL;
    int ret = hu_read_file(path, &buf, &len, HU_OBJECT_MAX_FILE, err, errlen);
    if (ret)
        return ret;
    ret = open_named(buf, len, name, out, err, errlen);
    if (ret && err && errlen) {
        /* A diagnostic about the object, as the verifier's are. */
        char msg[512];
        snprintf(msg, sizeof(msg), "%s", err);
        hu_errf(err, errlen, ret, "%s: error: %s", name, msg);
    }
    free(buf);
    return ret;
}

int hu_object_open_file(const char *path, struct hu_object **out, char *err, size_t errlen)
{
    return hu_object_open_file_as(path, path, out, err, errlen);
}
