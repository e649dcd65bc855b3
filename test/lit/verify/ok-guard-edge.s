# A folded offset ending exactly at the guard's end.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	r4 &= r3
	r4 += 32768
	r4 += r2
	r0 = *(u64 *)(r4 + 32760)
	exit
