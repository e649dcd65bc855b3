# hva and mask passed to a callee as hidden arguments; r6-r9 survive the call.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	r6 = r2
	r7 = r3
	r1 = r4
	r2 = r7
	r3 = r6
	call g
	r4 = r0
	r4 &= r7
	r4 += r6
	r0 += 0
	exit
g:
	r1 &= r2
	r1 += r3
	r0 = *(u64 *)(r1 + 0)
	exit
