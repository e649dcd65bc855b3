; hupcall-ctx-cache: in an entry the placeholders become one load each of
; ctx->hva (+8) and ctx->guest_mask (+24); a function that is not an entry
; gets them as two hidden i64 parameters, passed on by every caller, also
; through functions that only forward them. Reused functions never get ctx.
; REQUIRES: plugin
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-ctx-cache -S %s | FileCheck %s
; BPF passes five arguments in registers: a function left with four real ones
; (normally inlined by the plugin's pipeline) cannot take the two hidden ones.
; RUN: sed 's/;BAD-ARGS //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-ctx-cache -disable-output 2>&1 | FileCheck %s --check-prefix=ARGS
; ARGS: in function four i64 (i64, i64, i64, i64): hupcall: this function touches guest memory and takes 4 arguments: with hva and the mask that exceeds BPF's 5; let it be inlined or pass fewer

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

; CHECK-LABEL: define i64 @entry(ptr %ctx)
; CHECK-NEXT: [[H:%[0-9]+]] = getelementptr inbounds i8, ptr %ctx, i64 8
; CHECK-NEXT: %hu.hva = load i64, ptr [[H]], align 8
; CHECK-NEXT: [[M:%[0-9]+]] = getelementptr inbounds i8, ptr %ctx, i64 24
; CHECK-NEXT: %hu.mask = load i64, ptr [[M]], align 8
; CHECK-NOT: getelementptr inbounds i8, ptr %ctx, i64 {{8|24}}
; CHECK: %off = and i64 %g, %hu.mask
; CHECK-NEXT: %addr = add i64 %off, %hu.hva
; CHECK: %r = call i64 @forward(i64 %g, i64 %hu.hva, i64 %hu.mask)
; CHECK: %s = call i64 @pure(i64 %g)
; CHECK-NOT: load i64, ptr
; CHECK: ret i64
define i64 @entry(ptr %ctx) section "hupcall/reclaim" {
  %hva.ph = call i64 @__hupcall_hva()
  %mask.ph = call i64 @__hupcall_mask()
  %args = getelementptr inbounds i8, ptr %ctx, i64 40
  %g = load i64, ptr %args
  %off = and i64 %g, %mask.ph
  %addr = add i64 %off, %hva.ph
  %p = inttoptr i64 %addr to ptr
  %v = load i64, ptr %p
  %r = call i64 @forward(i64 %g)
  %s = call i64 @pure(i64 %g)
  %t = add i64 %v, %r
  %u = add i64 %t, %s
  ret i64 %u
}

; Touches no guest memory itself, but calls a function that does.
; CHECK-LABEL: define internal i64 @forward(i64 %g, i64 %hu.hva, i64 %hu.mask)
; CHECK-NEXT: %r = call i64 @leaf(i64 %g, i64 %hu.hva, i64 %hu.mask)
define internal i64 @forward(i64 %g) noinline {
  %r = call i64 @leaf(i64 %g)
  ret i64 %r
}

; CHECK-LABEL: define internal i64 @leaf(i64 %g, i64 %hu.hva, i64 %hu.mask)
; CHECK-NEXT: %off = and i64 %g, %hu.mask
; CHECK-NEXT: %addr = add i64 %off, %hu.hva
define internal i64 @leaf(i64 %g) noinline {
  %hva.ph = call i64 @__hupcall_hva()
  %mask.ph = call i64 @__hupcall_mask()
  %off = and i64 %g, %mask.ph
  %addr = add i64 %off, %hva.ph
  %p = inttoptr i64 %addr to ptr
  %v = load i64, ptr %p
  ret i64 %v
}

; Needs nothing: its signature is unchanged.
; CHECK-LABEL: define internal i64 @pure(i64 %g)
define internal i64 @pure(i64 %g) noinline {
  %r = mul i64 %g, 3
  ret i64 %r
}

;BAD-ARGS define internal i64 @four(i64 %a, i64 %b, i64 %c, i64 %d) {
;BAD-ARGS   %m = call i64 @__hupcall_mask()
;BAD-ARGS   ret i64 %m
;BAD-ARGS }

; CHECK-NOT: __hupcall
declare i64 @__hupcall_hva()
declare i64 @__hupcall_mask()
