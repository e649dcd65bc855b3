# A stack pointer returned.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 1{{.*}}host-pointer-return:{{.*}}r0 is fp

	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
	r0 = r10
	exit
