; hupcall-annotate moves every guest-derived pointer into addrspace(1) and
; leaves the context, __host (addrspace(2)) values and the stack alone.
; REQUIRES: plugin
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-annotate -S %s | FileCheck %s

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

%struct.node = type { i64, ptr }

@init_node = external global %struct.node
@table = external global [16 x ptr]

; Two-hop pointer chase through guest structs: each loaded pointer is guest.
; CHECK-LABEL: define i64 @chase(ptr %ctx)
; CHECK: %arg = load i64, ptr %args
; CHECK: %n = inttoptr i64 %arg to ptr addrspace(1)
; CHECK: %next.addr = getelementptr inbounds i8, ptr addrspace(1) %n, i64 8
; CHECK: %next = load ptr addrspace(1), ptr addrspace(1) %next.addr
; CHECK: %next2.addr = getelementptr inbounds i8, ptr addrspace(1) %next, i64 8
; CHECK: %next2 = load ptr addrspace(1), ptr addrspace(1) %next2.addr
; CHECK: %val = load i64, ptr addrspace(1) %next2
define i64 @chase(ptr %ctx) section "hupcall/reclaim" {
  %args = getelementptr inbounds i8, ptr %ctx, i64 40
  %arg = load i64, ptr %args
  %n = inttoptr i64 %arg to ptr
  %next.addr = getelementptr inbounds i8, ptr %n, i64 8
  %next = load ptr, ptr %next.addr
  %next2.addr = getelementptr inbounds i8, ptr %next, i64 8
  %next2 = load ptr, ptr %next2.addr
  %val = load i64, ptr %next2
  ret i64 %val
}

; Array indexing with a variable index into an extern guest symbol, and a
; guest pointer stored into guest memory (allowed: it is a guest address).
; CHECK-LABEL: define i64 @index_and_store(ptr %ctx)
; CHECK: %slot = getelementptr [16 x ptr], ptr addrspace(1) addrspacecast (ptr @table to ptr addrspace(1)), i64 0, i64 %i
; CHECK: %p = load ptr addrspace(1), ptr addrspace(1) %slot
; CHECK: store ptr addrspace(1) %p, ptr addrspace(1) getelementptr inbounds (i8, ptr addrspace(1) addrspacecast (ptr @init_node to ptr addrspace(1)), i64 8)
; CHECK: %cmp = icmp eq ptr addrspace(1) %p, null
define i64 @index_and_store(ptr %ctx) section "hupcall/aging" {
  %args = getelementptr inbounds i8, ptr %ctx, i64 40
  %i = load i64, ptr %args
  %slot = getelementptr [16 x ptr], ptr @table, i64 0, i64 %i
  %p = load ptr, ptr %slot
  store ptr %p, ptr getelementptr inbounds (i8, ptr @init_node, i64 8)
  %cmp = icmp eq ptr %p, null
  %r = zext i1 %cmp to i64
  ret i64 %r
}

; A phi of guest pointers is a guest pointer; the context (plain or __host)
; and stack objects stay where they are.
; CHECK-LABEL: define i64 @phi(ptr addrspace(2) %ctx)
; CHECK: %buf = alloca [2 x i64]
; CHECK: %w = load i64, ptr addrspace(2) %ctx.args
; CHECK: %a = inttoptr i64 %w to ptr addrspace(1)
; CHECK: %b = load ptr addrspace(1), ptr addrspace(1) %a
; CHECK: %p = phi ptr addrspace(1) [ %a, %entry ], [ %b, %other ]
; CHECK: %v = load i64, ptr addrspace(1) %p
; CHECK: %slot = getelementptr [2 x i64], ptr %buf, i64 0, i64 %w
; CHECK: store i64 %v, ptr %slot
define i64 @phi(ptr addrspace(2) %ctx) section "hupcall/preempt" {
entry:
  %buf = alloca [2 x i64]
  %ctx.args = getelementptr inbounds i8, ptr addrspace(2) %ctx, i64 40
  %w = load i64, ptr addrspace(2) %ctx.args
  %a = inttoptr i64 %w to ptr
  %c = icmp eq i64 %w, 0
  br i1 %c, label %other, label %join
other:
  %b = load ptr, ptr %a
  br label %join
join:
  %p = phi ptr [ %a, %entry ], [ %b, %other ]
  %v = load i64, ptr %p
  %slot = getelementptr [2 x i64], ptr %buf, i64 0, i64 %w
  store i64 %v, ptr %slot
  %r = load i64, ptr %buf
  ret i64 %r
}

; Locals in allocas (as at -O0) are promoted first, so a pointer read back
; from its variable keeps its provenance: here, the context's.
; CHECK-LABEL: define i64 @spilled_ctx(ptr %ctx)
; CHECK-NOT: alloca
; CHECK: %hva.addr = getelementptr inbounds i8, ptr %ctx, i64 8
; CHECK: load i64, ptr %hva.addr
define i64 @spilled_ctx(ptr %ctx) section "hupcall/exit" {
  %ctx.addr = alloca ptr
  store ptr %ctx, ptr %ctx.addr
  %c = load ptr, ptr %ctx.addr
  %hva.addr = getelementptr inbounds i8, ptr %c, i64 8
  %hva = load i64, ptr %hva.addr
  ret i64 %hva
}
