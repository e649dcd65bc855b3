; hupcall-retarget's warnings follow hucc's -W flags, which hucc passes as
; -hupcall-asm-removed= and -hupcall-asm-goto= (ignore, warning, error): an error says
; [-Werror,-W...] and fails (opt exits 1), ignore says nothing; each warning on its own.
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-retarget -disable-output %s 2>&1 | FileCheck %s --check-prefix=WARN --implicit-check-not=error:
; RUN: not opt -load-pass-plugin=%plugin -passes=hupcall-retarget -hupcall-asm-removed=error -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMOVED-ERR
; RUN: not opt -load-pass-plugin=%plugin -passes=hupcall-retarget -hupcall-asm-goto=error -hupcall-asm-removed=ignore -disable-output %s 2>&1 | FileCheck %s --check-prefix=GOTO-ERR --implicit-check-not=removed
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-retarget -hupcall-asm-goto=ignore -hupcall-asm-removed=ignore -disable-output %s 2>&1 | count 0
; REQUIRES: plugin
; WARN: k.c:3:5: warning: x86 inline assembly removed: "clac" [-Whupcall-asm-removed]
; WARN: k.c:4:5: warning: asm goto replaced by its fall-through path (the jump is never taken): "jmp ${0:l}" [-Whupcall-asm-goto]
; REMOVED-ERR: k.c:3:5: error: x86 inline assembly removed: "clac" [-Werror,-Whupcall-asm-removed]
; REMOVED-ERR: k.c:4:5: warning: asm goto replaced by its fall-through path (the jump is never taken): "jmp ${0:l}" [-Whupcall-asm-goto]
; REMOVED-ERR: error: hupcall: kernel-mode compile failed (see the errors above)
; GOTO-ERR: k.c:4:5: error: asm goto replaced by its fall-through path (the jump is never taken): "jmp ${0:l}" [-Werror,-Whupcall-asm-goto]
; GOTO-ERR: error: hupcall: kernel-mode compile failed (see the errors above)

source_filename = "k.c"
target triple = "x86_64-unknown-linux-gnu"

define void @f() !dbg !5 {
entry:
  call void asm sideeffect "clac", "~{memory}"(), !dbg !8
  callbr void asm sideeffect "jmp ${0:l}", "!i"()
          to label %fall [label %fall], !dbg !9
fall:
  ret void
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}

!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, producer: "clang", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "k.c", directory: "/src")
!3 = !{i32 7, !"Dwarf Version", i32 5}
!4 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "f", scope: !1, file: !1, line: 1, type: !6, scopeLine: 2, spFlags: DISPFlagDefinition, unit: !0)
!6 = !DISubroutineType(types: !7)
!7 = !{}
!8 = !DILocation(line: 3, column: 5, scope: !5)
!9 = !DILocation(line: 4, column: 5, scope: !5)
