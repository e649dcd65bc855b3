# One read of event and vcpu_id together.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}ctx-access:{{.*}}spans event and vcpu_id

	.include "hu_macros.s"
	hupcall reclaim
	r0 = *(u64 *)(r1 + 0)
	exit
