; hupcall-check accepts what the verifier accepts (helper calls, extern guest
; symbols, direct calls, a small stack, constant-length copies, an unreachable
; block nothing branches to) and turns each construct it would reject into a
; compile error at the source line. opt stops at the first error, so each bad case is its own RUN.
; REQUIRES: plugin
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-check -S %s | FileCheck %s --check-prefix=OK
; RUN: sed 's/;BAD-AS //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-check -disable-output 2>&1 | FileCheck %s --check-prefix=AS
; RUN: sed 's/;BAD-INDIRECT //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-check -disable-output 2>&1 | FileCheck %s --check-prefix=INDIRECT
; RUN: sed 's/;BAD-FNPTR //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-check -disable-output 2>&1 | FileCheck %s --check-prefix=FNPTR
; RUN: sed 's/;BAD-UNDEF //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-check -disable-output 2>&1 | FileCheck %s --check-prefix=UNDEF
; RUN: sed 's/;BAD-ASM //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-check -disable-output 2>&1 | FileCheck %s --check-prefix=ASM
; RUN: sed 's/;BAD-GLOBAL //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-check -disable-output 2>&1 | FileCheck %s --check-prefix=GLOBAL
; RUN: sed 's/;BAD-RODATA //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-check -disable-output 2>&1 | FileCheck %s --check-prefix=RODATA
; RUN: sed 's/;BAD-LOOP //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-check -disable-output 2>&1 | FileCheck %s --check-prefix=LOOP
; RUN: sed 's/;BAD-STACK //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-check -disable-output 2>&1 | FileCheck %s --check-prefix=STACK
; RUN: sed 's/;BAD-VARLEN //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-check -disable-output 2>&1 | FileCheck %s --check-prefix=VARLEN
; RUN: sed 's/;BAD-PH //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-check -disable-output 2>&1 | FileCheck %s --check-prefix=PH
; RUN: sed 's/;BAD-TRAP //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-check -disable-output 2>&1 | FileCheck %s --check-prefix=TRAP
; RUN: sed 's/;BAD-UNREACH //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-check -disable-output 2>&1 | FileCheck %s --check-prefix=UNREACH
; RUN: sed 's/;BAD-NEVER //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-check -disable-output 2>&1 | FileCheck %s --check-prefix=NEVER

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@guest_sym = external global i64
@table = internal constant [2 x i64] [i64 1, i64 2]
@counter = internal global i64 0

; OK-LABEL: define i64 @good(ptr %ctx)
; OK: call i64 inttoptr (i64 7 to ptr)(i64 0)
; hucc's stand-ins for x86 assembly are left for hucc to report.
; OK: call i64 @hupcall.x86_asm.0()
define i64 @good(ptr %ctx) section "hupcall/exit" !dbg !5 {
entry:
  %buf = alloca [64 x i64]
  %g = load i64, ptr @guest_sym
  %c = and i64 %g, 1
;BAD-RODATA %t = getelementptr [2 x i64], ptr @table, i64 0, i64 %c, !dbg !8
;BAD-RODATA %tv = load i64, ptr %t, !dbg !8
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 512, i1 false)
  %f = call i64 inttoptr (i64 7 to ptr)(i64 0)
  %d = call i64 @callee(i64 %c)
  %stub = call i64 @hupcall.x86_asm.0()
;BAD-UNDEF %u = call i64 @guest_function(i64 %c), !dbg !8
;BAD-AS %as = addrspacecast ptr %ctx to ptr addrspace(1), !dbg !8
;BAD-INDIRECT %fp = inttoptr i64 %g to ptr
;BAD-INDIRECT %ic = call i64 %fp(i64 1), !dbg !8
;BAD-FNPTR store ptr @callee, ptr %buf, !dbg !8
;BAD-ASM call void asm sideeffect "r0 = 0", ""(), !dbg !8
;BAD-GLOBAL store i64 %g, ptr @counter, !dbg !8
;BAD-LOOP br label %loop
;BAD-LOOP loop:
;BAD-LOOP %n = phi i64 [ 0, %entry ], [ %n1, %loop ]
;BAD-LOOP %n1 = add i64 %n, 1
;BAD-LOOP %done = icmp eq i64 %n1, %g
;BAD-LOOP br i1 %done, label %out, label %loop, !dbg !8
;BAD-LOOP out:
;BAD-STACK %big = alloca [8 x i64], !dbg !8
;BAD-VARLEN call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 %g, i1 false), !dbg !8
;BAD-PH %ph = call i64 @__hupcall_mask(), !dbg !8
;BAD-TRAP call void @llvm.trap(), !dbg !8
;BAD-UNREACH %odd = icmp eq i64 %c, 1
;BAD-UNREACH br i1 %odd, label %ub, label %fine
;BAD-UNREACH ub:
;BAD-UNREACH unreachable, !dbg !8
;BAD-UNREACH fine:
  %r = add i64 %c, %f
  %s = add i64 %r, %d
  ret i64 %s
; No predecessor: the back end drops it, nothing to report.
dead:
  unreachable
}

; The default of a switch whose cases cover every value is unreachable: the
; back end emits no code for it, nothing to report.
; OK-LABEL: define i64 @covered(
; OK: none:
; OK-NEXT: unreachable
define i64 @covered(i64 %x) section "hupcall/exit" {
entry:
  %k = and i64 %x, 1
  switch i64 %k, label %none [
    i64 0, label %zero
    i64 1, label %one
  ]
zero:
  ret i64 5
one:
  ret i64 7
none:
  unreachable
}

; An entry whose every execution is undefined (csmith seed 7: a loop that
; never ends) is only `unreachable`.
;BAD-NEVER define i64 @never(ptr %ctx) section "hupcall/exit" !dbg !9 {
;BAD-NEVER   unreachable, !dbg !10
;BAD-NEVER }
; NEVER: bad.c:21:5: in function never i64 (ptr): hupcall: code here is reached only through undefined behaviour

define internal i64 @callee(i64 %x) noinline {
  ret i64 %x
}

declare i64 @__hupcall_mask()
declare i64 @hupcall.x86_asm.0()
declare i64 @guest_function(i64)
declare void @llvm.trap()

; AS: bad.c:12:3: in function good i64 (ptr): hupcall: internal: a pointer in a non-zero address space reached code generation (was hupcall-translate run?)
; INDIRECT: bad.c:12:3: in function good i64 (ptr): hupcall: indirect call through a function pointer is not allowed in a hyperupcall
; FNPTR: bad.c:12:3: in function good i64 (ptr): hupcall: function pointer to 'callee' is not allowed in a hyperupcall
; UNDEF: bad.c:12:3: in function good i64 (ptr): hupcall: call to 'guest_function', which is not defined here: a hyperupcall calls only helpers and functions of its own file
; ASM: bad.c:12:3: in function good i64 (ptr): hupcall: inline assembly is not allowed in a hyperupcall
; GLOBAL: bad.c:12:3: in function good i64 (ptr): hupcall: writable global or static variable 'counter' is not allowed in a hyperupcall (make it const, or extern to use the guest's)
; RODATA: bad.c:12:3: in function good i64 (ptr): hupcall: read-only data 'table' cannot be folded into immediates and hyperupcalls have no data sections (read it at constant indices, or use an extern guest table)
; LOOP: bad.c:12:3: in function good i64 (ptr): hupcall: loop survives optimisation (back edge): a hyperupcall must be loop-free; with HU_UNROLL in front, count from 0 to a constant (for (k = 0; k < 4; k++) { i = start + k; ... }), bound it with hu_for_bounded(i, n, MAX), or add a counted break (if (++k == MAX) break;)
; STACK: in function good i64 (ptr): hupcall: stack frame of about 576 bytes (an estimate from the local variables) exceeds the 512-byte BPF stack
; VARLEN: bad.c:12:3: in function good i64 (ptr): hupcall: variable-length copy into host memory: the length must be a compile-time constant
; PH: bad.c:12:3: in function good i64 (ptr): hupcall: internal: window placeholder left (was hupcall-ctx-cache run?)
; TRAP: bad.c:12:3: in function good i64 (ptr): hupcall: a trap (__builtin_trap()) cannot stop a hyperupcall: the BPF back end would call __bpf_trap, which the host does not have; return an error value instead
; UNREACH: bad.c:12:3: in function good i64 (ptr): hupcall: code here is reached only through undefined behaviour (LLVM proved it unreachable: a loop that never ends, an access out of bounds, __builtin_unreachable()), and the BPF back end would call __bpf_trap, which the host does not have: make every path return

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}
!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, emissionKind: LineTablesOnly)
!1 = !DIFile(filename: "bad.c", directory: "/src")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 7, !"Dwarf Version", i32 5}
!5 = distinct !DISubprogram(name: "good", scope: !1, file: !1, line: 3, type: !6, unit: !0, spFlags: DISPFlagDefinition)
!6 = !DISubroutineType(types: !7)
!7 = !{}
!8 = !DILocation(line: 12, column: 3, scope: !5)
!9 = distinct !DISubprogram(name: "never", scope: !1, file: !1, line: 20, type: !6, unit: !0, spFlags: DISPFlagDefinition)
!10 = !DILocation(line: 21, column: 5, scope: !9)
