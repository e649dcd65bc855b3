# ld_imm64 with a map pseudo-source.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: {{insn 0.*(bad-opcode.*pseudo source|map or BTF reference)}}

	.include "hu_macros.s"
	hupcall reclaim
	.byte 0x18, 0x11, 0, 0, 0, 0, 0, 0
	.byte 0, 0, 0, 0, 0, 0, 0, 0
	r0 = 0
	exit
