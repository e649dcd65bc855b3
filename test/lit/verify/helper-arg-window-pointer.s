# A translated pointer passed to memcpy: helpers take guest addresses.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 8{{.*}}helper-arg-pointer:{{.*}}argument r1 of memcpy is hva+(x&mask)

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	mask_guest
	r1 = r4
	r2 = 0
	r3 = 8
	call 4
	exit
