# exit with r0 never written.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}uninit-register:{{.*}}r0 is read before it is written

	.include "hu_macros.s"
	hupcall reclaim
	exit
