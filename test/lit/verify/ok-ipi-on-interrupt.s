# send_vcpu_ipi and flush_tlb_vcpu on an interrupt hyperupcall.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall interrupt
	r6 = *(u64 *)(r1 + 40)
	r1 = r6
	r2 = 251
	call 1
	r1 = r6
	call 7
	r0 = 1
	exit
