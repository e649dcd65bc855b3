# A guest symbol (unresolved here) is a scalar address, masked before use.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall reclaim
	load_window
	r4 = jiffies ll
	mask_guest
	r0 = *(u64 *)(r4 + 0)
	exit
