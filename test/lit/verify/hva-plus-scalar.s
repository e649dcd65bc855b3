# hva plus an unmasked guest value.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 3{{.*}}guest-access-unmasked:{{.*}}r2 (hva) += r4 (scalar)

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	r2 += r4
	r0 = *(u64 *)(r2 + 0)
	exit
