# hu-load run on an exit event: the recording backend answers get_exit_info and
# get_vcpu_register from --exit-info and --reg, logs set_vcpu_register and flush_tlb_vcpu, and the
# context carries vcpu_id, rip, args and env.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/../verify/Inputs %s -o %t.o
# RUN: %hu-load mkimage -o %t.img 0x200000=u64:0
# RUN: %hu-load run --image %t.img --event exit --vcpu 5 --rip 0xffffffff81001234 \
# RUN:   --exit-info 0=48 --reg 5:0=0x1111 --env 3=0x22 --arg 2=0x300 %t.o | FileCheck %s
# CHECK: event exit: 1 hyperupcall run
# CHECK-NEXT: call get_exit_info(0) = 48
# CHECK-NEXT: call get_vcpu_register(5, 0) = 4369
# CHECK-NEXT: call set_vcpu_register(5, 16, 0xffffffff81001236) = 0
# CHECK-NEXT: call flush_tlb_vcpu(5) = 0
# r0 = exit reason 48 + rax 0x1111 + env[3] 0x22 + args[2] 0x300 = 0x1463
# CHECK-NEXT: r0 = 0x1463
# RUN: not %hu-load run --image %t.img --event exit --reg 99:0=1 %t.o 2>&1 \
# RUN:   | FileCheck %s --check-prefix=BADREG
# BADREG: run: bad value '99:0=1' for --reg

	.include "hu_macros.s"
	hupcall exit, on_exit
	r6 = r1
	r1 = 0
	call 8
	r7 = r0
	r1 = *(u32 *)(r6 + 4)
	r2 = 0
	call 2
	r7 += r0
	r1 = *(u32 *)(r6 + 4)
	r2 = 16
	r3 = *(u64 *)(r6 + 32)
	r3 += 2
	call 3
	r1 = *(u32 *)(r6 + 4)
	call 7
	r1 = *(u64 *)(r6 + 112)
	r7 += r1
	r1 = *(u64 *)(r6 + 56)
	r7 += r1
	r0 = r7
	exit
