/* SPDX-License-Identifier: MIT */
/* hu_object: open (parse + link every hyperupcall), inspect, verify. */
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
#include "verifier.h"

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

int hu_object_open_file(const char *path, struct hu_object **out, char *err, size_t errlen)
{
    void *buf;
    size_t len;
    if (!out || !path)
        return hu_errf(err, errlen, -EINVAL, "hu_object_open_file: bad arguments");
    *out = NULL;
    int ret = hu_read_file(path, &buf, &len, HU_OBJECT_MAX_FILE, err, errlen);
    if (ret)
        return ret;
    ret = open_named(buf, len, path, out, err, errlen);
    if (ret && err && errlen) {
        /* Prefix the message with the file it is about. */
        char msg[512];
        snprintf(msg, sizeof(msg), "%s", err);
        hu_errf(err, errlen, ret, "%s: %s", path, msg);
    }
    free(buf);
    return ret;
}

void hu_object_close(struct hu_object *obj)
{
    if (!obj)
        return;
    for (size_t i = 0; i < obj->n_progs; i++)
        hu_prog_release(&obj->progs[i]);
    free(obj->progs);
    free(obj);
}

size_t hu_object_count(const struct hu_object *obj)
{
    return obj ? obj->n_progs : 0;
}

const char *hu_object_name(const struct hu_object *obj, size_t i)
{
    return obj && i < obj->n_progs ? obj->progs[i].name : NULL;
}

uint32_t hu_object_event(const struct hu_object *obj, size_t i)
{
    return obj && i < obj->n_progs ? obj->progs[i].event : 0;
}

uint32_t hu_object_insn_count(const struct hu_object *obj, size_t i)
{
    return obj && i < obj->n_progs ? obj->progs[i].n_insns : 0;
}

const struct hu_prog *hu_object_prog(const struct hu_object *obj, size_t i)
{
    return obj && i < obj->n_progs ? &obj->progs[i] : NULL;
}

int hu_report_error(const char *objname, const struct hu_prog *p,
                    const struct hu_verify_report *rep, char *err, size_t errlen)
{
    const struct hu_line *l = rep->insn >= 0 ? hu_prog_line(p, (uint32_t)rep->insn) : NULL;
    const char *rule = rep->rule ? rep->rule : "rejected";
    /* The verifier's message may start "insn N: rule: "; the prefix here says both already. */
    const char *details = strstr(rep->msg, rule);
    if (details && strncmp(details + strlen(rule), ": ", 2) == 0)
        details += strlen(rule) + 2;
    else
        details = rep->msg;
    if (l && l->file)
        return hu_errf(err, errlen, -EACCES, "%s:%u:%u: error: %s: %s", l->file, l->line, l->col,
                       rule, details);
    if (rep->insn >= 0)
        return hu_errf(err, errlen, -EACCES, "%s:insn %lld: error: %s: %s", objname,
                       (long long)rep->insn, rule, details);
    return hu_errf(err, errlen, -EACCES, "%s: error: %s: %s", objname, rule, details);
}

int hu_object_verify(const struct hu_object *obj, char *err, size_t errlen)
{
    if (!obj)
        return hu_errf(err, errlen, -EINVAL, "hu_object_verify: no object");
    for (size_t i = 0; i < obj->n_progs; i++) {
        const struct hu_prog *p = &obj->progs[i];
        struct hu_verify_limits lim = {p->event, hu_event_default_max_insns(p->event)};
        struct hu_verify_report rep = {.insn = -1};
        int ret = hu_verify(p, &lim, &rep);
        if (ret == -EACCES)
            return hu_report_error(obj->name, p, &rep, err, errlen);
        if (ret)
            return hu_errf(err, errlen, ret < 0 ? ret : -EINVAL, "%s: %s: verifier error: %s",
                           obj->name, p->name, rep.msg);
    }
    return 0;
}
