# hva passed to memset as the destination.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 3{{.*}}helper-arg-pointer:{{.*}}argument r1 of memset is hva

	.include "hu_macros.s"
	hupcall reclaim
	r1 = *(u64 *)(r1 + 8)
	r2 = 0
	r3 = 64
	call 5
	exit
