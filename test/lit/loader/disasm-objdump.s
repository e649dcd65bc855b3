# hu-load disasm prints LLVM's BPF syntax: for every non-jump instruction form its text equals
# llvm-objdump's (hu-load adds helper names as comments and prints jump targets as instruction
# indices, both stripped here).
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -mcpu=v4 -filetype=obj -I %S/../verify/Inputs %s -o %t.o
# RUN: llvm-objdump -d --no-show-raw-insn --no-leading-addr %t.o | grep -P '^\t' | sed 's/^\t//' > %t.llvm
# RUN: %hu-load disasm %t.o | grep -E '^ +[0-9]+: ' | sed -E 's/^ +[0-9]+: //; s/ # .*//' > %t.ours
# RUN: diff %t.llvm %t.ours
# RUN: wc -l < %t.ours | FileCheck %s --check-prefix=COUNT
# COUNT: 70

	.include "hu_macros.s"
	hupcall entry
	r0 = 0
	r1 = 0x1234
	r2 = -1
	r0 += r1
	r0 -= 5
	r0 *= r2
	r0 /= 3
	r0 |= r1
	r0 &= 0xff
	r0 <<= 3
	r0 >>= r1
	r0 = -r0
	r0 %= r1
	r0 ^= 7
	r0 = r1
	r0 s>>= 2
	r0 s/= r1
	r0 s%= 3
	r0 = (s8)r1
	r0 = (s16)r1
	r0 = (s32)r1
	w0 = w1
	w0 += 1
	w0 -= w1
	w0 *= 3
	w0 /= w1
	w0 s/= 3
	w0 s%= w1
	w0 = (s8)w1
	w0 = (s16)w1
	w0 s>>= 1
	w0 = -w0
	r0 = be16 r0
	r0 = be32 r0
	r0 = be64 r0
	r0 = le16 r0
	r0 = le32 r0
	r0 = le64 r0
	r0 = bswap16 r0
	r0 = bswap32 r0
	r0 = bswap64 r0
	r1 = 0x1122334455667788 ll
	r0 = *(u8 *)(r10 - 8)
	r0 = *(u16 *)(r10 - 8)
	r0 = *(u32 *)(r10 - 8)
	r0 = *(u64 *)(r10 - 8)
	r0 = *(s8 *)(r10 - 8)
	r0 = *(s16 *)(r10 - 8)
	r0 = *(s32 *)(r10 - 8)
	*(u8 *)(r10 - 8) = 1
	*(u16 *)(r10 - 8) = 2
	*(u32 *)(r10 - 8) = 3
	*(u64 *)(r10 - 8) = 4
	*(u8 *)(r10 - 8) = w1
	*(u16 *)(r10 - 8) = w1
	*(u32 *)(r10 - 8) = w1
	*(u64 *)(r10 - 8) = r1
	lock *(u32 *)(r10 - 8) += w1
	lock *(u64 *)(r10 - 8) |= r1
	lock *(u64 *)(r10 - 8) &= r1
	lock *(u64 *)(r10 - 8) ^= r1
	w1 = atomic_fetch_add((u32 *)(r10 - 8), w1)
	r1 = atomic_fetch_or((u64 *)(r10 - 8), r1)
	r1 = xchg_64(r10 - 8, r1)
	w1 = xchg32_32(r10 - 8, w1)
	r0 = cmpxchg_64(r10 - 8, r0, r1)
	w0 = cmpxchg32_32(r10 - 8, w0, w1)
	call 1
	callx r2
	exit
