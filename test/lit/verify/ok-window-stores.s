# Scalars, the mask and immediates stored into the window.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	mask_guest
	*(u64 *)(r4 + 0) = r3
	*(u32 *)(r4 + 8) = 7
	r5 = r4
	r5 += 16
	*(u8 *)(r5 + 0) = r3
	r0 = 0
	exit
