# hva returned to the hypervisor.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 1{{.*}}host-pointer-return:{{.*}}r0 is hva, a host pointer

	.include "hu_macros.s"
	hupcall reclaim
	r0 = *(u64 *)(r1 + 8)
	exit
