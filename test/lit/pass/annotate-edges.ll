; Guest pointers in positions whose type must match something else (an
; aggregate, a vector, a helper's parameters) enter as plain pointers, i.e.
; their guest virtual addresses; the module stays valid through every pass.
; Recursion is a compile error.
; REQUIRES: plugin
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-annotate -verify-each -S %s | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall -verify-each -S %s | FileCheck %s --check-prefix=ALL
; RUN: sed 's/;BAD-REC //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-annotate -disable-output 2>&1 | FileCheck %s --check-prefix=REC

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

%pair = type { ptr, i64 }
@sym = external global ptr

; CHECK-LABEL: define %pair @wrap(ptr addrspace(1) %p)
; CHECK: %q = load ptr addrspace(1), ptr addrspace(1) %p
; CHECK: %gva = addrspacecast ptr addrspace(1) %q to ptr
; CHECK: %s = insertvalue %pair poison, ptr %gva, 0
define %pair @wrap(ptr %p) noinline {
  %q = load ptr, ptr %p
  %s = insertvalue %pair poison, ptr %q, 0
  ret %pair %s
}

; CHECK-LABEL: define i64 @entry(ptr %ctx)
; A pointer extracted from an aggregate is a guest pointer again.
; CHECK: %q = extractvalue %pair %s, 0
; CHECK: %q.guest = addrspacecast ptr %q to ptr addrspace(1)
; CHECK: load i64, ptr addrspace(1) %q.guest
; The helper gets guest addresses.
; CHECK: %gva = addrspacecast ptr addrspace(1) %p to ptr
; CHECK: call i64 inttoptr (i64 4 to ptr)(ptr %gva, ptr @sym, i64 8)
; A pointer-typed compare-and-swap: the values are guest addresses.
; CHECK: cmpxchg ptr addrspace(1) %p, ptr %gva{{[0-9]*}}, ptr null seq_cst seq_cst
; ALL-LABEL: define i64 @entry(ptr %ctx)
; ALL-NOT: addrspace
; ALL: ret i64
define i64 @entry(ptr %ctx) section "hupcall/exit" {
  %a = getelementptr i8, ptr %ctx, i64 40
  %w = load i64, ptr %a
  %p = inttoptr i64 %w to ptr
  %s = call %pair @wrap(ptr %p)
  %q = extractvalue %pair %s, 0
  %v = load i64, ptr %q
  %h = call i64 inttoptr (i64 4 to ptr)(ptr %p, ptr @sym, i64 8)
  %x = cmpxchg ptr %p, ptr %p, ptr null seq_cst seq_cst
;BAD-REC %r = call i64 @entry(ptr %ctx)
  %t = add i64 %v, %h
  ret i64 %t
}
; REC: hupcall: recursion is not supported in a hyperupcall

; Unreachable blocks (which -O0 code may keep) are annotated too.
; CHECK-LABEL: define i64 @dead_block(ptr %ctx)
; CHECK: dead:
; CHECK-NEXT: %g = getelementptr i8, ptr addrspace(1) %p, i64 8
; CHECK-NEXT: %x = load i64, ptr addrspace(1) %g
define i64 @dead_block(ptr %ctx) section "hupcall/entry" {
entry:
  %a = getelementptr i8, ptr %ctx, i64 40
  %w = load i64, ptr %a
  %p = inttoptr i64 %w to ptr
  %v = load i64, ptr %p
  ret i64 %v
dead:
  %g = getelementptr i8, ptr %p, i64 8
  %x = load i64, ptr %g
  ret i64 %x
}
