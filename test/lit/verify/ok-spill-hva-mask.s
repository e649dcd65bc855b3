# hva and mask spilled and refilled, then used to translate.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	*(u64 *)(r10 - 8) = r2
	*(u64 *)(r10 - 16) = r3
	r2 = 0
	r3 = 0
	r5 = *(u64 *)(r10 - 8)
	r6 = *(u64 *)(r10 - 16)
	r4 &= r6
	r4 += r5
	r0 = *(u8 *)(r4 + 0)
	exit
