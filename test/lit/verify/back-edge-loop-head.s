# A loop whose head only the back edge reaches (the conformance suite's exit-not-last): the error
# names the backward jump, which is what the author must change, not the head as unreachable.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 5{{.*}}back-edge: jump to 2 goes backwards

	.include "hu_macros.s"
	hupcall reclaim
	r1 = 0
	goto tail
head:
	r2 = 0
	exit
tail:
	r0 = 0
	goto head
