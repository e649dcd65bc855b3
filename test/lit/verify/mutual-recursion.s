# f -> g -> f.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 3{{.*}}recursion:{{.*}}closes a cycle

	.include "hu_macros.s"
	hupcall reclaim
	call g
	r0 = 0
	exit
g:
	call f
	exit
