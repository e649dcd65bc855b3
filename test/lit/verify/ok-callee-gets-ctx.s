# A callee passed the context may read it.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: %hu-load verify %t.o

	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
	call g
	exit
g:
	r0 = *(u32 *)(r1 + 4)
	exit
