# Frames are private: no stack pointer to a callee.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 2{{.*}}stack-pointer-escape:{{.*}}r1 is fp-8

	.include "hu_macros.s"
	hupcall reclaim
	r1 = r10
	r1 += -8
	call g
	exit
g:
	r0 = 0
	exit
