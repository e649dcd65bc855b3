# The context is read-only, immediates too.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}ctx-store:{{.*}}the context is read-only

	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
	*(u32 *)(r1 + 0) = 3
	r0 = 0
	exit
