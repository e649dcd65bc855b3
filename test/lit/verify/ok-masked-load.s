# The translated form: hva + (gva & mask) + folded offset.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	mask_guest
	r0 = *(u64 *)(r4 + 16)
	exit
