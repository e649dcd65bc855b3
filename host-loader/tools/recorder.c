/* SPDX-License-Identifier: MIT */
/* The recording backend: a log of helper calls and tables of vCPU registers and exit info. */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hupcall/huhost.h>

struct hu_recorder {
    pthread_mutex_t lock; /* vCPUs fire concurrently: the log and tables are shared */
    struct hu_record log[HU_RECORDER_MAX_CALLS];
    size_t n, dropped; /* calls logged, calls beyond the log's capacity */
    uint64_t regs[HU_RECORDER_MAX_VCPUS][HU_REG_COUNT];
    uint64_t exit_info[HU_EXIT_INFO_COUNT];
};

struct hu_recorder *hu_recorder_new(void)
{
    struct hu_recorder *rec = calloc(1, sizeof(*rec));
    if (rec && pthread_mutex_init(&rec->lock, NULL)) {
        free(rec);
        return NULL;
    }
    return rec;
}

void hu_recorder_free(struct hu_recorder *rec)
{
    if (!rec)
        return;
    pthread_mutex_destroy(&rec->lock);
    free(rec);
}

static uint64_t rec_ipi(void *priv, uint32_t self, uint64_t vcpu, uint64_t vector)
{
    (void)priv, (void)self, (void)vector;
    return vcpu < HU_RECORDER_MAX_VCPUS ? 0 : (uint64_t)-EINVAL;
}

static uint64_t rec_get_reg(void *priv, uint32_t self, uint64_t vcpu, uint64_t reg)
{
    struct hu_recorder *rec = priv;
    (void)self;
    if (vcpu >= HU_RECORDER_MAX_VCPUS || reg >= HU_REG_COUNT)
        return (uint64_t)-EINVAL;
    pthread_mutex_lock(&rec->lock);
    uint64_t v = rec->regs[vcpu][reg];
    pthread_mutex_unlock(&rec->lock);
    return v;
}

static uint64_t rec_set_reg(void *priv, uint32_t self, uint64_t vcpu, uint64_t reg, uint64_t v)
{
    struct hu_recorder *rec = priv;
    (void)self;
    if (vcpu >= HU_RECORDER_MAX_VCPUS || reg >= HU_REG_COUNT)
        return (uint64_t)-EINVAL;
    pthread_mutex_lock(&rec->lock);
    rec->regs[vcpu][reg] = v;
    pthread_mutex_unlock(&rec->lock);
    return 0;
}

static uint64_t rec_flush(void *priv, uint32_t self, uint64_t vcpu)
{
    (void)priv, (void)self;
    return vcpu < HU_RECORDER_MAX_VCPUS ? 0 : (uint64_t)-EINVAL;
}

static uint64_t rec_exit_info(void *priv, uint32_t self, uint64_t field)
{
    struct hu_recorder *rec = priv;
    (void)self;
    if (field >= HU_EXIT_INFO_COUNT)
        return (uint64_t)-EINVAL;
    pthread_mutex_lock(&rec->lock);
    uint64_t v = rec->exit_info[field];
    pthread_mutex_unlock(&rec->lock);
    return v;
}

static void rec_trace(void *priv, uint32_t self, uint32_t helper, const uint64_t args[5],
                      uint64_t ret)
{
    struct hu_recorder *rec = priv;
    pthread_mutex_lock(&rec->lock);
    if (rec->n < HU_RECORDER_MAX_CALLS) {
        struct hu_record *r = &rec->log[rec->n++];
        r->helper = helper;
        r->vcpu_self = self;
        memcpy(r->args, args, sizeof(r->args));
        r->ret = ret;
    } else {
        rec->dropped++;
    }
    pthread_mutex_unlock(&rec->lock);
}

static const struct hu_backend recorder_backend = {
    .send_vcpu_ipi = rec_ipi,
    .get_vcpu_register = rec_get_reg,
    .set_vcpu_register = rec_set_reg,
    .flush_tlb_vcpu = rec_flush,
    .get_exit_info = rec_exit_info,
    .trace = rec_trace,
};

const struct hu_backend *hu_recorder_backend(void)
{
    return &recorder_backend;
}

void hu_recorder_set_register(struct hu_recorder *rec, uint32_t vcpu, uint32_t reg, uint64_t v)
{
    if (vcpu < HU_RECORDER_MAX_VCPUS && reg < HU_REG_COUNT)
        rec_set_reg(rec, 0, vcpu, reg, v);
}

void hu_recorder_set_exit_info(struct hu_recorder *rec, uint32_t field, uint64_t v)
{
    if (field >= HU_EXIT_INFO_COUNT)
        return;
    pthread_mutex_lock(&rec->lock);
    rec->exit_info[field] = v;
    pthread_mutex_unlock(&rec->lock);
}

/* The getters take the lock too: vCPUs may still be firing while a test reads the log. The lock is
 * the one mutable part of a const recorder. */
static pthread_mutex_t *lock_of(const struct hu_recorder *rec)
{
    return (pthread_mutex_t *)&rec->lock;
}

size_t hu_recorder_count(const struct hu_recorder *rec)
{
    pthread_mutex_lock(lock_of(rec));
    size_t n = rec->n;
    pthread_mutex_unlock(lock_of(rec));
    return n;
}

/* A record is written under the lock that counts it and stays until hu_recorder_clear. */
const struct hu_record *hu_recorder_get(const struct hu_recorder *rec, size_t i)
{
    return i < hu_recorder_count(rec) ? &rec->log[i] : NULL;
}

size_t hu_recorder_dropped(const struct hu_recorder *rec)
{
    pthread_mutex_lock(lock_of(rec));
    size_t n = rec->dropped;
    pthread_mutex_unlock(lock_of(rec));
    return n;
}

void hu_recorder_clear(struct hu_recorder *rec)
{
    pthread_mutex_lock(&rec->lock);
    rec->n = 0;
    rec->dropped = 0;
    pthread_mutex_unlock(&rec->lock);
}

/* Small values in decimal, errno results as negative numbers, the rest in hex. */
static int fmt_val(char *buf, size_t len, uint64_t v)
{
    if ((int64_t)v < 0 && (int64_t)v >= -4095)
        return snprintf(buf, len, "%" PRId64, (int64_t)v);
    return snprintf(buf, len, v < 0x10000 ? "%" PRIu64 : "%#" PRIx64, v);
}

int hu_record_format(const struct hu_record *r, char *buf, size_t len)
{
    const char *name = hu_helper_name(r->helper);
    size_t n = 0, k = name ? (size_t)hu_helper_nargs(r->helper) : 5;
    char v[32];
    n += snprintf(buf, len, "%s(", name ? name : "helper");
    for (size_t i = 0; i < k; i++) {
        fmt_val(v, sizeof(v), r->args[i]);
        n += snprintf(buf + (n < len ? n : len), n < len ? len - n : 0, "%s%s", i ? ", " : "", v);
    }
    fmt_val(v, sizeof(v), r->ret);
    n += snprintf(buf + (n < len ? n : len), n < len ? len - n : 0, ") = %s", v);
    return (int)n;
}
