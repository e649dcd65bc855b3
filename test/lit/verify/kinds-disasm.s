# `hu-load disasm --kinds` shows the verifier's register kinds at each instruction: ctx, hva and
# mask from the context, a masked offset, the window pointer, and kinds kept in stack slots.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load disasm --kinds %t.o | FileCheck %s
# CHECK:      0: r2 = *(u64 *)(r1 + 0x8)
# CHECK-NEXT: ; r1=ctx r10=fp
# CHECK:      ; r1=ctx r2=hva r3=mask r4=scalar r10=fp
# CHECK-NEXT: 4: r4 &= r3
# CHECK-NEXT: ; r1=ctx r2=hva r3=mask r4=scalar r10=fp fp-8:hva
# CHECK-NEXT: 5: r4 += 0x10
# CHECK-NEXT: ; r1=ctx r2=hva r3=mask r4=(x&mask) r10=fp fp-8:hva
# CHECK-NEXT: 6: r4 += r2
# CHECK-NEXT: ; r1=ctx r2=hva r3=mask r4=(x&mask)+16 r10=fp fp-8:hva
# CHECK-NEXT: 7: r0 = *(u64 *)(r4 + 0x8)
# CHECK-NEXT: ; r1=ctx r2=hva r3=mask r4=hva+(x&mask)+16 r10=fp fp-8:hva
# CHECK:      10: r5 = 0x7
# CHECK-NEXT: ; r0=scalar r1=ctx r2=hva r3=mask r4=hva+(x&mask)+[16,24] r10=fp fp-8:hva

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	*(u64 *)(r10 - 8) = r2
	r4 &= r3
	r4 += 16
	r4 += r2
	r0 = *(u64 *)(r4 + 8)
	if r0 == 0 goto +1
	r4 += 8
	r5 = 7
	exit
