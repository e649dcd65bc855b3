# A call from one hyperupcall section into another.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0 calls into section hupcall/aging (only .text and the same section can be called)

	.section "hupcall/aging","ax"
	.globl g
g:
	r0 = 0
	exit
	.section "hupcall/reclaim","ax"
	.globl f
f:
	call g
	exit
