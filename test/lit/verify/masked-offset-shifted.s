# A masked offset shifted left is no longer below the mask.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 5{{.*}}guest-access-unmasked:{{.*}}r4 (scalar) += r2 (hva)

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	r4 &= r3
	r4 <<= 3
	r4 += r2
	r0 = *(u64 *)(r4 + 0)
	exit
