# Hyperupcalls for fire_slot_test.c: answers that depend on every field a fire writes in place
# (rip, args[0], args[1], args[5]), on those laid out at registration (vcpu_id, guest_mask,
# env[1]) and on the vCPU the helpers' cookie names (get_vcpu_register's vcpu_self).

	.include "hu_macros.s"

# map: r0 = rip - args[5] + 2 * args[0] + vcpu_id + env[1].
	hupcall map, sum_args
	r0 = *(u64 *)(r1 + 32)
	r2 = *(u64 *)(r1 + 80)
	r0 -= r2
	r2 = *(u64 *)(r1 + 40)
	r2 <<= 1
	r0 += r2
	r2 = *(u32 *)(r1 + 4)
	r0 += r2
	r2 = *(u64 *)(r1 + 96)
	r0 += r2
	exit

# map: r0 = args[1] + rip + env[1] + guest_mask + get_vcpu_register(0, 7).
	hupcall map, rip_args
	r6 = *(u64 *)(r1 + 48)
	r2 = *(u64 *)(r1 + 32)
	r6 += r2
	r2 = *(u64 *)(r1 + 96)
	r6 += r2
	r2 = *(u64 *)(r1 + 24)
	r6 += r2
	r1 = 0
	r2 = 7
	call 2
	r0 += r6
	exit
