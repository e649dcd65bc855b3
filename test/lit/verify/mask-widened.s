# The mask or-ed with more bits is no longer the mask.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 5{{.*}}guest-access-unmasked:{{.*}}r4 (scalar) += r2 (hva)

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	r3 |= 65535
	mask_guest
	r0 = *(u64 *)(r4 + 0)
	exit
