# A callee's r1 is what the caller passed (a scalar), not the context.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 3{{.*}}guest-access-unmasked:{{.*}}r1 is scalar(0)

	.include "hu_macros.s"
	hupcall reclaim
	r1 = 0
	call g
	exit
g:
	r0 = *(u64 *)(r1 + 8)
	exit
