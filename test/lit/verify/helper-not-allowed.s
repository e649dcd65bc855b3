# get_exit_info is for exit hyperupcalls only.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 1{{.*}}helper-not-allowed:{{.*}}get_exit_info is not allowed for event reclaim (16)

	.include "hu_macros.s"
	hupcall reclaim
	r1 = 0
	call 8
	exit
