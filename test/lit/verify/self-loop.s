# Jump to itself.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 1{{.*}}back-edge:{{.*}}jump to 1 goes backwards

	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
	r0 = 0
	goto -1
	exit
