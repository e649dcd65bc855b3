# A callee returning hva.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 4{{.*}}host-pointer-return:{{.*}}r0 is hva

	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
	call g
	r0 = 0
	exit
g:
	r0 = *(u64 *)(r1 + 8)
	exit
