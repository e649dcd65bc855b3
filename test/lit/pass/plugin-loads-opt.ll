; The plugin loads in opt and registers every pass by name.
; REQUIRES: plugin
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-annotate,hupcall-translate,hupcall-ctx-cache,hupcall-check -S %s | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall -S %s | FileCheck %s
; An unknown name must still fail: the parsing callback only claims its own.
; RUN: not opt -load-pass-plugin=%plugin -passes=hupcall-nonesuch -S %s 2>&1 | FileCheck %s --check-prefix=UNKNOWN

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

; CHECK: define i64 @plain(i64 %x)
; CHECK-NEXT: ret i64 %x
define i64 @plain(i64 %x) {
  ret i64 %x
}

; UNKNOWN: unknown pass name 'hupcall-nonesuch'
