# An ld_imm64 with src=1 (a map file descriptor).
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0 is a map or BTF reference (ld_imm64 src=1), not supported

	.section "hupcall/reclaim","ax"
	.globl f
f:
	.byte 0x18, 0x11, 0, 0, 1, 0, 0, 0
	.byte 0, 0, 0, 0, 0, 0, 0, 0
	r0 = 0
	exit
