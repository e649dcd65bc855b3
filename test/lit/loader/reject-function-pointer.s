# Taking the address of a function.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0 takes the address of function g: function pointers are not supported

	.text
	.globl g
g:
	r0 = 1
	exit
	.section "hupcall/reclaim","ax"
	.globl f
f:
	r1 = g ll
	r0 = 0
	exit
