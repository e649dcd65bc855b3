/* SPDX-License-Identifier: MIT */
/* Line info from .BTF + .BTF.ext (what clang -g emits for BPF). Internal. */
#ifndef HU_BTF_LINES_H
#define HU_BTF_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "elf_read.h"

/* Attaches each code section's line_info records (file, line, column) to m->secs[]. File names
 * point into `btf`. 0, or -EINVAL with err when either section is malformed. */
int hu_btf_read_lines(struct hu_elf *m, const uint8_t *btf, size_t btf_len, const uint8_t *ext,
                      size_t ext_len, char *err, size_t errlen);

#endif /* HU_BTF_LINES_H */
