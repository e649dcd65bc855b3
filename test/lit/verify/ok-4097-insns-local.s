# A local event has the larger limit.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: %hu-load verify %t.o

	.section "hupcall/exit","ax"
	.globl f
	.type f,@function
f:
.rept 4096
	r0 = 0
.endr
	exit
