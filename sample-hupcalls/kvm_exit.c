/* SPDX-License-Identifier: MIT */
/* The cost a hyperupcall avoids: an exit from a guest and back, two ways, each on its own vCPU
 * running a tiny real-mode guest:
 *  - to the user-space VMM: `out 0x10, al; jmp` back, so every KVM_RUN returns with KVM_EXIT_IO;
 *    the mean over OUT_RUNS round trips.
 *  - to KVM itself: CPUIDS_PER_RUN `cpuid`s, each an exit KVM answers in the kernel without
 *    returning from KVM_RUN, then one `out 0x11, al` that ends the run; the mean run less the first
 *    figure (its out), divided by the cpuids.
 * Without /dev/kvm it prints that each was skipped, and why. */
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

#define OUT_ENTRY 0x1000
#define CPUID_ENTRY 0x1100
#define OUT_RUNS 100000
#define CPUIDS_PER_RUN 10000
#define CPUID_RUNS 100

#define TO_VMM "KVM exit round trip to the user-space VMM"
#define TO_KVM "KVM exit round trip to KVM"

/* Real mode at OUT_ENTRY: out 0x10, al; jmp back to the out. */
static const uint8_t out_loop[] = {0xe6, 0x10, 0xeb, 0xfc};
/* Real mode at CPUID_ENTRY: mov si, CPUIDS_PER_RUN; 1: xor eax, eax; cpuid; dec si; jnz 1b;
 * out 0x11, al; jmp back to the mov. */
static const uint8_t cpuid_loop[] = {0xbe,
                                     CPUIDS_PER_RUN & 0xff,
                                     CPUIDS_PER_RUN >> 8,
                                     0x66,
                                     0x31,
                                     0xc0,
                                     0x0f,
                                     0xa2,
                                     0x4e,
                                     0x75,
                                     0xf8,
                                     0xe6,
                                     0x11,
                                     0xeb,
                                     0xf1};

struct vcpu {
    int fd;
    struct kvm_run *run;
};

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int fail(const char *what)
{
    printf("KVM exit round trips: failed (%s: %s)\n", what, strerror(errno));
    return 1;
}

/* vCPU `id` of `vm`, in real mode at `rip` with cs based at 0, and its kvm_run mapped. */
static int open_vcpu(int kvm, int vm, int id, uint64_t rip, struct vcpu *v)
{
    struct kvm_sregs s;
    struct kvm_regs regs = {.rip = rip, .rflags = 2};
    int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    v->fd = ioctl(vm, KVM_CREATE_VCPU, id);
    if (v->fd < 0 || run_size < 0 || ioctl(v->fd, KVM_GET_SREGS, &s) < 0)
        return -1;
    v->run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
    if (v->run == MAP_FAILED)
        return -1;
    s.cs.base = 0;
    s.cs.selector = 0;
    if (ioctl(v->fd, KVM_SET_SREGS, &s) < 0 || ioctl(v->fd, KVM_SET_REGS, &regs) < 0)
        return -1;
    return 0;
}

/* The mean time of `runs` KVM_RUNs of v, each ending at the guest's `out` to `port`, in ns; -1
 * (with a message) when one fails or ends otherwise. */
static double time_runs(const struct vcpu *v, int runs, uint16_t port)
{
    double t0 = now_ns();
    for (int i = 0; i < runs; i++) {
        if (ioctl(v->fd, KVM_RUN, 0) < 0) {
            fail("KVM_RUN");
            return -1;
        }
        if (v->run->exit_reason != KVM_EXIT_IO || v->run->io.port != port) {
            printf("KVM exit round trips: failed (exit reason %u, not the guest's out to %#x)\n",
                   v->run->exit_reason, port);
            return -1;
        }
    }
    return (now_ns() - t0) / runs;
}

int main(void)
{
    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0) {
        const char *why = errno == ENOENT ? ": no KVM on this machine" : "";
        printf(TO_VMM ": skipped (/dev/kvm: %s%s)\n", strerror(errno), why);
        printf(TO_KVM ": skipped (/dev/kvm: %s%s)\n", strerror(errno), why);
        return 0;
    }
    int vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0)
        return fail("KVM_CREATE_VM");
    uint8_t *mem = mmap(NULL, 0x2000, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        return fail("mmap");
    memcpy(mem + OUT_ENTRY, out_loop, sizeof(out_loop));
    memcpy(mem + CPUID_ENTRY, cpuid_loop, sizeof(cpuid_loop));
    struct kvm_userspace_memory_region r = {
        .slot = 0, .guest_phys_addr = 0, .memory_size = 0x2000, .userspace_addr = (uintptr_t)mem};
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &r) < 0)
        return fail("KVM_SET_USER_MEMORY_REGION");
    struct vcpu out_vcpu, cpuid_vcpu;
    if (open_vcpu(kvm, vm, 0, OUT_ENTRY, &out_vcpu) ||
        open_vcpu(kvm, vm, 1, CPUID_ENTRY, &cpuid_vcpu))
        return fail("vCPU setup");
    double out_ns = time_runs(&out_vcpu, OUT_RUNS, 0x10);
    if (out_ns < 0)
        return 1;
    printf(TO_VMM " (KVM_RUN, guest `out`): %.0f ns (mean of %d)\n", out_ns, OUT_RUNS);
    double run_ns = time_runs(&cpuid_vcpu, CPUID_RUNS, 0x11);
    if (run_ns < 0)
        return 1;
    printf(TO_KVM " (guest `cpuid`, answered in the kernel): %.0f ns (mean of %d)\n",
           (run_ns - out_ns) / CPUIDS_PER_RUN, CPUIDS_PER_RUN * CPUID_RUNS);
    return 0;
}
