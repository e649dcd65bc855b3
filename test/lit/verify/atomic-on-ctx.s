# Atomics on the context.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 1{{.*}}atomic-target:{{.*}}read-only context

	.include "hu_macros.s"
	hupcall reclaim
	r2 = 1
	lock *(u64 *)(r1 + 40) += r2
	r0 = 0
	exit
