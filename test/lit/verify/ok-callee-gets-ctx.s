# A callee passed the context may read it.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall reclaim
	call g
	exit
g:
	r0 = *(u32 *)(r1 + 4)
	exit
