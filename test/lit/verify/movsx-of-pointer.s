# Sign-extending part of a stack pointer.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}pointer-arithmetic:{{.*}}r0 = r10 (fp)

	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
	r0 = (s32)r10
	exit
