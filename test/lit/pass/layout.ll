; hupcall-layout puts each function's blocks in reverse post-order, so every
; branch of an acyclic function goes forward. @lookup is the shape of an
; unrolled walk that returns from inside: the block the early exits share
; (%found) sits before the later iterations, which would jump back to it.
; Unreachable blocks go last; a function already in order is unchanged; a
; real loop keeps its back edge and hupcall-check still reports it.
; REQUIRES: plugin
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-layout -S %s | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-layout -S %s | opt -load-pass-plugin=%plugin -passes=hupcall-layout -S | FileCheck %s
; The whole sequence lays blocks out too.
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall -S %s | FileCheck %s --check-prefix=PIPE
; RUN: sed 's/;LOOP //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-layout,hupcall-check -disable-output 2>&1 | FileCheck %s --check-prefix=LOOP

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

; CHECK-LABEL: define i64 @lookup(
; CHECK:       entry:
; CHECK:       iter1:
; CHECK:       next1:
; CHECK:       iter2:
; CHECK:       found:
; CHECK:       done:
; CHECK:       dead:
; CHECK-NEXT:    br label %found
; CHECK-NEXT:  }
; PIPE-LABEL: define i64 @lookup(
; PIPE:       iter1:
; PIPE:       next1:
; PIPE:       iter2:
; PIPE:       found:
; PIPE:       done.split1:
define i64 @lookup(i64 %key, i64 %k1, i64 %k2) {
entry:
  %empty = icmp eq i64 %k1, 0
  br i1 %empty, label %done, label %iter1

found:
  %v = phi i64 [ %k1, %iter1 ], [ %k2, %iter2 ], [ 0, %dead ]
  br label %done

dead:
  br label %found

iter1:
  %hit1 = icmp eq i64 %k1, %key
  br i1 %hit1, label %found, label %next1

done:
  %r = phi i64 [ -1, %entry ], [ %v, %found ], [ -1, %next1 ], [ -1, %iter2 ]
  ret i64 %r

next1:
  %more = icmp ne i64 %k2, 0
  br i1 %more, label %iter2, label %done

iter2:
  %hit2 = icmp eq i64 %k2, %key
  br i1 %hit2, label %found, label %done
}

; CHECK-LABEL: define i64 @diamond(
; CHECK:       entry:
; CHECK-NEXT:    br i1 %c, label %a, label %b
; CHECK:       b:
; CHECK:       a:
; CHECK:       join:
define i64 @diamond(i1 %c) {
entry:
  br i1 %c, label %a, label %b

b:
  br label %join

a:
  br label %join

join:
  %r = phi i64 [ 1, %a ], [ 2, %b ]
  ret i64 %r
}

;LOOP define i64 @loop(i64 %n) !dbg !5 {
;LOOP entry:
;LOOP   br label %body
;LOOP body:
;LOOP   %i = phi i64 [ 0, %entry ], [ %i1, %body ]
;LOOP   %i1 = add i64 %i, 1
;LOOP   %c = icmp ult i64 %i1, %n
;LOOP   br i1 %c, label %body, label %exit, !dbg !8
;LOOP exit:
;LOOP   ret i64 %i1
;LOOP }
; LOOP: error: layout.c:7:3: in function loop {{.*}}: hupcall: loop survives optimisation (back edge)

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, producer: "clang", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "layout.c", directory: "/")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 7, !"Dwarf Version", i32 5}
!5 = distinct !DISubprogram(name: "loop", scope: !1, file: !1, line: 5, type: !6, spFlags: DISPFlagDefinition, unit: !0)
!6 = !DISubroutineType(types: !7)
!7 = !{null}
!8 = !DILocation(line: 7, column: 3, scope: !5)
