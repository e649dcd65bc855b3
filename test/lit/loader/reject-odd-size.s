# A code section whose size is not a whole number of instructions.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: section hupcall/reclaim: size 19 is not a multiple of 8

	.section "hupcall/reclaim","ax"
	.globl f
f:
	r0 = 0
	exit
	.byte 1, 2, 3
