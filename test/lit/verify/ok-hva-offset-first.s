# hva + constant first, then the masked offset.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	r2 += 24
	r4 &= r3
	r2 += r4
	r0 = *(u32 *)(r2 + 4)
	exit
