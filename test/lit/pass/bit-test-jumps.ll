; BitTestJumps.cpp: with the plugin loaded, BPF code generation tests bits with
; jset (`if rX & C goto`) instead of `rX &= C` and a compare with 0, when the
; masked value has no other use. The back end inverts each test so that its
; next block is the fall-through: @eq64's becomes `!= 0 goto`, one jset;
; @ne32's becomes `== 0 goto`, a jset to the next block over a ja to the
; target (as many instructions on the path to the target, one fewer on the
; other). The and stays when its value is used (@used). Without the pass each
; test is `&=` and a compare.
; REQUIRES: plugin
; RUN: llc -load=%plugin -O2 -mcpu=v4 -filetype=obj -o %t.o %s
; RUN: llvm-objdump -d --no-show-raw-insn %t.o | FileCheck %s

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

; CHECK-LABEL: <ne32>:
; CHECK-NEXT:    if w1 & 0x2 goto +0x1
; CHECK-NEXT:    goto +0x2
; CHECK-NEXT:    r0 = 0x1
; CHECK-NEXT:    exit
; CHECK-LABEL: <eq64>:
; CHECK-NEXT:    if r1 & 0x4 goto +0x2
; CHECK-NEXT:    r0 = 0x1
; CHECK-NEXT:    exit
; CHECK-LABEL: <used>:
; CHECK-NEXT:    r1 &= 0x8
; CHECK-NEXT:    if r1 != 0x0 goto
define i64 @ne32(i32 %x, i64 %y) {
entry:
  %a = and i32 %x, 2
  %c = icmp ne i32 %a, 0
  br i1 %c, label %t, label %f

t:
  ret i64 1

f:
  %s = shl i64 %y, 3
  ret i64 %s
}

define i64 @eq64(i64 %x, i64 %y) {
entry:
  %a = and i64 %x, 4
  %c = icmp eq i64 %a, 0
  br i1 %c, label %t, label %f

t:
  ret i64 1

f:
  %s = shl i64 %y, 3
  ret i64 %s
}

define i64 @used(i64 %x) {
entry:
  %a = and i64 %x, 8
  %c = icmp eq i64 %a, 0
  br i1 %c, label %t, label %f

t:
  ret i64 1

f:
  ret i64 %a
}
