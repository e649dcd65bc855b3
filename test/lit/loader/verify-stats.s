# hu-load verify --stats prints each hyperupcall's instruction count and verification time;
# --event verifies under another event's rules (here: IPIs are not allowed in reclaim).
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/../verify/Inputs %s -o %t.o
# RUN: %hu-load verify --stats %t.o | FileCheck %s
# CHECK: ipi: 6 instructions, verified in {{[0-9.]+}} us
# CHECK: accepted (1 hyperupcall)
# RUN: not %hu-load verify --event reclaim %t.o 2>&1 | FileCheck %s --check-prefix=GLOBAL
# GLOBAL: insn 3: error: helper-not-allowed: send_vcpu_ipi
# RUN: %hu-load disasm --kinds %t.o | FileCheck %s --check-prefix=KINDS
# KINDS: <ipi>:
# KINDS-NEXT: 0: r6 = r1
# KINDS-NEXT: ; r1=ctx r10=fp
# KINDS: 3: call 0x1 # send_vcpu_ipi
# KINDS: 4: r0 = 0x1
# KINDS: 5: exit

	.include "hu_macros.s"
	hupcall interrupt, ipi
	r6 = r1
	r1 = *(u64 *)(r6 + 48)
	r2 = 251
	call 1
	r0 = 1
	exit
