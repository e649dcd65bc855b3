# The last instruction is dead and is not exit: every instruction must be reachable from the entry,
# so the verifier and both engines agree on what loads.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 2{{.*}}unreachable:{{.*}}no path from the function's start at 0

	.include "hu_macros.s"
	hupcall reclaim
	r0 = 0
	exit
	r0 = 1
