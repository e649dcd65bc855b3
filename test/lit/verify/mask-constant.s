# The mask must come from ctx+24, never from a constant.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 4{{.*}}guest-access-unmasked:{{.*}}r4 (scalar) += r2 (hva)

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	r4 &= 4095
	r4 += r2
	r0 = *(u64 *)(r4 + 0)
	exit
