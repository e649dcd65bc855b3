# Seeds for sandbox_fuzz.c: legal forms of guest access (masked loads and stores with folded
# offsets, atomics in the window, spilled window pointers, helpers on guest addresses, calls that
# pass values) that the fuzzer mutates, verifies and runs.

	.section "hupcall/interrupt","ax"
	.globl walk
	.type walk,@function
walk:
	r6 = r1
	r2 = *(u64 *)(r6 + 8)
	r3 = *(u64 *)(r6 + 24)
	r4 = *(u64 *)(r6 + 40)
	r4 &= r3
	r4 += r2
	*(u64 *)(r10 - 8) = r4
	r5 = *(u64 *)(r4 + 16)
	r5 &= r3
	r5 += r2
	r0 = *(u32 *)(r5 + 4)
	r7 = *(u64 *)(r10 - 8)
	*(u64 *)(r7 + 24) = r0
	r1 = 1
	lock *(u64 *)(r7 + 32) += r1
	r1 = *(u64 *)(r6 + 48)
	r2 = 0x30
	call 1
	r0 = *(u64 *)(r7 + 24)
	exit

	.section "hupcall/reclaim","ax"
	.globl copy
	.type copy,@function
copy:
	r6 = r1
	r1 = *(u64 *)(r6 + 40)
	r2 = *(u64 *)(r6 + 48)
	r3 = 64
	call 4
	r1 = *(u64 *)(r6 + 40)
	r2 = 0
	r3 = 5
	call 6
	r1 = r6
	call helper
	exit
helper:
	r2 = *(u64 *)(r1 + 8)
	r3 = *(u64 *)(r1 + 24)
	r4 = *(u64 *)(r1 + 40)
	r4 &= r3
	r4 += r2
	r0 = *(u8 *)(r4 + 32767)
	if r0 > 7 goto out
	r0 = *(u16 *)(r4 + 2)
out:
	exit

	.section "hupcall/aging","ax"
	.globl stack
	.type stack,@function
stack:
	r2 = *(u64 *)(r1 + 88)
	*(u64 *)(r10 - 16) = r2
	*(u32 *)(r10 - 24) = 7
	r3 = *(u64 *)(r10 - 16)
	r4 = *(u32 *)(r10 - 24)
	r3 += r4
	r1 = r3
	call twice
	exit
twice:
	r0 = r1
	r0 <<= 1
	exit
