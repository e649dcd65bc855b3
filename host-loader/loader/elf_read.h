/* SPDX-License-Identifier: MIT */
/* Reads and checks a BPF ELF relocatable into a model the linker walks. Internal. Every size,
 * offset and index of the file is checked before use. */
#ifndef HU_ELF_READ_H
#define HU_ELF_READ_H

#include <stddef.h>
#include <stdint.h>

#include "prog.h"

enum hu_sec_kind {
    HU_SEC_OTHER,   /* ignored: debug info, string tables, unreferenced data */
    HU_SEC_TEXT,    /* .text: functions the hyperupcalls call */
    HU_SEC_HUPCALL, /* hupcall/<event>: the hyperupcalls */
};

struct hu_elf_sym {
    const char *name;
    uint64_t value;
    uint16_t shndx;
    uint8_t bind, type;
};

/* A call resolved to its target: instruction `insn` calls function start `target` of `sec`. */
struct hu_elf_call {
    uint32_t insn, sec, target;
};

/* One BTF.ext line_info record, in instruction units of its section. */
struct hu_elf_line {
    uint32_t insn, line, col;
    const char *file;
};

struct hu_elf_sec {
    const char *name;
    enum hu_sec_kind kind;
    uint32_t event;        /* HU_SEC_HUPCALL */
    struct hu_insn *insns; /* owned copy */
    uint32_t n_insns;
    int32_t *ldimm_sym;        /* per instruction: symbol of its R_BPF_64_64 relocation, or -1 */
    uint8_t *hi;               /* per instruction: 1 on an ld_imm64's second slot */
    struct hu_elf_call *calls; /* sorted by insn */
    uint32_t n_calls;
    uint32_t *starts; /* function starts, ascending */
    uint32_t n_starts;
    struct hu_elf_line *lines; /* sorted by insn */
    uint32_t n_lines, cap_lines;
};

/* Code in one object, all sections together: 16 times the default local limit, and a bound on
 * the work (linking, verification) a hostile object can ask for. */
#define HU_ELF_MAX_CODE_INSNS (1u << 20)
/* .BTF's string table (every program with line info carries a copy of it). */
#define HU_BTF_MAX_STRINGS (1u << 20)

struct hu_elf {
    void *elf; /* Elf *, open while the model is used: names point into it */
    const uint8_t *buf;
    size_t len;
    struct hu_elf_sec *secs; /* indexed like the file's sections */
    size_t n_secs;
    struct hu_elf_sym *syms;
    size_t n_syms;
    uint64_t code_insns;  /* instructions in all code sections */
    const char *btf_strs; /* .BTF's string table, NUL-terminated: line records' file names */
    uint32_t btf_strs_len;
};

/* Parses buf (which must stay valid while the model is used). 0, or -EINVAL/-ENOMEM with err. */
int hu_elf_read(struct hu_elf *m, const void *buf, size_t len, char *err, size_t errlen);
void hu_elf_release(struct hu_elf *m);

/* The end of the function starting at `start` of section `s`. */
uint32_t hu_elf_func_end(const struct hu_elf_sec *s, uint32_t start);

#endif /* HU_ELF_READ_H */
