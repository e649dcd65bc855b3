; hupcall-fold-rodata: the loader maps no data sections, so hyperupcall-owned
; constants read at constant places become immediates and disappear; a read
; at a variable index stays (hupcall-check reports it, see check.ll).
; REQUIRES: plugin
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-fold-rodata -S %s | FileCheck %s

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@__const.init = private unnamed_addr constant [3 x i32] [i32 1, i32 2, i32 3], align 4
@table = internal constant [4 x i64] [i64 10, i64 20, i64 30, i64 40]
@lookup = internal constant [4 x i64] [i64 5, i64 6, i64 7, i64 8]

; CHECK-NOT: @__const.init
; CHECK-NOT: @table
; CHECK: @lookup = internal constant

; A local array initialiser (memcpy from a private constant) becomes stores
; of immediates, 8 bytes where the destination's alignment allows.
; CHECK-LABEL: define i64 @f(i64 %i)
; CHECK:      %buf = alloca [3 x i32], align 8
; CHECK-NEXT: [[P0:%[0-9]+]] = getelementptr i8, ptr %buf, i64 0
; CHECK-NEXT: store volatile i64 8589934593, ptr [[P0]], align 8
; CHECK-NEXT: [[P8:%[0-9]+]] = getelementptr i8, ptr %buf, i64 8
; CHECK-NEXT: store volatile i32 3, ptr [[P8]], align 8
; A variable index cannot be folded.
; CHECK:      %l = load i64, ptr %lp
; A load at a constant offset: its value.
; CHECK-NEXT: %r = add i64 30, %l
define i64 @f(i64 %i) {
  %buf = alloca [3 x i32], align 8
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %buf, ptr align 4 @__const.init, i64 12, i1 true)
  %t = load i64, ptr getelementptr inbounds ([4 x i64], ptr @table, i64 0, i64 2)
  %lp = getelementptr [4 x i64], ptr @lookup, i64 0, i64 %i
  %l = load i64, ptr %lp
  %r = add i64 %t, %l
  ret i64 %r
}
