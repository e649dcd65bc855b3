; hupcall-retarget on x86 code that produces a value: asm with an output, asm writing its output
; through a pointer (clang's "=qm"), a %gs per-CPU read and a value-returning x86 builtin each
; become a call of a new stand-in hupcall.x86_asm* (nounwind willreturn memory(none)) whose
; declaration carries the error, naming the function the code sat in. hupcall-retarget-check
; reports the calls that optimisation left, at their line, and fails; a stand-in whose value is
; never used is removed (dce) and never reported.
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-retarget -S %s -o - 2>&1 | FileCheck %s --implicit-check-not=warning:
; RUN: not opt -load-pass-plugin=%plugin -passes='hupcall-retarget,dce,hupcall-retarget-check' -disable-output %s 2>&1 | FileCheck %s --check-prefix=ERR --implicit-check-not=error:
; REQUIRES: plugin

source_filename = "k.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; CHECK-LABEL: define i64 @values(
; CHECK:      %v = call i64 @hupcall.x86_asm(), !dbg [[GS:![0-9]+]]
; CHECK-NEXT: [[C:%.+]] = call i8 @hupcall.x86_asm.1(), !dbg [[BT:![0-9]+]]
; CHECK-NEXT: store i8 [[C]], ptr %c, align 1, !dbg [[BT]]
; CHECK-NEXT: %t = call i64 @hupcall.x86_asm.2(), !dbg [[TSC:![0-9]+]]
; CHECK-NOT: asm
; CHECK: ret i64
; ERR-DAG: k.c:11:3: error: per-CPU access through %gs cannot run in a hyperupcall: name the CPU with per_cpu(var, cpu) (hu_per_cpu in <hupcall/percpu.h>): "movq %gs:$1, $0" (in 'values')
; ERR-DAG: k.c:12:3: error: x86 inline assembly with outputs cannot run in a hyperupcall: "btq $2,$1; setc $0" (in 'values')
; ERR-DAG: k.c:13:7: error: x86 builtin 'llvm.x86.rdtsc' has no BPF equivalent (in 'values')
; ERR: error: hupcall: kernel-mode compile failed (see the errors above)
define i64 @values(ptr %p) !dbg !5 {
  %c = alloca i8, align 1
  %v = call i64 asm sideeffect "movq %gs:$1, $0", "=r,*m,~{dirflag},~{fpsr},~{flags}"(ptr elementtype(i64) %p), !dbg !8
  call void asm "btq $2,$1\0A\09setc $0", "=*qm,*m,Ir,~{dirflag},~{fpsr},~{flags}"(ptr elementtype(i8) %c, ptr elementtype(i64) %p, i64 %v), !dbg !9
  %t = call i64 @llvm.x86.rdtsc(), !dbg !10
  %cv = load i8, ptr %c, align 1
  %cz = zext i8 %cv to i64
  %s = add i64 %v, %cz
  %r = add i64 %s, %t
  ret i64 %r
}

; CHECK-LABEL: define i64 @unused(
; CHECK-NEXT: call i64 @hupcall.x86_asm.3(), !dbg
define i64 @unused(ptr %p) !dbg !11 {
  %v = call i64 asm sideeffect "movq ($1), $0", "=r,r,~{dirflag},~{fpsr},~{flags}"(ptr %p), !dbg !12
  ret i64 0
}

declare i64 @llvm.x86.rdtsc()

; CHECK: declare !hupcall.x86 [[GSMSG:![0-9]+]] i64 @hupcall.x86_asm() [[ATTRS:#[0-9]+]]
; CHECK: declare !hupcall.x86 [[BTMSG:![0-9]+]] i8 @hupcall.x86_asm.1() [[ATTRS]]
; CHECK: declare !hupcall.x86 {{![0-9]+}} i64 @hupcall.x86_asm.2() [[ATTRS]]
; CHECK-NOT: llvm.x86.rdtsc
; CHECK: attributes [[ATTRS]] = { nounwind willreturn memory(none) }
; CHECK: [[GSMSG]] = !{!"per-CPU access through %gs cannot run in a hyperupcall: {{.*}} (in 'values')"}
; CHECK: [[BTMSG]] = !{!"x86 inline assembly with outputs cannot run in a hyperupcall: \22btq $2,$1; setc $0\22 (in 'values')"}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}

!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, producer: "clang", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "k.c", directory: "/src")
!3 = !{i32 7, !"Dwarf Version", i32 5}
!4 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "values", scope: !1, file: !1, line: 8, type: !6, scopeLine: 9, spFlags: DISPFlagDefinition, unit: !0)
!6 = !DISubroutineType(types: !7)
!7 = !{}
!8 = !DILocation(line: 11, column: 3, scope: !5)
!9 = !DILocation(line: 12, column: 3, scope: !5)
!10 = !DILocation(line: 13, column: 7, scope: !5)
!11 = distinct !DISubprogram(name: "unused", scope: !1, file: !1, line: 20, type: !6, scopeLine: 20, spFlags: DISPFlagDefinition, unit: !0)
!12 = !DILocation(line: 21, column: 3, scope: !11)
