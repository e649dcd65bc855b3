# A function calling itself.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 1{{.*}}recursion:{{.*}}closes a cycle

	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
	r0 = 0
	call f
	exit
