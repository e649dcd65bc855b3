# A call whose target lies outside its section.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0 calls outside section hupcall/reclaim

	.section "hupcall/reclaim","ax"
	.globl f
f:
	.byte 0x85, 0x10, 0, 0, 100, 0, 0, 0
	exit
