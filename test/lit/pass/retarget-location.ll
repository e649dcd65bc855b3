; Kernel mode's diagnostics point at the line of the user's source file that led to the code,
; never into a header and never at :0:0. The bt asm sits in a header function (bitops.h) that
; the always-inliner inlines into hit(): the surviving stand-in is reported at hit()'s call
; line, 4:12, named as the compile unit names the source (/src/hit.c, as given on the command
; line, while the function's DIFile says hit.c in /src). An asm statement already inlined from
; the header is reported at its call site too (5:3). Code without a debug location is named by
; its source file and function.
; RUN: not opt -load-pass-plugin=%plugin -passes='hupcall-retarget,always-inline,hupcall-retarget-check' -disable-output %s 2>&1 \
; RUN:   | FileCheck %s --implicit-check-not=bitops.h --implicit-check-not=:0:0 --implicit-check-not=error: --implicit-check-not=warning:
; CHECK-DAG: /src/hit.c:5:3: warning: x86 inline assembly removed: "lfence" [-Whupcall-asm-removed]
; CHECK-DAG: /src/hit.c:4:12: error: x86 inline assembly with outputs cannot run in a hyperupcall: "btq $2,$1; setc $0" (in 'var_test_bit')
; CHECK-DAG: /src/hit.c: in function 'nodebug': error: x86 builtin 'llvm.x86.rdtsc' has no BPF equivalent (in 'nodebug')
; CHECK: error: hupcall: kernel-mode compile failed (see the errors above)
; REQUIRES: plugin

source_filename = "/src/hit.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define internal i32 @var_test_bit(i64 %nr, ptr %addr) #0 !dbg !27 {
  %c = alloca i8, align 1
  call void asm "btq $2,$1\0A\09setc $0", "=*qm,*m,Ir,~{dirflag},~{fpsr},~{flags}"(ptr elementtype(i8) %c, ptr elementtype(i64) %addr, i64 %nr), !dbg !50
  %v = load i8, ptr %c, align 1, !dbg !51
  %r = zext i8 %v to i32, !dbg !51
  ret i32 %r, !dbg !51
}

define i32 @hit(i64 %nr, ptr %map) !dbg !13 {
  call void asm sideeffect "lfence", "~{memory}"(), !dbg !36
  %r = call i32 @var_test_bit(i64 %nr, ptr %map), !dbg !34
  ret i32 %r, !dbg !42
}

define i64 @nodebug() {
  %t = call i64 @llvm.x86.rdtsc()
  ret i64 %t
}

declare i64 @llvm.x86.rdtsc()

attributes #0 = { alwaysinline }

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2, !3}

!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, producer: "clang", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "/src/hit.c", directory: "/src")
!2 = !{i32 7, !"Dwarf Version", i32 5}
!3 = !{i32 2, !"Debug Info Version", i32 3}
!13 = distinct !DISubprogram(name: "hit", scope: !15, file: !15, line: 2, type: !14, scopeLine: 3, spFlags: DISPFlagDefinition, unit: !0)
!14 = !DISubroutineType(types: !{})
!15 = !DIFile(filename: "hit.c", directory: "/src")
!27 = distinct !DISubprogram(name: "var_test_bit", scope: !28, file: !28, line: 1, type: !14, scopeLine: 2, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition, unit: !0)
!28 = !DIFile(filename: "./asm/bitops.h", directory: "/src")
!34 = !DILocation(line: 4, column: 12, scope: !13)
!35 = distinct !DILocation(line: 5, column: 3, scope: !13)
!36 = !DILocation(line: 9, column: 5, scope: !27, inlinedAt: !35)
!42 = !DILocation(line: 6, column: 5, scope: !13)
!50 = !DILocation(line: 4, column: 5, scope: !27)
!51 = !DILocation(line: 5, column: 12, scope: !27)
