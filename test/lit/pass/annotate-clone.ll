; A reused function is analysed per provenance of its arguments: called with a
; stack buffer it keeps plain pointers, called with a guest pointer it gets a
; clone whose parameter is in addrspace(1). A function only called with a guest
; pointer is retyped in place; one nothing calls is annotated as guest code.
; Functions taking a stack pointer or more than three arguments are marked
; always_inline (no stack pointer crosses a call; BPF passes five arguments
; and two may be needed for hva and the mask).
; REQUIRES: plugin
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-annotate -S %s | FileCheck %s

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

; CHECK-LABEL: define i64 @entry(ptr %ctx)
; CHECK: %s = call i64 @sum2(ptr %buf)
; CHECK: %g = call i64 @sum2.hu.g(ptr addrspace(1) %p)
; CHECK: %h = call ptr addrspace(1) @next(ptr addrspace(1) %p)
; CHECK: %hv = load i64, ptr addrspace(1) %h
define i64 @entry(ptr %ctx) section "hupcall/aging" {
  %buf = alloca [2 x i64]
  %args = getelementptr inbounds i8, ptr %ctx, i64 40
  %w = load i64, ptr %args
  store i64 %w, ptr %buf
  %p = inttoptr i64 %w to ptr
  %s = call i64 @sum2(ptr %buf)
  %g = call i64 @sum2(ptr %p)
  %h = call ptr @next(ptr %p)
  %f = call i64 @four(ptr %p, i64 1, i64 2, i64 3)
  %hv = load i64, ptr %h
  %t = add i64 %s, %g
  %r = add i64 %t, %hv
  ret i64 %r
}

; The stack instance keeps the original and its plain pointer.
; CHECK-LABEL: define internal i64 @sum2(ptr %a)
; CHECK-SAME: #[[INLINE:[0-9]+]]
; CHECK: %x = load i64, ptr %a
define internal i64 @sum2(ptr %a) noinline {
  %x = load i64, ptr %a
  %b = getelementptr i64, ptr %a, i64 1
  %y = load i64, ptr %b
  %r = add i64 %x, %y
  ret i64 %r
}

; Only called with a guest pointer, returning one loaded from guest memory.
; CHECK-LABEL: define internal ptr addrspace(1) @next(ptr addrspace(1) %n)
; CHECK-SAME: #[[KEEP:[0-9]+]]
; CHECK: %f = getelementptr i8, ptr addrspace(1) %n, i64 8
; CHECK: %v = load ptr addrspace(1), ptr addrspace(1) %f
; CHECK: ret ptr addrspace(1) %v
define internal ptr @next(ptr %n) noinline {
  %f = getelementptr i8, ptr %n, i64 8
  %v = load ptr, ptr %f
  ret ptr %v
}

; Not called by any entry: dead code in the object (made internal, so the
; plugin's pipeline drops it); its pointers are the guest's.
; CHECK-LABEL: define internal i64 @unreached(ptr addrspace(1) %q)
; CHECK: load i64, ptr addrspace(1) %q
define i64 @unreached(ptr %q) {
  %v = load i64, ptr %q
  ret i64 %v
}

; Four guest arguments: inlined.
; CHECK-LABEL: define internal i64 @four(ptr addrspace(1) %a, i64 %b, i64 %c, i64 %d)
; CHECK-SAME: #[[INLINE]]
define internal i64 @four(ptr %a, i64 %b, i64 %c, i64 %d) noinline {
  %x = load i64, ptr %a
  ret i64 %x
}

; The guest clone.
; CHECK-LABEL: define internal i64 @sum2.hu.g(ptr addrspace(1) %a)
; CHECK-SAME: #[[KEEP]]
; CHECK: %x = load i64, ptr addrspace(1) %a
; CHECK: %b = getelementptr i64, ptr addrspace(1) %a, i64 1
; CHECK: %y = load i64, ptr addrspace(1) %b

; CHECK: attributes #[[INLINE]] = { alwaysinline }
; CHECK: attributes #[[KEEP]] = { noinline }
