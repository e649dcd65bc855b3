; hupcall-retarget on IR of clang's x86-64 front end (hucc --kernel): BPF triple and data layout,
; no x86 function attributes (on functions and calls), top-level asm removed with a warning, a
; barrier() (empty asm, memory clobber) becomes a compiler fence, empty asm without a clobber goes
; silently, statement asm and a void x86 builtin are removed with a warning at their line, and the
; builtin's declaration goes too.
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-retarget -S %s -o - 2>%t.err | FileCheck %s
; RUN: FileCheck %s --check-prefix=WARN --input-file=%t.err
; REQUIRES: plugin

source_filename = "k.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

module asm ".globl foo"
module asm "foo: ret"

; CHECK: target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
; CHECK: target triple = "bpf"
; CHECK-NOT: module asm
; WARN: k.c: warning: top-level inline assembly removed [-Whupcall-asm-removed]

; CHECK-LABEL: define dso_local i32 @fences(
; CHECK-NEXT: fence syncscope("singlethread") seq_cst
; CHECK-NEXT: call void @ext() #0
; CHECK-NEXT: %v = load i32, ptr %p
; CHECK-NEXT: ret i32 %v
define dso_local i32 @fences(ptr %p) #0 !dbg !5 {
  call void asm sideeffect "", "~{memory},~{dirflag},~{fpsr},~{flags}"() #1, !dbg !8
  call void asm sideeffect "", "~{dirflag},~{fpsr},~{flags}"() #1, !dbg !9
  ; WARN: k.c:12:5: warning: x86 inline assembly removed: "lfence" [-Whupcall-asm-removed]
  call void asm sideeffect "lfence", "~{memory},~{dirflag},~{fpsr},~{flags}"() #1, !dbg !10
  ; WARN: k.c:13:5: warning: x86 builtin 'llvm.x86.sse2.pause' has no BPF equivalent: removed [-Whupcall-asm-removed]
  call void @llvm.x86.sse2.pause() #0, !dbg !11
  call void @ext() #0
  %v = load i32, ptr %p, align 4
  ret i32 %v
}

; CHECK-NOT: llvm.x86.sse2.pause
declare void @llvm.x86.sse2.pause() #1
declare void @ext()

; CHECK: attributes #0 = { nounwind "stack-protector-buffer-size"="8" }
; CHECK-NOT: target-cpu
; CHECK-NOT: target-features
; CHECK-NOT: tune-cpu
attributes #0 = { nounwind "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,-sse" "tune-cpu"="generic" }
attributes #1 = { nounwind }

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}

!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, producer: "clang", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "k.c", directory: "/src")
!3 = !{i32 7, !"Dwarf Version", i32 5}
!4 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "fences", scope: !1, file: !1, line: 8, type: !6, scopeLine: 9, spFlags: DISPFlagDefinition, unit: !0)
!6 = !DISubroutineType(types: !7)
!7 = !{}
!8 = !DILocation(line: 10, column: 5, scope: !5)
!9 = !DILocation(line: 11, column: 5, scope: !5)
!10 = !DILocation(line: 12, column: 5, scope: !5)
!11 = !DILocation(line: 13, column: 5, scope: !5)
