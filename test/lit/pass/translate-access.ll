; hupcall-translate: every load/store through addrspace(1) goes to
; hva + (gva & mask); constant offsets fold after the mask only while they
; stay inside the guard (HU_GUARD_SIZE = 0x10000); the rest is masked whole.
; Everything is lowered to address space 0 at the end.
; REQUIRES: plugin
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-translate -S %s | FileCheck %s

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@sym = external global i64

; CHECK-LABEL: define i64 @fields(ptr %ctx, ptr %g)
; CHECK-NEXT: %hu.hva.ph = call i64 @__hupcall_hva()
; CHECK-NEXT: %hu.mask.ph = call i64 @__hupcall_mask()
; Field at +16: folded.
; CHECK-NEXT: %f16 = getelementptr i8, ptr %g, i64 16
; CHECK-NEXT: %hu.gva = ptrtoint ptr %g to i64
; CHECK-NEXT: %hu.off = and i64 %hu.gva, %hu.mask.ph
; CHECK-NEXT: %hu.haddr = add i64 %hu.off, %hu.hva.ph
; CHECK-NEXT: %hu.host = inttoptr i64 %hu.haddr to ptr
; CHECK-NEXT: %hu.field = getelementptr i8, ptr %hu.host, i64 16
; CHECK-NEXT: %a = load i64, ptr %hu.field
; At 0xfff8 an 8-byte access ends exactly at the guard: still folded.
; CHECK: %hu.field{{[0-9]+}} = getelementptr i8, ptr %hu.host{{[0-9]+}}, i64 65528
; CHECK-NEXT: %b = load i64, ptr %hu.field
; At 0xfffc it would cross the guard: the whole address is masked.
; CHECK: %hu.gva{{[0-9]+}} = ptrtoint ptr %fbig to i64
; CHECK-NEXT: %hu.off{{[0-9]+}} = and i64 %hu.gva{{[0-9]+}}, %hu.mask.ph
; CHECK-NEXT: %hu.haddr{{[0-9]+}} = add i64 %hu.off{{[0-9]+}}, %hu.hva.ph
; CHECK-NEXT: %hu.host{{[0-9]+}} = inttoptr i64 %hu.haddr{{[0-9]+}} to ptr
; CHECK-NEXT: %c = load i64, ptr %hu.host
; A negative offset is never folded.
; CHECK: %hu.gva{{[0-9]+}} = ptrtoint ptr %fneg to i64
; CHECK: %d = load i64, ptr %hu.host
; A variable index: masked whole.
; CHECK: %hu.gva{{[0-9]+}} = ptrtoint ptr %fvar to i64
; CHECK: store i64 %d, ptr %hu.host
; A guest pointer stored into guest memory is stored as its guest address.
; CHECK: store ptr %g, ptr %hu.field
; An extern guest symbol is a guest address too.
; CHECK: %hu.off{{[0-9]+}} = and i64 ptrtoint (ptr @sym to i64), %hu.mask.ph
; CHECK: %s = load i64, ptr %hu.host
; The context (addrspace(2) or the plain first argument) is read directly.
; CHECK: %ev = load i32, ptr %ctx
; CHECK-NOT: addrspace
define i64 @fields(ptr addrspace(2) %ctx, ptr addrspace(1) %g) {
  %f16 = getelementptr i8, ptr addrspace(1) %g, i64 16
  %a = load i64, ptr addrspace(1) %f16
  %fend = getelementptr i8, ptr addrspace(1) %g, i64 65528
  %b = load i64, ptr addrspace(1) %fend
  %fbig = getelementptr i8, ptr addrspace(1) %g, i64 65532
  %c = load i64, ptr addrspace(1) %fbig
  %fneg = getelementptr i8, ptr addrspace(1) %g, i64 -8
  %d = load i64, ptr addrspace(1) %fneg
  %fvar = getelementptr i64, ptr addrspace(1) %g, i64 %a
  store i64 %d, ptr addrspace(1) %fvar
  store ptr addrspace(1) %g, ptr addrspace(1) %f16
  %s = load i64, ptr addrspace(1) addrspacecast (ptr @sym to ptr addrspace(1))
  %ev = load i32, ptr addrspace(2) %ctx
  %ev64 = zext i32 %ev to i64
  %t1 = add i64 %b, %c
  %t2 = add i64 %t1, %s
  %t3 = add i64 %t2, %ev64
  ret i64 %t3
}

; A phi of guest pointers is lowered to a phi of guest addresses; only the
; access through it is translated. Stack accesses are untouched.
; CHECK-LABEL: define i64 @phi(i1 %c, ptr %x, ptr %y)
; CHECK: %p = phi ptr [ %x, %entry ], [ %y, %other ]
; CHECK: %hu.gva = ptrtoint ptr %p to i64
; CHECK: %v = load i64, ptr %hu.host
; CHECK: store i64 %v, ptr %buf
define i64 @phi(i1 %c, ptr addrspace(1) %x, ptr addrspace(1) %y) {
entry:
  %buf = alloca i64
  br i1 %c, label %other, label %join
other:
  br label %join
join:
  %p = phi ptr addrspace(1) [ %x, %entry ], [ %y, %other ]
  %v = load i64, ptr addrspace(1) %p
  store i64 %v, ptr %buf
  %r = load i64, ptr %buf
  ret i64 %r
}

; No guest access: no placeholders.
; CHECK-LABEL: define i64 @stack_only(i64 %v)
; CHECK-NOT: __hupcall
; CHECK: ret i64
define i64 @stack_only(i64 %v) {
  %buf = alloca i64
  store i64 %v, ptr %buf
  %r = load i64, ptr %buf
  ret i64 %r
}

; An address that is itself an `and` (low bits cleared) is masked by inline
; assembly the back end cannot reassociate; hupcall-check accepts exactly it.
; CHECK-LABEL: define i64 @low_bits(i64 %pc)
; CHECK: %hu.off = call i64 asm "$0 &= $2", "=r,0,r"(i64 %hu.gva, i64 %hu.mask.ph)
; CHECK-NEXT: %hu.haddr = add i64 %hu.off, %hu.hva.ph
define i64 @low_bits(i64 %pc) {
  %parent = and i64 %pc, -4
  %p = inttoptr i64 %parent to ptr addrspace(1)
  %v = load i64, ptr addrspace(1) %p
  ret i64 %v
}
