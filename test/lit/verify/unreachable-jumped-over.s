# An instruction that every path jumps over.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 2{{.*}}unreachable:

	.include "hu_macros.s"
	hupcall reclaim
	r0 = 0
	goto out
	r0 = 1
out:
	exit
