# A guest symbol (unresolved here) is a scalar address, masked before use.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall reclaim
	r2 = *(u64 *)(r1 + 8)
	r3 = *(u64 *)(r1 + 24)
	r4 = jiffies ll
	r4 &= r3
	r4 += r2
	r0 = *(u64 *)(r4 + 0)
	exit
