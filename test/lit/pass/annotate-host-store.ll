; A stack or host address stored to memory could reach the guest (and would
; lose its provenance): a compile error. Storing a guest pointer is fine (see
; annotate-guest-pointers.ll).
; REQUIRES: plugin
; RUN: not opt -load-pass-plugin=%plugin -passes=hupcall-annotate -disable-output %s 2>&1 | FileCheck %s
; CHECK: leak.c:9:5: in function leak void (ptr): hupcall: a stack or host address is stored to memory: it could reach the guest and its provenance would be lost; only guest pointers may be stored

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@guest_slot = external global ptr

define void @leak(ptr %ctx) section "hupcall/exit" !dbg !5 {
  store ptr %ctx, ptr @guest_slot, !dbg !8
  ret void
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, emissionKind: LineTablesOnly)
!1 = !DIFile(filename: "leak.c", directory: "/src")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 7, !"Dwarf Version", i32 5}
!5 = distinct !DISubprogram(name: "leak", scope: !1, file: !1, line: 3, type: !6, unit: !0, spFlags: DISPFlagDefinition)
!6 = !DISubroutineType(types: !7)
!7 = !{}
!8 = !DILocation(line: 9, column: 5, scope: !5)
