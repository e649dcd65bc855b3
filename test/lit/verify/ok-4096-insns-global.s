# Exactly 4096 instructions on a global event.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: %hu-load verify %t.o

	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
.rept 4095
	r0 = 0
.endr
	exit
