// The plugin loads in clang for the BPF target and its passes run in the
// default -O2 pipeline: the guest access below is masked and rebased.
// REQUIRES: plugin
// RUN: %clang --target=bpf -O2 -fpass-plugin=%plugin -fno-discard-value-names -S -emit-llvm -o - %s | FileCheck %s --check-prefix=IR
// RUN: %clang --target=bpf -O2 -fpass-plugin=%plugin -c -o %t.o %s
// RUN: llvm-objdump -d --no-show-raw-insn %t.o | FileCheck %s --check-prefix=OBJ
// Without the plugin nothing is masked (so the checks above can fail).
// RUN: %clang --target=bpf -O2 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=NOPLUGIN

#define HUPCALL(ev) __attribute__((section("hupcall/" #ev), used))


HUPCALL(reclaim) long read_guest_word(const void *ctx)
{
    long *p = *(long *const *)((const char *)ctx + 40);
    return *p;
}

// IR-LABEL: define {{.*}}i64 @read_guest_word(ptr
// IR: %hu.mask = load i64
// IR: and i64 %{{.*}}, %hu.mask
// OBJ: &= r
// OBJ: += r
// NOPLUGIN-NOT: and i64
