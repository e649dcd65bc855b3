/* SPDX-License-Identifier: MIT */
/*
 * libhuhost: the host side of hyperupcalls. Loads a hyperupcall object (a BPF ELF relocatable),
 * registers its programs with a VM (resolving guest symbols, verifying), and runs them on
 * hypervisor events over a window of guest memory. Everything the guest supplies is untrusted.
 *
 * Conventions (libbpf style): functions return 0 or a positive count on success and a negative
 * errno on failure; those that take `char *err, size_t errlen` write a one-line message there.
 * docs/host-loader.md describes the library; docs/image-format.md the guest image format.
 *
 * Thread safety (libhuhost(3) says more): objects, images and tables are read-only once opened
 * and may be used from any number of threads; a symbol table may be looked up concurrently but
 * hu_symtab_add/_load need the caller's lock; windows' guest memory is accessed without locks,
 * as the guest's vCPUs do; a VM fires (hu_fire, hu_fire_slot) concurrently for different vCPUs,
 * never during hu_register/hu_unregister/hu_event_slot/hu_vm_destroy; every recorder function but
 * _free takes its mutex.
 * Nothing may be closed or freed while another thread uses it.
 */
#ifndef HUPCALL_HUHOST_H
#define HUPCALL_HUHOST_H

#include <stddef.h>
#include <stdint.h>

#include <hupcall/abi.h>
#include <hupcall/table.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Everything declared here, and only that, is exported by libhuhost (built -fvisibility=hidden). */
#pragma GCC visibility push(default)

/* Events: "reclaim" <-> HU_EVENT_RECLAIM. 0 / NULL when unknown. */
uint32_t hu_event_from_name(const char *name);
const char *hu_event_name(uint32_t event);
/* The default instruction limit of an event: HU_MAX_INSNS_GLOBAL or HU_MAX_INSNS_LOCAL_DEFAULT. */
uint32_t hu_event_default_max_insns(uint32_t event);

/* ---- Objects: a parsed hyperupcall object, one program per global function in hupcall/<event>. */
struct hu_object;

int hu_object_open(const void *buf, size_t len, struct hu_object **out, char *err, size_t errlen);
/* A file's object; an error about its contents reads "PATH: error: <why>". */
int hu_object_open_file(const char *path, struct hu_object **out, char *err, size_t errlen);
/* The same, with `name` in the messages (of the open, the verifier and registration) in place
 * of `path`: for a caller that verifies a temporary file under the name its user knows. */
int hu_object_open_file_as(const char *path, const char *name, struct hu_object **out, char *err,
                           size_t errlen);
void hu_object_close(struct hu_object *obj);
/* Number of hyperupcalls in the object. */
size_t hu_object_count(const struct hu_object *obj);
/* Name, event and instruction count of hyperupcall `i` (< hu_object_count). */
const char *hu_object_name(const struct hu_object *obj, size_t i);
uint32_t hu_object_event(const struct hu_object *obj, size_t i);
uint32_t hu_object_insn_count(const struct hu_object *obj, size_t i);
/*
 * Verifies every hyperupcall with its event's default limits; guest symbols stay unresolved (their
 * ld_imm64 is a scalar constant). 0 when all are accepted, -EACCES when one is rejected, with err =
 * "FILE:LINE:COL: error: <rule>: <details>" (line info) or "<object>:insn N: error: ...", -EINVAL
 * on a malformed program.
 */
int hu_object_verify(const struct hu_object *obj, char *err, size_t errlen);

/* Called once per instruction the verifier reaches, in program order, with the register kinds at
 * its entry, e.g. "r1=ctx r2=hva r6=hva+(x&mask)+[0,8] r10=fp fp-8:hva". */
typedef void (*hu_kinds_fn)(void *arg, uint32_t insn, const char *kinds);

struct hu_verify_opts {
    uint32_t event;       /* the rules of this event; 0: the hyperupcall's own */
    uint32_t max_insns;   /* 0: the event's default */
    const char *name;     /* the object's name in the message; NULL: the name it was opened as */
    hu_kinds_fn kinds_fn; /* optional */
    void *kinds_arg;
};

/* A rejection, field by field (err carries the same as one formatted line). */
struct hu_verify_result {
    int64_t insn;      /* the failing instruction, -1 for a rule about the whole program */
    const char *rule;  /* "back-edge", "guest-access-unmasked", ...; NULL unless rejected */
    char details[480]; /* "r3 is scalar, expected ..." */
};

/*
 * Verifies hyperupcall `i` (guest symbols unresolved, as hu_object_verify) under `opts` (NULL:
 * its own event's defaults). 0 when accepted; -EACCES when rejected, with `res` (may be NULL)
 * and err as hu_object_verify's; -EINVAL for a bad index, event or limit; -ENOMEM.
 */
int hu_object_verify_prog(const struct hu_object *obj, size_t i, const struct hu_verify_opts *opts,
                          struct hu_verify_result *res, char *err, size_t errlen);

/* ---- Inspecting a hyperupcall as the host links it (entry function first, then every function
 * it calls): for disassemblers and diagnostics. Pointers stay valid until hu_object_close. */
struct hu_prog_code {
    const void *insns; /* n_insns 8-byte slots in the BPF wire encoding (RFC 9669) */
    uint32_t n_insns;
    uint32_t entry;        /* the entry function's first instruction */
    const uint32_t *funcs; /* the first instruction of each function, ascending */
    uint32_t n_funcs;
};
/* 0, or -EINVAL for a bad object or index. */
int hu_object_code(const struct hu_object *obj, size_t i, struct hu_prog_code *out);

/* A source position from the object's .BTF.ext line info. */
struct hu_source_line {
    uint32_t insn; /* the first instruction it applies to */
    uint32_t line;
    uint32_t col;
    const char *file;
};
/* The source position of instruction `insn` of hyperupcall `i`: 0, or -ENOENT without one. */
int hu_object_source_line(const struct hu_object *obj, size_t i, uint32_t insn,
                          struct hu_source_line *out);
/* The guest symbol the ld_imm64 at `insn` of hyperupcall `i` loads, with the constant added to
 * its address in *addend (may be NULL); NULL when that instruction loads none. */
const char *hu_object_guest_symbol(const struct hu_object *obj, size_t i, uint32_t insn,
                                   int64_t *addend);

/* Reads a whole regular file of at most `max` bytes into a malloc'd buffer (free() it), as the
 * library reads objects and images: for hu_table_open of an image file. 0 or -errno. */
int hu_read_file(const char *path, void **buf, size_t *len, size_t max, char *err, size_t errlen);

/* ---- Symbol tables: guest symbol name -> guest virtual address. */
struct hu_symtab;

struct hu_symtab *hu_symtab_new(void);
void hu_symtab_free(struct hu_symtab *st);
/* 0; -EINVAL for an empty name or one of 512 characters or more; a pair already present is
 * kept once. */
int hu_symtab_add(struct hu_symtab *st, const char *name, uint64_t addr);
/* Adds every symbol of a System.map or /proc/kallsyms file ("ADDR TYPE NAME [\[module\]]" lines),
 * with `slide` (the KASLR slide, env[0]) added to each address. Returns the number of symbol lines
 * read (exact duplicates are kept once). */
int hu_symtab_load(struct hu_symtab *st, const char *path, uint64_t slide, char *err,
                   size_t errlen);
/* 0 and *addr, -ENOENT when absent, -ENOTUNIQ when the name has several addresses. */
int hu_symtab_lookup(const struct hu_symtab *st, const char *name, uint64_t *addr);
size_t hu_symtab_count(const struct hu_symtab *st);

/* ---- Windows: the guest memory a hyperupcall may touch, mapped by the host with a guard of
 * HU_GUARD_SIZE bytes right after it that maps the window's start again (guard byte i is window
 * byte i % size). size is a power of two of at least the page size, guest_base aligned to it. */
struct hu_window;

/* Anonymous zeroed memory. */
int hu_window_alloc(uint64_t guest_base, uint64_t size, struct hu_window **out, char *err,
                    size_t errlen);
/* A caller buffer of at least size + HU_GUARD_SIZE bytes, page-aligned, of shared memory
 * (MAP_SHARED: shared anonymous, a memfd or a file); its guard bytes are replaced by a second
 * mapping of its start (-EINVAL for private memory). It must outlive the window. */
int hu_window_wrap(uint64_t guest_base, uint64_t size, void *buf, size_t buflen,
                   struct hu_window **out, char *err, size_t errlen);
/* A shared mapping of fd (a memfd or file backing guest RAM) at `offset`, its start mapped again
 * as the guard: the way a VMM that backs guest memory with shared memory maps it. */
int hu_window_map_fd(uint64_t guest_base, uint64_t size, int fd, uint64_t offset,
                     struct hu_window **out, char *err, size_t errlen);
void hu_window_free(struct hu_window *w);
void *hu_window_hva(const struct hu_window *w);
uint64_t hu_window_base(const struct hu_window *w);
uint64_t hu_window_size(const struct hu_window *w);
/* Copy to / from guest memory at guest virtual address gva; -ERANGE outside the window. */
int hu_window_write(struct hu_window *w, uint64_t gva, const void *buf, size_t len);
int hu_window_read(const struct hu_window *w, uint64_t gva, void *buf, size_t len);

/* ---- Guest images: ELF64 core files whose PT_LOAD segments carry guest memory (see
 * docs/image-format.md). */
struct hu_image_seg {
    uint64_t gva;     /* p_vaddr */
    uint64_t gpa;     /* p_paddr */
    uint64_t size;    /* bytes of data */
    const void *data; /* contents */
};
struct hu_image;

int hu_image_write(const char *path, const struct hu_image_seg *segs, size_t n, char *err,
                   size_t errlen);
int hu_image_open(const char *path, struct hu_image **out, char *err, size_t errlen);
void hu_image_close(struct hu_image *img);
size_t hu_image_count(const struct hu_image *img);
const struct hu_image_seg *hu_image_seg(const struct hu_image *img, size_t i);
/* The smallest power-of-two-aligned range covering every segment. */
int hu_image_span(const struct hu_image *img, uint64_t *base, uint64_t *size);
/* A new anonymous window [base, base + size) (size 0: hu_image_span) holding the segments. */
int hu_image_window(const struct hu_image *img, uint64_t base, uint64_t size,
                    struct hu_window **out, char *err, size_t errlen);

/* ---- Backends: how a hypervisor implements the helpers that reach its vCPUs. `priv` is the
 * backend's own pointer, `vcpu_self` the vCPU of the event being handled. A NULL callback makes
 * the helper return (uint64_t)-ENOSYS. Callbacks may run concurrently for different vCPUs. */
struct hu_backend {
    uint64_t (*send_vcpu_ipi)(void *priv, uint32_t vcpu_self, uint64_t vcpu, uint64_t vector);
    uint64_t (*get_vcpu_register)(void *priv, uint32_t vcpu_self, uint64_t vcpu, uint64_t reg);
    uint64_t (*set_vcpu_register)(void *priv, uint32_t vcpu_self, uint64_t vcpu, uint64_t reg,
                                  uint64_t value);
    uint64_t (*flush_tlb_vcpu)(void *priv, uint32_t vcpu_self, uint64_t vcpu);
    uint64_t (*get_exit_info)(void *priv, uint32_t vcpu_self, uint64_t field);
    /* Optional: called after every helper call, the library's own (memcpy, memset, cmpxchg)
     * included, with its id (HU_HELPER_*), five argument registers and result. */
    void (*trace)(void *priv, uint32_t vcpu_self, uint32_t helper, const uint64_t args[5],
                  uint64_t ret);
};

/* "memcpy" for HU_HELPER_MEMCPY; NULL when unknown. */
const char *hu_helper_name(uint32_t helper);
/* The arguments helper `helper` reads (r1 up, abi.h's HU_HELPERS); -1 when unknown. */
int hu_helper_nargs(uint32_t helper);

/* The recording backend for tests: logs every helper call (through `trace`, so the library's
 * own memcpy, memset and cmpxchg too) and answers register and exit-info reads from tables the
 * test sets. Pass the recorder as backend_priv. Thread-safe (a mutex around the log). */
#define HU_RECORDER_MAX_CALLS 256
#define HU_RECORDER_MAX_VCPUS 64
struct hu_record {
    uint32_t helper; /* HU_HELPER_* */
    uint32_t vcpu_self;
    uint64_t args[5];
    uint64_t ret;
};
struct hu_recorder;

struct hu_recorder *hu_recorder_new(void);
void hu_recorder_free(struct hu_recorder *rec);
const struct hu_backend *hu_recorder_backend(void);
void hu_recorder_set_register(struct hu_recorder *rec, uint32_t vcpu, uint32_t reg, uint64_t v);
void hu_recorder_set_exit_info(struct hu_recorder *rec, uint32_t field, uint64_t v);
size_t hu_recorder_count(const struct hu_recorder *rec);
/* Calls made after the log was full (HU_RECORDER_MAX_CALLS), not logged. */
size_t hu_recorder_dropped(const struct hu_recorder *rec);
const struct hu_record *hu_recorder_get(const struct hu_recorder *rec, size_t i);
void hu_recorder_clear(struct hu_recorder *rec);
/* "send_vcpu_ipi(1, 0x20) = 0" */
int hu_record_format(const struct hu_record *r, char *buf, size_t len);

/* ---- VMs and registration. */
struct hu_vm;

/* How a VM runs its hyperupcalls; both engines give the same results (docs/jit.md). */
enum hu_engine {
    HU_ENGINE_INTERP = 0, /* the interpreter */
    HU_ENGINE_JIT = 1,    /* x86-64 code compiled at registration, after verification */
};

struct hu_vm_opts {
    uint64_t guest_mem_size;          /* guest RAM in bytes: bounds global windows (2%) */
    uint32_t n_vcpus;                 /* vCPU ids are < n_vcpus */
    const struct hu_backend *backend; /* NULL: every vCPU helper returns -ENOSYS */
    void *backend_priv;
    uint32_t engine; /* enum hu_engine; 0: the interpreter */
    /* HU_ENGINE_JIT: 1 puts the guest's constants in the code as immediates instead of in the
     * constant pool (docs/jit.md, "Guest constants"). Only for measuring what the pool costs: a
     * hostile guest's immediates then land in executable memory as it chose them. */
    uint32_t jit_unblinded;
};

int hu_vm_create(const struct hu_vm_opts *opts, struct hu_vm **out, char *err, size_t errlen);
void hu_vm_destroy(struct hu_vm *vm);

struct hu_reg_opts {
    const char *name;               /* register only this hyperupcall; NULL: all of the object */
    const struct hu_window *window; /* must outlive the VM */
    uint64_t env[HU_CTX_NENV];      /* env[0] is the KASLR slide */
    const struct hu_symtab *symtab; /* may be NULL when the object names no guest symbol */
    uint32_t max_insns_local;       /* 0: HU_MAX_INSNS_LOCAL_DEFAULT; global events: 4096 */
};

/*
 * Resolves the guest symbols of the object's hyperupcalls (unresolved ones are an error naming
 * them all), checks the window against the event's limits, verifies each program and adds it to the
 * VM's table. All or nothing: when one hyperupcall fails, none of the object's is registered.
 * Returns the number registered or -errno (-EACCES: rejected by the verifier, err says why).
 * Not concurrent with hu_fire or hu_fire_slot on the same VM.
 */
int hu_register(struct hu_vm *vm, const struct hu_object *obj, const struct hu_reg_opts *opts,
                char *err, size_t errlen);
/* Removes every registration of the hyperupcall `name`: returns how many, -ENOENT when there is
 * none, -EINVAL for NULL arguments. Not concurrent with hu_fire or hu_fire_slot on the same VM.
 * Slots from hu_event_slot stay valid. */
int hu_unregister(struct hu_vm *vm, const char *name);

struct hu_event_args {
    uint32_t vcpu;               /* the vCPU the event concerns */
    uint64_t rip;                /* its instruction pointer */
    uint64_t args[HU_CTX_NARGS]; /* event arguments (hupcall/ctx.h names them) */
};

/*
 * Runs every hyperupcall registered for `event`, in registration order. *r0 is the first
 * non-zero r0 among them (the first that acted on the event decides), or 0. Returns the number
 * of hyperupcalls run; -EINVAL for bad arguments (NULL vm, ev or r0, ev->vcpu >= n_vcpus);
 * -EFAULT, *r0 0, when a program faulted, which stops the run (an engine's run-time check: never
 * for verified programs). Allocation-free; safe to call concurrently for different vCPUs of one
 * VM (fires for one vCPU must not overlap: they write that vCPU's context). hu_fire writes the
 * event into the vCPU's slot and calls hu_fire_slot.
 */
int hu_fire(struct hu_vm *vm, uint32_t event, const struct hu_event_args *ev, uint64_t *r0);

/*
 * Firing in place, the hypervisor's fast path: resolve once, per event and vCPU, the slot that
 * holds that vCPU's event rip and arguments inside the hyperupcall's own context; then, per event,
 * write them there and call hu_fire_slot, which only runs the program (no argument checks, no
 * lookup, no copy). With several hyperupcalls for the event, the slot takes each one's fixed
 * fields in turn (docs/engine.md, "The fire path").
 */
struct hu_fire_args {
    uint64_t rip;                /* the vCPU's instruction pointer */
    uint64_t args[HU_CTX_NARGS]; /* event arguments (hupcall/ctx.h names them) */
};

/*
 * *slot: where the rip and arguments of `event` for `vcpu` are written, valid until
 * hu_vm_destroy (hu_register and hu_unregister keep it: the slot follows the event's
 * registrations). Everything hu_fire_slot relies on is checked here: -EINVAL for a NULL vm or
 * slot, an unknown event or vcpu >= n_vcpus (err says which); -ENOMEM. Not concurrent with
 * hu_fire or hu_fire_slot on the same VM (the first call for an event allocates).
 */
int hu_event_slot(struct hu_vm *vm, uint32_t event, uint32_t vcpu, struct hu_fire_args **slot,
                  char *err, size_t errlen);

/*
 * Runs every hyperupcall registered for the slot's event with the rip and arguments written in
 * *slot, as hu_fire does: returns the number run (*r0 as hu_fire's) or -EFAULT (*r0 0). Checks
 * nothing: `slot` must come from hu_event_slot of a live VM and r0 must be valid.
 * Allocation-free; concurrent for different vCPUs' slots, never for one slot (hu_fire for that
 * vCPU and event included: write its arguments and fire it from one thread at a time), never
 * during hu_register, hu_unregister or hu_vm_destroy.
 */
int hu_fire_slot(struct hu_fire_args *slot, uint64_t *r0);

/* ---- Hyperupcall tables of guest kernel images: what `hucc --embed` and
 * linker-scripts/hupcalls.lds put in a guest image (hupcall/table.h, docs/guest-integration.md). */
struct hu_table {
    const unsigned char *bytes; /* the table, inside the caller's buffer */
    size_t size;
    uint64_t vaddr; /* guest address of its first byte; 0 for raw section bytes */
    uint32_t n_entries;
};

/*
 * Finds the table in `buf`: an ELF image (the bytes between __start_hupcalls and __stop_hupcalls,
 * else its "hupcalls" section), or else `buf` is the raw section bytes. Checks every entry (magic,
 * ABI version, bounds, overlap, truncation) and that names are unique. `buf` must outlive `t`.
 */
int hu_table_open(const void *buf, size_t len, struct hu_table *t, char *err, size_t errlen);
/* The entries in order: the first for prev NULL, NULL after the last. */
const struct hu_table_entry *hu_table_next(const struct hu_table *t,
                                           const struct hu_table_entry *prev);
const struct hu_table_entry *hu_table_find(const struct hu_table *t, const char *name);
/* Opens an entry's embedded object; *index is the entry's hyperupcall in it. */
int hu_table_open_object(const struct hu_table_entry *e, struct hu_object **obj, size_t *index,
                         char *err, size_t errlen);
/* Adds the guest symbols the entries reference, at the guest link's address plus `slide`, to `st`
 * unless already there; returns the number added, -EINVAL when `st` has one at another address. */
int hu_table_add_symbols(struct hu_symtab *st, const struct hu_table *t, uint64_t slide, char *err,
                         size_t errlen);
/* hu_register() for every entry, or only for opts->name (-ENOENT when absent), all or nothing:
 * when one entry fails none is registered and err names the entry. Returns the number registered
 * or -errno. */
int hu_table_register(struct hu_vm *vm, const struct hu_table *t, const struct hu_reg_opts *opts,
                      char *err, size_t errlen);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* HUPCALL_HUHOST_H */
