# A translated pointer spilled and refilled (what compiled code does under pressure).
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	mask_guest
	*(u64 *)(r10 - 24) = r4
	r4 = 0
	r7 = *(u64 *)(r10 - 24)
	r0 = *(u64 *)(r7 + 8)
	exit
