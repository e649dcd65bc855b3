/* SPDX-License-Identifier: MIT */
/* The cost a hyperupcall avoids: one exit from a guest to the user-space VMM and back. A vCPU runs
 * a tiny real-mode guest, `out 0x10, al; jmp` back, so every KVM_RUN returns with KVM_EXIT_IO;
 * the round trips are timed in batches. Without /dev/kvm it prints that it was skipped, and why. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define GUEST_ENTRY 0x1000
#define ROUND_TRIPS 100000

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int fail(const char *what)
{
    printf("KVM exit round trip: failed (%s: %s)\n", what, strerror(errno));
    return 1;
}

/* Real mode at GUEST_ENTRY: out 0x10, al; jmp back to the out. */
static int setup_vcpu(int vm, int vcpu, uint8_t *mem)
{
    static const uint8_t code[] = {0xe6, 0x10, 0xeb, 0xfc};
    memcpy(mem + GUEST_ENTRY, code, sizeof(code));
    struct kvm_userspace_memory_region r = {
        .slot = 0, .guest_phys_addr = 0, .memory_size = 0x2000, .userspace_addr = (uintptr_t)mem};
    struct kvm_sregs s;
    struct kvm_regs regs = {.rip = GUEST_ENTRY, .rflags = 2};
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &r) < 0 || ioctl(vcpu, KVM_GET_SREGS, &s) < 0)
        return -1;
    s.cs.base = 0;
    s.cs.selector = 0;
    if (ioctl(vcpu, KVM_SET_SREGS, &s) < 0 || ioctl(vcpu, KVM_SET_REGS, &regs) < 0)
        return -1;
    return 0;
}

int main(void)
{
    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0) {
        printf("KVM exit round trip: skipped (/dev/kvm: %s: no KVM on this machine)\n",
               strerror(errno));
        return 0;
    }
    int vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0)
        return fail("KVM_CREATE_VM");
    int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (vcpu < 0 || run_size < 0)
        return fail("KVM_CREATE_VCPU");
    uint8_t *mem = mmap(NULL, 0x2000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct kvm_run *run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (mem == MAP_FAILED || run == MAP_FAILED)
        return fail("mmap");
    if (setup_vcpu(vm, vcpu, mem))
        return fail("vCPU setup");
    double t0 = now_ns();
    for (int i = 0; i < ROUND_TRIPS; i++) {
        if (ioctl(vcpu, KVM_RUN, 0) < 0)
            return fail("KVM_RUN");
        if (run->exit_reason != KVM_EXIT_IO || run->io.port != 0x10) {
            printf("KVM exit round trip: failed (exit reason %u, not the guest's out)\n",
                   run->exit_reason);
            return 1;
        }
    }
    double ns = (now_ns() - t0) / ROUND_TRIPS;
    printf(
        "KVM exit round trip to the user-space VMM (KVM_RUN, guest `out`): %.0f ns (mean of %d)\n",
        ns, ROUND_TRIPS);
    return 0;
}
