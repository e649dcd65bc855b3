# get_exit_info on an exit hyperupcall.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: %hu-load verify %t.o

	.section "hupcall/exit","ax"
	.globl f
	.type f,@function
f:
	r1 = 2
	call 8
	exit
