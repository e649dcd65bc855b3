# hu-load run --engine jit: the JIT, compiled at registration after verification, gives the same
# r0 and the same helper calls as the interpreter - guest memory through the masked window, a
# stack slot, a BPF-to-BPF call, helpers reached through the run's cookie (the recording backend).
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/../verify/Inputs %s -o %t.o
# RUN: %hu-load mkimage -o %t.img 0xffff888000001000:0x1000=u64:42,7
# RUN: %hu-load run --engine interp --image %t.img --event interrupt --vcpu 2 \
# RUN:   --arg 0=0xffff888000001000 --arg 1=3 --reg 3:0=0x1000 %t.o | FileCheck %s
# RUN: %hu-load run --engine jit --image %t.img --event interrupt --vcpu 2 \
# RUN:   --arg 0=0xffff888000001000 --arg 1=3 --reg 3:0=0x1000 %t.o | FileCheck %s
# CHECK: event interrupt: 1 hyperupcall run
# CHECK-NEXT: call get_vcpu_register(3, 0) = 4096
# CHECK-NEXT: call send_vcpu_ipi(3, 32) = 0
# 42 + (42 * 3 + 1) + 0x1000
# CHECK-NEXT: r0 = 0x10a9
# The second guest word, read through the mask from an address past the window.
# RUN: %hu-load run --engine jit --image %t.img --event interrupt --arg 0=0xffff888000003008 \
# RUN:   --arg 1=1 %t.o | FileCheck %s --check-prefix=WRAP
# WRAP: call send_vcpu_ipi(1, 32) = 0
# 7 + (7 * 3 + 1) + 0
# WRAP-NEXT: r0 = 0x1d
# RUN: not %hu-load run --engine fast --image %t.img --event interrupt %t.o 2>&1 \
# RUN:   | FileCheck %s --check-prefix=BAD
# BAD: bad value 'fast' for --engine

	.include "hu_macros.s"
	hupcall interrupt
	r6 = r1
	load_ctx r2, r3, r4, r6
	mask_guest
	r7 = *(u64 *)(r4 + 0)
	*(u64 *)(r10 - 8) = r7
	r1 = r7
	call scale
	r8 = r0
	r1 = *(u64 *)(r6 + 48)
	r2 = 0
	call 2
	r8 += r0
	r1 = *(u64 *)(r6 + 48)
	r2 = 32
	call 1
	r0 = *(u64 *)(r10 - 8)
	r0 += r8
	exit

	.type scale,@function
scale:
	r0 = r1
	r0 *= 3
	r0 += 1
	exit
