# Hyperupcalls for runtime_test.c and loader_fuzz.c: guest symbols, helpers, BPF-to-BPF calls
# into .text and within a section.

	.include "hu_macros.s"
	.text
	.globl twice
	.type twice,@function
twice:
	r0 = r1
	r0 += r1
	exit

# reclaim: r0 = *(u64 *)counter (a guest symbol), through the masked window.
	hupcall reclaim, read_counter
	load_window
	r4 = counter ll
	mask_guest
	r0 = *(u64 *)(r4 + 0)
	exit

# interrupt: IPI to args[0] with vector args[1]; memset(args[2], 0xab, 8); then
# cmpxchg(args[2], 0xabababababababab, 5); r0 = that cmpxchg's result. r3-r5 hold host pointers
# (the frame and the context) at the IPI, which takes two arguments: trace must not see them.
	hupcall interrupt, helpers
	r6 = r1
	r1 = *(u64 *)(r6 + 40)
	r2 = *(u64 *)(r6 + 48)
	r3 = r10
	r4 = r6
	r5 = r10
	call 1
	r1 = *(u64 *)(r6 + 56)
	r2 = 0xab
	r3 = 8
	call 5
	r1 = *(u64 *)(r6 + 56)
	r2 = 0xabababababababab ll
	r3 = 5
	call 6
	exit

# entry: r0 = twice(args[0]) + vcpu_id + local(env[1]); used concurrently from several vCPUs.
	hupcall entry, per_vcpu
	r6 = r1
	r1 = *(u64 *)(r6 + 40)
	call twice
	r7 = r0
	r1 = *(u32 *)(r6 + 4)
	r7 += r1
	r1 = *(u64 *)(r6 + 96)
	call local_inc
	r0 += r7
	exit
local_inc:
	r0 = r1
	r0 += 1
	exit

# exit: r0 = get_exit_info(HU_EXIT_INFO_REASON).
	hupcall exit, exit_reason
	r1 = 0
	call 8
	exit
