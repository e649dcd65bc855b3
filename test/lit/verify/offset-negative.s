# A negative instruction offset reaches below hva.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 5{{.*}}guest-access-offset:{{.*}}8-byte access at r4-8

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	mask_guest
	r0 = *(u64 *)(r4 - 8)
	exit
