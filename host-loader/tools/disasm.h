/* SPDX-License-Identifier: MIT */
/* One BPF instruction as text, in LLVM's BPF assembly syntax (what llvm-objdump prints). */
#ifndef HU_DISASM_H
#define HU_DISASM_H

#include <stddef.h>
#include <stdint.h>

/* Formats instruction `pc` of `code` (n 8-byte slots in the BPF wire encoding, 8-byte aligned,
 * as hu_object_code gives them) into buf; returns the slots it takes (2 for ld_imm64, else 1).
 * Unknown encodings print as ".insn 0x..". */
uint32_t hu_disasm_insn(const void *code, uint32_t n, uint32_t pc, char *buf, size_t len);

#endif /* HU_DISASM_H */
