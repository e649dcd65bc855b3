; hupcall-capture: only an entry has the context, so a function reading a captured variable is
; inlined into its callers (even noinline, two levels deep) until the read is in the entry, and
; the local functions left without callers are deleted; the read then comes from ctx->env[1].
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-capture -S %s | FileCheck %s
; REQUIRES: plugin

@base = external global i64, align 8
@__hu_capture_base = internal constant ptr @base, section "hupcall_env", align 8
@llvm.compiler.used = appending global [1 x ptr] [ptr @__hu_capture_base], section "llvm.metadata"

; CHECK-NOT: define internal
; CHECK-LABEL: define i64 @hupcall_reclaim(ptr %ctx)
; CHECK-NOT: {{@read_base|@twice}}
; CHECK: getelementptr inbounds i8, ptr %ctx, i64 96
; CHECK-NOT: {{@read_base|@twice}}
; CHECK: ret i64
; CHECK-NOT: define internal
define internal i64 @read_base(i64 %i) noinline {
  %b = load i64, ptr @base, align 8
  %r = add i64 %b, %i
  ret i64 %r
}

define internal i64 @twice(i64 %i) noinline {
  %a = call i64 @read_base(i64 %i)
  %b = call i64 @read_base(i64 1)
  %r = add i64 %a, %b
  ret i64 %r
}

define i64 @hupcall_reclaim(ptr %ctx) section "hupcall/reclaim" {
  %r = call i64 @twice(i64 2)
  ret i64 %r
}
