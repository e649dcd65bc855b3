# Two folded offsets joined at a merge point.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	r4 &= r3
	r5 = *(u64 *)(r1 + 48)
	if r5 == 0 goto +2
	r4 += 8
	goto +1
	r4 += 64
	r4 += r2
	r0 = *(u64 *)(r4 + 0)
	exit
