# A stack buffer written, read back in parts and through a pointer.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall reclaim
	*(u64 *)(r10 - 16) = 0
	*(u32 *)(r10 - 8) = 1
	*(u32 *)(r10 - 4) = 2
	r2 = r10
	r2 += -16
	r0 = *(u16 *)(r2 + 10)
	r3 = *(u64 *)(r10 - 16)
	r0 += r3
	exit
