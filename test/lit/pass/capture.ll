; hupcall-capture: loads of a captured variable (HU_CAPTURE leaves a pointer to it in section
; hupcall_env) become loads of ctx->env[slot] (offset 88 + 8 * slot) in the entry, truncated or
; turned into a pointer as the load wanted; the capture pointers become one relocation-free record
; array (slot, size, name) and the variables, now unused, disappear. A variable that is not
; captured keeps its loads.
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-capture -S %s | FileCheck %s
; REQUIRES: plugin

@vmemmap_base = external global i64, align 8
@nr_shift = external global i32, align 4
@jiffies = external global i64, align 8
@__hu_capture_vmemmap_base = internal constant ptr @vmemmap_base, section "hupcall_env", align 8
@__hu_capture_nr_shift = internal constant ptr @nr_shift, section "hupcall_env", align 8
@llvm.compiler.used = appending global [2 x ptr] [ptr @__hu_capture_vmemmap_base, ptr @__hu_capture_nr_shift], section "llvm.metadata"

; CHECK-NOT: @vmemmap_base =
; CHECK-NOT: @nr_shift =
; CHECK-NOT: __hu_capture_
; CHECK: @jiffies = external global i64
; CHECK: @__hupcall_captures = internal constant [128 x i8] c"\01\00\08\00\00\00\00\00vmemmap_base{{(\\00)+}}\02\00\04\00\00\00\00\00nr_shift{{(\\00)+}}", section "hupcall_env", align 8
; CHECK: @llvm.compiler.used = appending global [1 x ptr] [ptr @__hupcall_captures]

; CHECK-LABEL: define i64 @hupcall_reclaim(ptr %ctx)
; CHECK: [[F1:%.*]] = getelementptr inbounds i8, ptr %ctx, i64 96
; CHECK-NEXT: [[V1:%.*]] = load i64, ptr [[F1]], align 8
; CHECK-NEXT: [[P:%.*]] = inttoptr i64 [[V1]] to ptr
; CHECK: [[F2:%.*]] = getelementptr inbounds i8, ptr %ctx, i64 104
; CHECK-NEXT: [[V2:%.*]] = load i64, ptr [[F2]], align 8
; CHECK-NEXT: [[S:%.*]] = trunc i64 [[V2]] to i32
; CHECK: load i64, ptr @jiffies
define i64 @hupcall_reclaim(ptr %ctx) section "hupcall/reclaim" {
  %base = load ptr, ptr @vmemmap_base, align 8
  %shift = load volatile i32, ptr @nr_shift, align 4
  %w = zext i32 %shift to i64
  %p = getelementptr i8, ptr %base, i64 %w
  %v = load i64, ptr %p, align 8
  %j = load i64, ptr @jiffies, align 8
  %r = add i64 %v, %j
  ret i64 %r
}
