# A callee returning hva.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 4{{.*}}host-pointer-return:{{.*}}r0 is hva

	.include "hu_macros.s"
	hupcall reclaim
	call g
	r0 = 0
	exit
g:
	r0 = *(u64 *)(r1 + 8)
	exit
