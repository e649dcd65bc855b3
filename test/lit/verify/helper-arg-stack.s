# A stack pointer passed to cmpxchg.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 4{{.*}}helper-arg-pointer:{{.*}}argument r1 of cmpxchg is fp-8

	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
	r1 = r10
	r1 += -8
	r2 = 0
	r3 = 1
	call 6
	exit
