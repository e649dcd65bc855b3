/* SPDX-License-Identifier: MIT */
/* Shared pieces of the hu-load subcommands. */
#ifndef HU_LOAD_CLI_H
#define HU_LOAD_CLI_H

#include <stddef.h>
#include <stdint.h>

#include <hupcall/huhost.h>

/* Exit codes: accepted / rejected (reason printed) / usage error, unreadable or malformed input. */
#define EXIT_ACCEPTED 0
#define EXIT_REJECTED 1
#define EXIT_USAGE 2

int cmd_verify(int argc, char **argv);
int cmd_disasm(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_mkimage(int argc, char **argv);
int cmd_image(int argc, char **argv);

/* A number in C syntax (0x.., decimal, negative); 0 on success. */
int cli_number(const char *s, uint64_t *v);
/* Prints "hu-load: <msg>" and returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Opens OBJ: a missing or unreadable file is a usage/I/O error (2), a malformed object a
 * rejection (1). Returns 0 or the exit code, with the message printed. */
int cli_open_object(const char *path, struct hu_object **obj);

/* Prints s to stdout as a JSON string (quoted, escaped): --json output. */
void cli_json_string(const char *s);

/* Line `line` (from 1) of the source file `file`, without its newline, into buf: 0, or -1 when
 * the file cannot be read here (an object built elsewhere) or is shorter. */
int cli_source_line(const char *file, uint32_t line, char *buf, size_t len);

/* Calls fn for each hyperupcall object `path` holds: a BPF object itself (index -1: all its
 * hyperupcalls), or, in an ELF file for another machine that carries a hyperupcall table (a .hu.o,
 * a guest image, a .ko), each entry's object with the index of the entry's hyperupcall. `shown`
 * names the entry for messages. Returns the worst exit code of fn, or the exit code of a file
 * that cannot be read or is malformed, with the message printed. */
int cli_for_each_object(const char *path,
                        int (*fn)(struct hu_object *obj, long index, const char *shown, void *arg),
                        void *arg);

/* run --from-image IMAGE --name NAME (cmd_table.c). */
struct from_image {
    const char *path, *name;
    uint64_t slide;             /* added to the table's guest addresses */
    const struct hu_image *mem; /* the guest memory captured variables are read from */
    uint32_t env_given;         /* env[] slots set on the command line: captures leave them */
};
/* The entry's object, its event (checked against *event when set), the table's guest symbols
 * (plus the slide) added to syms, and each captured variable read from the guest memory into
 * env[its slot], as the guest's registration does. Returns 0 or the exit code, with the message
 * printed. */
int cli_open_from_image(const struct from_image *fi, struct hu_symtab *syms, struct hu_object **obj,
                        uint32_t *event, uint64_t env[HU_CTX_NENV]);

#endif /* HU_LOAD_CLI_H */
