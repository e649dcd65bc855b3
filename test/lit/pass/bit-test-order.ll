; hupcall-bit-test-order: a branch on `(x & C) == 0` becomes one on
; `(x & C) != 0` with its successors swapped, so hupcall-layout puts the
; bits-clear block next and BPF code generation (BitTestJumps.cpp) makes the
; test one jset, with no ja after it. @critical is preempt's shape: return 1
; when a count's bits are set, else go on to a helper call. A compare that
; is not a bit test (@plain) and a bit test whose compare has another use
; (@used) are left alone.
; REQUIRES: plugin
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-bit-test-order -S %s | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-bit-test-order,hupcall-layout %s | llc -load=%plugin -O2 -mcpu=v4 -filetype=obj -o %t.o
; RUN: llvm-objdump -d --no-show-raw-insn %t.o | FileCheck %s --check-prefix=OBJ

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

; CHECK-LABEL: define i64 @critical(
; CHECK:         %clear = icmp ne i32 %bits, 0
; CHECK-NEXT:    br i1 %clear, label %held, label %call
; CHECK-LABEL: define i64 @plain(
; CHECK:         %small = icmp eq i64 %x, 5
; CHECK-NEXT:    br i1 %small, label %a, label %b
; CHECK-LABEL: define i1 @used(
; CHECK:         %clear = icmp eq i64 %bits, 0
; CHECK-NEXT:    br i1 %clear, label %a, label %b
; OBJ-LABEL: <critical>:
; OBJ-NEXT:    if w1 & 0xffffff goto
; OBJ-NEXT:    r1 = 0x11
; OBJ-NEXT:    call 0x2
define i64 @critical(i32 %count) {
entry:
  %bits = and i32 %count, 16777215
  %clear = icmp eq i32 %bits, 0
  br i1 %clear, label %call, label %held

call:
  %r = tail call i64 inttoptr (i64 2 to ptr)(i64 17)
  %s = lshr i64 %r, 9
  ret i64 %s

held:
  ret i64 1
}

define i64 @plain(i64 %x) {
entry:
  %small = icmp eq i64 %x, 5
  br i1 %small, label %a, label %b

a:
  ret i64 1

b:
  ret i64 2
}

define i1 @used(i64 %x) {
entry:
  %bits = and i64 %x, 4
  %clear = icmp eq i64 %bits, 0
  br i1 %clear, label %a, label %b

a:
  ret i1 %clear

b:
  ret i1 false
}
