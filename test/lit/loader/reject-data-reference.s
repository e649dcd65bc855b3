# An ld_imm64 of a symbol in a data section (a static variable).
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0 references counter in section .data: hyperupcalls have no data or map sections

	.data
	.globl counter
counter:
	.quad 0
	.section "hupcall/reclaim","ax"
	.globl f
f:
	r1 = counter ll
	r0 = *(u64 *)(r1 + 0)
	exit
