/* SPDX-License-Identifier: MIT */
/* struct hu_symtab beyond the API: bulk filling for the file reader. Internal. */
#ifndef HU_SYMTAB_H
#define HU_SYMTAB_H

#include <stdint.h>

#include <hupcall/huhost.h>

#define HU_SYMTAB_MAX_NAME 512 /* kallsyms names are at most KSYM_NAME_LEN (512) */

/* Adds without sorting (0 or -ENOMEM); hu_symtab_normalize() must follow before lookups. */
int hu_symtab_append(struct hu_symtab *st, const char *name, uint64_t addr);
/* Sorts and drops exact duplicates (kallsyms lists some symbols twice). */
void hu_symtab_normalize(struct hu_symtab *st);

#endif /* HU_SYMTAB_H */
