# A stack pointer passed to cmpxchg.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 4{{.*}}helper-arg-pointer:{{.*}}argument r1 of cmpxchg is fp-8

	.include "hu_macros.s"
	hupcall reclaim
	r1 = r10
	r1 += -8
	r2 = 0
	r3 = 1
	call 6
	exit
