# Seeds for sandbox_fuzz.c: legal forms of guest access (masked loads and stores with folded
# offsets, atomics in the window, spilled window pointers, helpers on guest addresses, calls that
# pass values) that the fuzzer mutates, verifies and runs.

	.include "hu_macros.s"
	hupcall interrupt, walk
	r6 = r1
	load_ctx r2, r3, r4, r6
	mask_guest
	*(u64 *)(r10 - 8) = r4
	r5 = *(u64 *)(r4 + 16)
	mask_guest r5
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

	hupcall reclaim, copy
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
	load_ctx
	mask_guest
	r0 = *(u8 *)(r4 + 32767)
	if r0 > 7 goto out
	r0 = *(u16 *)(r4 + 2)
out:
	exit

	hupcall aging, stack
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
