/* SPDX-License-Identifier: MIT */
/* Shared pieces of the hu-load subcommands. */
#ifndef HU_LOAD_CLI_H
#define HU_LOAD_CLI_H

#include <stdint.h>

#include <hupcall/huhost.h>

/* Exit codes: accepted / rejected (reason printed) / usage or I/O error. */
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

/* run --from-image IMAGE --name NAME (cmd_table.c): the entry's object, its event (checked
 * against *event when set) and the table's guest symbols (plus slide) added to syms. Returns 0 or
 * the exit code, with the message printed. */
int cli_open_from_image(const char *image, const char *name, uint64_t slide, struct hu_symtab *syms,
                        struct hu_object **obj, uint32_t *event);

#endif /* HU_LOAD_CLI_H */
