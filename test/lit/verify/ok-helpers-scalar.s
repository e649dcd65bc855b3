# memcpy and memset with guest addresses and values.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall reclaim
	r6 = *(u64 *)(r1 + 40)
	r1 = r6
	r2 = r6
	r2 += 64
	r3 = 32
	call 4
	r1 = r6
	r2 = 0
	r3 = 16
	call 5
	r0 = 0
	exit
