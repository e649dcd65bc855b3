# The context is read-only.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}ctx-store:{{.*}}the context is read-only

	.include "hu_macros.s"
	hupcall reclaim
	*(u64 *)(r1 + 40) = r1
	r0 = 0
	exit
