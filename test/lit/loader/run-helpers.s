# hu-load run: an interrupt hyperupcall reads guest memory through the masked window and sends an
# IPI; r0 and the helper calls made are printed.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/../verify/Inputs %s -o %t.o
# RUN: %hu-load mkimage -o %t.img 0xffff888000001000:0x1000=u64:42,7
# RUN: %hu-load image %t.img | FileCheck %s --check-prefix=IMG
# IMG: segment 0: gva 0xffff888000001000 gpa 0x1000 size 0x10
# IMG: window 0xffff888000001000 size 0x1000
# RUN: %hu-load run --image %t.img --event interrupt --vcpu 2 --arg 0=0xffff888000001008 \
# RUN:   --arg 1=3 %t.o | FileCheck %s
# RUN: %hu-load run --engine jit --image %t.img --event interrupt --vcpu 2 \
# RUN:   --arg 0=0xffff888000001008 --arg 1=3 %t.o | FileCheck %s
# CHECK: event interrupt: 1 hyperupcall run
# CHECK-NEXT: call send_vcpu_ipi(3, 32) = 0
# CHECK-NEXT: r0 = 0x7
# A guest address outside the window (a page, the smallest) wraps into it through the mask:
# 0x...1000 + 0x1000 reads 42.
# RUN: %hu-load run --image %t.img --event interrupt --arg 0=0xffff888000002000 %t.o \
# RUN:   | FileCheck %s --check-prefix=WRAP
# WRAP: r0 = 0x2a
# No hyperupcall for another event.
# RUN: not %hu-load run --image %t.img --event exit %t.o 2>&1 | FileCheck %s --check-prefix=NONE
# NONE: no hyperupcall for event exit

	.include "hu_macros.s"
	hupcall interrupt
	r6 = r1
	load_ctx r2, r3, r4, r6
	mask_guest
	r7 = *(u64 *)(r4 + 0)
	r1 = *(u64 *)(r6 + 48)
	r2 = 32
	call 1
	r0 = r7
	exit
