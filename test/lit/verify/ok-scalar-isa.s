# The scalar ISA: alu32, jmp32, movsx, sign-extending loads, byte swaps, div by zero.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall reclaim
	r2 = *(u64 *)(r1 + 40)
	w3 = w2
	w3 *= 7
	r3 = (s16)r3
	r3 = bswap32 r3
	r3 = be16 r3
	r4 = 0
	r3 /= r4
	r3 s%= 3
	if w3 s> 5 goto +1
	r3 = *(s8 *)(r1 + 40)
	r0 = r3
	exit
