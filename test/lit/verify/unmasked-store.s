# A store through an untranslated guest address.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 3{{.*}}guest-access-unmasked:{{.*}}r4 is scalar

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	*(u64 *)(r4 + 0) = r3
	r0 = 0
	exit
