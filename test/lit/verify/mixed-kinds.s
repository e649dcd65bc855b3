# hva on one path, a scalar on the other.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 6{{.*}}mixed-kinds:{{.*}}r2 is mixed(scalar|hva)

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	if r4 == 0 goto +1
	r2 = 0
	mask_guest
	r0 = *(u64 *)(r4 + 0)
	exit
