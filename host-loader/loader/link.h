/* SPDX-License-Identifier: MIT */
/* Builds one self-contained hu_prog from an entry function of a checked ELF model. Internal. */
#ifndef HU_LINK_H
#define HU_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "elf_read.h"
#include "prog.h"

/*
 * The entry function at instruction `start` of section `sec` first, then every function it calls
 * (transitively), each copied once with its call immediates fixed to the new layout. ld_imm64s of
 * undefined symbols become p->syms; line info follows the copied code. 0, or -EINVAL/-ENOMEM.
 */
int hu_link_prog(const struct hu_elf *m, uint32_t sec, uint32_t start, const char *name,
                 struct hu_prog *p, char *err, size_t errlen);

#endif /* HU_LINK_H */
