# A variable added after masking escapes the window.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 6{{.*}}guest-access-unmasked:{{.*}}r4 (scalar) += r2 (hva)

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	r4 &= r3
	r5 = *(u64 *)(r1 + 48)
	r4 += r5
	r4 += r2
	exit
