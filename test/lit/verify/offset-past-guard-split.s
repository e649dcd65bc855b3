# Folded constant plus instruction offset past the guard.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 6{{.*}}guest-access-offset:{{.*}}8-byte access at r4+32761

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	r4 &= r3
	r4 += 32768
	r4 += r2
	r0 = *(u64 *)(r4 + 32761)
	exit
