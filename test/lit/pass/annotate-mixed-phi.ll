; A pointer that may be a guest pointer or a stack pointer cannot be
; translated: a compile error at the access, never an unchecked access.
; REQUIRES: plugin
; RUN: not opt -load-pass-plugin=%plugin -passes=hupcall-annotate -disable-output %s 2>&1 | FileCheck %s
; CHECK: mixed.c:7:12: in function mixed i64 (ptr): hupcall: pointer may point to guest memory or to the stack/context (a phi or select mixes them); hupcall cannot translate it: keep guest and local pointers apart

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

define i64 @mixed(ptr %ctx) section "hupcall/exit" !dbg !5 {
entry:
  %local = alloca [2 x i64]
  %args = getelementptr inbounds i8, ptr %ctx, i64 40
  %w = load i64, ptr %args
  store i64 1, ptr %local
  %g = inttoptr i64 %w to ptr
  %c = icmp eq i64 %w, 0
  %p = select i1 %c, ptr %local, ptr %g
  %v = load i64, ptr %p, !dbg !8
  ret i64 %v
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, emissionKind: LineTablesOnly)
!1 = !DIFile(filename: "mixed.c", directory: "/src")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 7, !"Dwarf Version", i32 5}
!5 = distinct !DISubprogram(name: "mixed", scope: !1, file: !1, line: 3, type: !6, unit: !0, spFlags: DISPFlagDefinition)
!6 = !DISubroutineType(types: !7)
!7 = !{}
!8 = !DILocation(line: 7, column: 12, scope: !5)
