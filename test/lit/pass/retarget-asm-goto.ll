; hupcall-retarget on asm goto: the static key of x86 arch_static_branch (a __jump_table entry
; naming the key and the flag) becomes the branch the kernel patches in - load the key's
; `enabled` (volatile), jump when it is positive XOR the flag's bit 0 - silently; any other asm
; goto takes its fall-through path with a warning at its line, and the label it no longer jumps
; to loses the edge (its phi too); an asm goto with outputs is an error at its line (opt exits 1).
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-retarget -S %s -o - 2>%t.err | FileCheck %s
; RUN: FileCheck %s --check-prefix=WARN --input-file=%t.err --implicit-check-not=warning: --implicit-check-not=error:
; RUN: sed 's/^;OUTPUTS //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-retarget -disable-output 2>&1 | FileCheck %s --check-prefix=OUTPUTS
; REQUIRES: plugin

source_filename = "k.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; CHECK-LABEL: define internal i32 @arch_static_branch(
; CHECK:      %hu.jl = load volatile i32, ptr %k, align 4, !dbg [[KEYLOC:![0-9]+]]
; CHECK-NEXT: %hu.jl.on = icmp sgt i32 %hu.jl, 0
; CHECK-NEXT: [[BIT:%.+]] = and i32 %branch, 1
; CHECK-NEXT: %hu.jl.flag = icmp ne i32 [[BIT]], 0
; CHECK-NEXT: %hu.jl.jump = xor i1 %hu.jl.on, %hu.jl.flag
; CHECK-NEXT: br i1 %hu.jl.jump, label %yes, label %no
define internal i32 @arch_static_branch(ptr %k, i32 %branch) !dbg !5 {
entry:
  callbr void asm sideeffect "1: .byte 0x0f,0x1f,0x44,0x00,0\0A\09.pushsection __jump_table, \22aw\22\0A\09.quad 1b, ${2:l}, ${0:c} + ${1:c}\0A\09.popsection", "i,i,!i,~{dirflag},~{fpsr},~{flags}"(ptr %k, i32 %branch)
          to label %no [label %yes], !dbg !8
no:
  ret i32 0
yes:
  ret i32 1
}

; CHECK-LABEL: define i32 @other_goto(
; CHECK:      entry:
; CHECK-NEXT: br label %fall, !dbg
; CHECK:      out:
; CHECK-SAME: preds = %fall{{$}}
; CHECK-NEXT: ret i32 %x
define i32 @other_goto(i32 %x) !dbg !9 {
entry:
  ; WARN: k.c:21:3: warning: asm goto replaced by its fall-through path (the jump is never taken): "jmp ${0:l}" [-Whupcall-asm-goto]
  callbr void asm sideeffect "jmp ${0:l}", "!i,~{dirflag},~{fpsr},~{flags}"()
          to label %fall [label %out], !dbg !10
fall:
  br label %out
out:
  %r = phi i32 [ %x, %fall ], [ 0, %entry ]
  ret i32 %r
}

; OUTPUTS: k.c:31:3: error: asm goto with outputs cannot run in a hyperupcall: "mov $1, $0; jmp ${2:l}"
; OUTPUTS: error: hupcall: kernel-mode compile failed (see the errors above)
;OUTPUTS define i32 @outputs_goto(i32 %x) !dbg !11 {
;OUTPUTS entry:
;OUTPUTS   %y = callbr i32 asm "mov $1, $0; jmp ${2:l}", "=r,r,!i,~{dirflag},~{fpsr},~{flags}"(i32 %x)
;OUTPUTS           to label %fall [label %out], !dbg !12
;OUTPUTS fall:
;OUTPUTS   ret i32 %y
;OUTPUTS out:
;OUTPUTS   ret i32 -1
;OUTPUTS }

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}

!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, producer: "clang", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "k.c", directory: "/src")
!3 = !{i32 7, !"Dwarf Version", i32 5}
!4 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "arch_static_branch", scope: !1, file: !1, line: 8, type: !6, scopeLine: 9, spFlags: DISPFlagDefinition, unit: !0)
!6 = !DISubroutineType(types: !7)
!7 = !{}
!8 = !DILocation(line: 10, column: 5, scope: !5)
!9 = distinct !DISubprogram(name: "other_goto", scope: !1, file: !1, line: 20, type: !6, scopeLine: 20, spFlags: DISPFlagDefinition, unit: !0)
!10 = !DILocation(line: 21, column: 3, scope: !9)
!11 = distinct !DISubprogram(name: "outputs_goto", scope: !1, file: !1, line: 30, type: !6, scopeLine: 30, spFlags: DISPFlagDefinition, unit: !0)
!12 = !DILocation(line: 31, column: 3, scope: !11)
