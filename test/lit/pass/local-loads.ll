; hupcall-local-loads: a context load at a selected offset becomes one load at
; each constant offset and a select of the values; loads from the context or
; the stack that a select chooses between become volatile (the back end would
; merge them into one load through a select of the addresses, which the
; verifier rejects as mixed); guest loads and loads outside an entry's
; context are left alone.
; REQUIRES: plugin
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-local-loads -S %s | FileCheck %s

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

; c ? ctx->args[3] : ctx->args[2], as InstCombine merges it (seed 100358).
; CHECK-LABEL: define i64 @gep_index(
; CHECK: %[[A:.*]] = getelementptr inbounds i8, ptr %ctx, i64 64
; CHECK: %[[B:.*]] = getelementptr inbounds i8, ptr %ctx, i64 56
; CHECK: %[[LA:.*]] = load volatile i64, ptr %[[A]], align 8
; CHECK: %[[LB:.*]] = load volatile i64, ptr %[[B]], align 8
; CHECK: %[[V:.*]] = select i1 %c, i64 %[[LA]], i64 %[[LB]]
; CHECK-NOT: select i1 %c, i64 64
; CHECK: ret i64 %[[V]]
define i64 @gep_index(ptr %ctx, i1 %c) section "hupcall/exit" {
  %off = select i1 %c, i64 64, i64 56
  %p = getelementptr inbounds i8, ptr %ctx, i64 %off
  %v = load i64, ptr %p, align 8
  ret i64 %v
}

; A select of two context addresses, one of them at a selected offset itself:
; three loads, each at a constant offset.
; CHECK-LABEL: define i64 @nested(
; CHECK-COUNT-3: load volatile i64, ptr %{{[^,]*}}, align 8
; CHECK-NOT: load
; CHECK: ret i64
define i64 @nested(ptr %ctx, i1 %c, i1 %d) section "hupcall/exit" {
  %off = select i1 %d, i64 48, i64 40
  %p = getelementptr inbounds i8, ptr %ctx, i64 %off
  %q = getelementptr inbounds i8, ptr %ctx, i64 72
  %s = select i1 %c, ptr %p, ptr %q
  %v = load i64, ptr %s, align 8
  ret i64 %v
}

; A field at a constant offset from a select of two context addresses.
; CHECK-LABEL: define i64 @gep_of_select(
; CHECK: %[[A:.*]] = getelementptr inbounds i8, ptr %a, i64 8
; CHECK: %[[B:.*]] = getelementptr inbounds i8, ptr %b, i64 8
; CHECK: %[[LA:.*]] = load volatile i64, ptr %[[A]], align 8
; CHECK: %[[LB:.*]] = load volatile i64, ptr %[[B]], align 8
; CHECK: select i1 %c, i64 %[[LA]], i64 %[[LB]]
define i64 @gep_of_select(ptr %ctx, i1 %c) section "hupcall/exit" {
  %a = getelementptr inbounds i8, ptr %ctx, i64 40
  %b = getelementptr inbounds i8, ptr %ctx, i64 56
  %s = select i1 %c, ptr %a, ptr %b
  %p = getelementptr inbounds i8, ptr %s, i64 8
  %v = load i64, ptr %p, align 8
  ret i64 %v
}

; Two arguments read at the top and selected later (seed 100833), and a
; context argument against a stack slot: the loads become volatile.
; CHECK-LABEL: define i64 @selected_loads(
; CHECK: load volatile i64, ptr %a
; CHECK: load volatile i64, ptr %b
; CHECK: load volatile i64, ptr %a
; CHECK: load volatile i64, ptr %slot
; CHECK: ret i64
define i64 @selected_loads(ptr %ctx, i1 %c) section "hupcall/exit" {
  %slot = alloca i64, align 8
  store i64 7, ptr %slot, align 8
  %a = getelementptr inbounds i8, ptr %ctx, i64 48
  %b = getelementptr inbounds i8, ptr %ctx, i64 64
  %va = load i64, ptr %a, align 8
  %vb = load i64, ptr %b, align 8
  %v = select i1 %c, i64 %vb, i64 %va
  %va2 = load i64, ptr %a, align 8
  %vs = load i64, ptr %slot, align 8
  %w = select i1 %c, i64 %va2, i64 %vs
  %r = add i64 %v, %w
  ret i64 %r
}

; Guest loads (translated: window addresses) a select chooses between, and a
; non-entry function's pointer argument at a selected offset: unchanged.
; CHECK-LABEL: define i64 @guest(
; CHECK-NOT: volatile
; CHECK: ret i64
define i64 @guest(i64 %x, i64 %y, i1 %c) section "hupcall/exit" {
  %p = inttoptr i64 %x to ptr
  %q = inttoptr i64 %y to ptr
  %vp = load i64, ptr %p, align 8
  %vq = load i64, ptr %q, align 8
  %v = select i1 %c, i64 %vp, i64 %vq
  ret i64 %v
}

; CHECK-LABEL: define i64 @not_entry(
; CHECK-NOT: volatile
; CHECK: ret i64
define i64 @not_entry(ptr %arg, i1 %c) {
  %off = select i1 %c, i64 64, i64 56
  %p = getelementptr inbounds i8, ptr %arg, i64 %off
  %v = load i64, ptr %p, align 8
  ret i64 %v
}
