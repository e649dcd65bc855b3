# Every readable context field.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall reclaim
	r0 = *(u32 *)(r1 + 0)
	r0 = *(u32 *)(r1 + 4)
	r0 = *(u64 *)(r1 + 16)
	r0 = *(u64 *)(r1 + 32)
	r0 = *(u64 *)(r1 + 80)
	r0 = *(u64 *)(r1 + 144)
	r0 = *(u8 *)(r1 + 40)
	r0 = *(u16 *)(r1 + 90)
	exit
