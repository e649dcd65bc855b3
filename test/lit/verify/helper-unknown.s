# Helper 99 does not exist.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}helper-unknown:{{.*}}helper 99

	.include "hu_macros.s"
	hupcall reclaim
	call 99
	exit
