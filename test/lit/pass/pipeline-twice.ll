; Running the whole sequence twice (e.g. compiling IR that was already
; compiled with the plugin) changes nothing the second time: a translated
; module is never annotated again, so host addresses are not masked as guest
; ones.
; REQUIRES: plugin
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall -S %s -o %t.once.ll
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall -S %t.once.ll -o %t.twice.ll
; RUN: FileCheck %s < %t.once.ll
; RUN: FileCheck %s < %t.twice.ll
; CHECK:      getelementptr inbounds i8, ptr %ctx, i64 8
; CHECK:      getelementptr inbounds i8, ptr %ctx, i64 24
; CHECK-NOT:  getelementptr inbounds i8, ptr %ctx, i64 {{8|24}}
; CHECK:      %hu.off = and i64 %w, %hu.mask
; CHECK-NEXT: %hu.haddr = add i64 %hu.off, %hu.hva
; CHECK-NOT:  and i64
; CHECK:      !"hupcall.translated"

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

define i64 @entry(ptr %ctx) section "hupcall/exit" {
  %a = getelementptr i8, ptr %ctx, i64 40
  %w = load i64, ptr %a
  %p = inttoptr i64 %w to ptr
  %v = load i64, ptr %p
  ret i64 %v
}
