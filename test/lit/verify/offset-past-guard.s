# A folded offset that ends past the guard.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 6{{.*}}guest-access-offset:{{.*}}r4 = hva+(x&mask)+65529

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	r4 &= r3
	r4 += 65529
	r4 += r2
	r0 = *(u64 *)(r4 + 0)
	exit
