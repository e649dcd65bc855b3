/* SPDX-License-Identifier: MIT */
/*
 * The hyperupcall table of a guest image: the format shared by `hucc --embed` (which writes
 * entries), the guest's registration code (which walks them at boot) and the host loader (which
 * reads them from an image). docs/guest-integration.md explains it.
 *
 * The linker script linker-scripts/hupcalls.lds gathers every input section HU_TABLE_SECTION into
 * one output section bracketed by __start_hupcalls and __stop_hupcalls. Each embedded object adds
 * one self-contained, variable-length entry:
 *
 *   [struct hu_table_entry][struct hu_table_sym x n_syms][symbol names][pad][BPF ELF object][pad]
 *
 * A symbol reference is either a guest symbol the object's code references (its ld_imm64
 * relocations, resolved by the host at registration) or a captured variable (env_slot != 0): a
 * guest variable the object does not reference, whose value the guest's registration code reads
 * and passes in env[env_slot], because the compiler turned every read of it into a read of
 * ctx->env[env_slot] (HU_CAPTURE in hupcall/capture.h, docs/guest-integration.md).
 *
 * Every offset is relative to the entry's first byte, so the table reads the same from the running
 * guest, from an ELF image on the host and from the raw section bytes. Entries are HU_TABLE_ALIGN
 * aligned and their sizes are multiples of it, so the linker leaves no gap between them.
 *
 * Freestanding: this header compiles for the guest (-ffreestanding, no libc), for the host and as
 * C++. The check below is the only validation, shared by guest and host.
 */
#ifndef HUPCALL_TABLE_H
#define HUPCALL_TABLE_H

#include <hupcall/abi.h>

#define HU_TABLE_SECTION "hupcalls" /* a C identifier, so linkers also define __start_/__stop_ */
#define HU_TABLE_MAGIC 0x43505548u  /* "HUPC" in memory on a little-endian guest */
#define HU_TABLE_ALIGN 8
#define HU_TABLE_NAME_MAX 64 /* the entry function's name, NUL-terminated */

struct hu_table_entry {
    hu_u32 magic;                 /* HU_TABLE_MAGIC */
    hu_u16 abi_version;           /* HU_ABI_VERSION of the compiler that embedded it */
    hu_u16 header_size;           /* sizeof(struct hu_table_entry) */
    hu_u32 event;                 /* HU_EVENT_*, from the object's hupcall/<event> section */
    hu_u32 n_syms;                /* guest symbols the object references */
    hu_u64 entry_size;            /* the whole entry; the next one starts this far on */
    hu_u64 syms_offset;           /* struct hu_table_sym[n_syms] */
    hu_u64 object_offset;         /* the BPF ELF object */
    hu_u64 object_size;           /* its size in bytes */
    char name[HU_TABLE_NAME_MAX]; /* the hyperupcall's entry function */
};

/* A guest symbol, with the address the guest's own link gave it (a link time address, like
 * System.map's: add the KASLR slide for the running kernel). */
struct hu_table_sym {
    hu_u64 addr;        /* filled by the guest link's (or module loader's) relocation */
    hu_u32 name_offset; /* NUL-terminated name between the symbol array and the object */
    hu_u16 env_slot;    /* 0: referenced by the object; 1..HU_CTX_NENV-1: captured into env[] */
    hu_u16 env_size;    /* captured: bytes read at addr (1, 2, 4 or 8, zero-extended); else 0 */
};

#define HU_TABLE_ENTRY_SIZE 112
#define HU_TABLE_SYM_SIZE 16
HU_STATIC_ASSERT(sizeof(struct hu_table_entry) == HU_TABLE_ENTRY_SIZE, "entry header is 112 bytes");
HU_STATIC_ASSERT(sizeof(struct hu_table_sym) == HU_TABLE_SYM_SIZE, "symbol reference is 16 bytes");
HU_STATIC_ASSERT(__builtin_offsetof(struct hu_table_entry, entry_size) == 16, "entry_size");
HU_STATIC_ASSERT(__builtin_offsetof(struct hu_table_entry, object_size) == 40, "object_size");
HU_STATIC_ASSERT(__builtin_offsetof(struct hu_table_entry, name) == 48, "name");
HU_STATIC_ASSERT(HU_TABLE_ENTRY_SIZE % HU_TABLE_ALIGN == 0, "entries stay aligned");

/* Why symbol reference i of e (inside the entry) is a malformed capture, or 0: a slot outside
 * 1..HU_CTX_NENV-1 (env[0] is the KASLR slide), a size other than 1, 2, 4, 8, a size without a
 * slot, or a slot an earlier reference already fills. */
static inline const char *hu_table_capture_invalid(const struct hu_table_entry *e, hu_u64 i)
{
    const struct hu_table_sym *syms =
        (const struct hu_table_sym *)((const char *)e + e->syms_offset);
    hu_u16 slot = syms[i].env_slot, size = syms[i].env_size;
    hu_u64 k;

    if (slot == 0)
        return size ? "symbol reference with an env size but no env slot" : 0;
    if (slot >= HU_CTX_NENV || slot == HU_ENV_KASLR_SLIDE)
        return "captured variable's env slot out of range";
    if (size != 1 && size != 2 && size != 4 && size != 8)
        return "captured variable's size is not 1, 2, 4 or 8 bytes";
    for (k = 0; k < i; k++)
        if (syms[k].env_slot == slot)
            return "two captured variables fill the same env slot";
    return 0;
}

/*
 * Why the entry at `p`, with `avail` bytes from `p` to the table's end, is malformed, or 0 when
 * it is well formed. `p` must be HU_TABLE_ALIGN aligned. Every length is checked against `avail`
 * before it is used, so a hostile table cannot make the reader leave it.
 */
static inline const char *hu_table_entry_invalid(const void *p, hu_u64 avail)
{
    const struct hu_table_entry *e = (const struct hu_table_entry *)p;
    const char *base = (const char *)p;
    const char *why;
    hu_u64 syms_end, i, n;

    if (avail < HU_TABLE_ENTRY_SIZE)
        return "truncated entry: the descriptor runs past the end of the table";
    if (e->magic != HU_TABLE_MAGIC)
        return "bad magic: not a hyperupcall table entry";
    if (e->abi_version != HU_ABI_VERSION)
        return "unsupported ABI version";
    if (e->header_size != HU_TABLE_ENTRY_SIZE)
        return "bad descriptor size";
    if (e->entry_size < HU_TABLE_ENTRY_SIZE || e->entry_size % HU_TABLE_ALIGN)
        return "bad entry size";
    if (e->entry_size > avail)
        return "truncated entry: its size runs past the end of the table";
    if (e->syms_offset < HU_TABLE_ENTRY_SIZE || e->syms_offset % HU_TABLE_ALIGN ||
        e->syms_offset > e->entry_size ||
        e->n_syms > (e->entry_size - e->syms_offset) / HU_TABLE_SYM_SIZE)
        return "symbol references outside the entry";
    syms_end = e->syms_offset + (hu_u64)e->n_syms * HU_TABLE_SYM_SIZE;
    if (e->object_offset < syms_end || e->object_offset % HU_TABLE_ALIGN ||
        e->object_offset > e->entry_size || e->object_size == 0 ||
        e->object_size > e->entry_size - e->object_offset)
        return "object overlaps the descriptor, the symbols or the next entry";
    for (n = 0; n < HU_TABLE_NAME_MAX && e->name[n]; n++)
        ;
    if (n == 0 || n == HU_TABLE_NAME_MAX)
        return "name empty or not NUL-terminated";
    for (i = 0; i < e->n_syms; i++) {
        const struct hu_table_sym *s = (const struct hu_table_sym *)(base + e->syms_offset) + i;
        hu_u64 at = s->name_offset;
        if (at < syms_end || at >= e->object_offset)
            return "symbol name outside the entry's string area";
        while (at < e->object_offset && base[at])
            at++;
        if (at == e->object_offset || at == s->name_offset)
            return "symbol name empty or not NUL-terminated";
        why = hu_table_capture_invalid(e, i);
        if (why)
            return why;
    }
    return 0;
}

/* The symbols and object of a well-formed entry (checked by hu_table_entry_invalid). */
static inline const struct hu_table_sym *hu_table_syms(const struct hu_table_entry *e)
{
    return (const struct hu_table_sym *)((const char *)e + e->syms_offset);
}

static inline const char *hu_table_sym_name(const struct hu_table_entry *e, hu_u32 i)
{
    return (const char *)e + hu_table_syms(e)[i].name_offset;
}

static inline const void *hu_table_object(const struct hu_table_entry *e)
{
    return (const char *)e + e->object_offset;
}

#endif /* HUPCALL_TABLE_H */
