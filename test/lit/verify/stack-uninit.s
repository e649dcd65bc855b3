# Uninitialised stack may hold host data.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}stack-uninit-read:{{.*}}fp-8 is read before it is written

	.include "hu_macros.s"
	hupcall reclaim
	r0 = *(u64 *)(r10 - 8)
	exit
