; hupcall-atomics: what BPF has one exact atomic instruction for stays that instruction (a sub of
; v becomes an add of -v; a relaxed one whose result is used becomes seq_cst, else the back end
; drops the fetch); everything else on guest memory is one call of the atomic helper (9) with
; HU_ATOMIC_OP(op, size) = op << 4 | size; an operation the helper does not have is an error.
; REQUIRES: plugin
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-atomics -S %s | FileCheck %s
; RUN: sed 's/;BAD-FADD //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-atomics -disable-output 2>&1 | FileCheck %s --check-prefix=FADD
; RUN: sed 's/;BAD-WRAP //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-atomics -disable-output 2>&1 | FileCheck %s --check-prefix=WRAP

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

; CHECK-LABEL: define i64 @single(ptr addrspace(1) %p, ptr addrspace(1) %q, i64 %v)
; CHECK: %[[N:[0-9]+]] = sub i64 0, %v
; CHECK-NEXT: atomicrmw add ptr addrspace(1) %p, i64 %[[N]] seq_cst, align 8
; CHECK: atomicrmw or ptr addrspace(1) %p, i64 %v seq_cst, align 8
; CHECK: atomicrmw xor ptr addrspace(1) %p, i64 %v monotonic, align 8
; CHECK: atomicrmw add ptr addrspace(1) %q, i32 3 seq_cst, align 4
; CHECK-NOT: inttoptr (i64 9
define i64 @single(ptr addrspace(1) %p, ptr addrspace(1) %q, i64 %v) {
  %a = atomicrmw sub ptr addrspace(1) %p, i64 %v seq_cst, align 8
  %b = atomicrmw or ptr addrspace(1) %p, i64 %v monotonic, align 8
  %c = atomicrmw xor ptr addrspace(1) %p, i64 %v monotonic, align 8
  %d = atomicrmw sub ptr addrspace(1) %q, i32 -3 monotonic, align 4
  %d64 = zext i32 %d to i64
  %s = add i64 %a, %b
  %t = add i64 %s, %d64
  ret i64 %t
}

; CHECK-LABEL: define i64 @helper(ptr addrspace(1) %p, i8 %v, i16 %w)
; A 1-byte add (op 1, size 1 = 17): the address, the value zero-extended, 0 expected.
; CHECK: %[[A:[0-9]+]] = ptrtoint ptr addrspace(1) %p to i64
; CHECK-NEXT: %[[V:[0-9]+]] = zext i8 %v to i64
; CHECK-NEXT: %[[R:[0-9]+]] = call i64 inttoptr (i64 9 to ptr)(i64 %[[A]], i64 %[[V]], i64 17, i64 0)
; CHECK-NEXT: trunc i64 %[[R]] to i8
; A 2-byte sub: an add of -w (op 1, size 2 = 18).
; CHECK: %[[NW:[0-9]+]] = sub i16 0, %w
; CHECK: zext i16 %[[NW]] to i64
; CHECK: call i64 inttoptr (i64 9 to ptr)(i64 %{{[0-9]+}}, i64 %{{[0-9]+}}, i64 18, i64 0)
; 4-byte nand (op 5: 84), 8-byte signed max (op 7: 120).
; CHECK: call i64 inttoptr (i64 9 to ptr)(i64 %{{[0-9]+}}, i64 7, i64 84, i64 0)
; CHECK: call i64 inttoptr (i64 9 to ptr)(i64 %{{[0-9]+}}, i64 7, i64 120, i64 0)
; A 2-byte cmpxchg (op 6: 98), success when the previous value is the expected one.
; CHECK: %[[OLD:[0-9]+]] = zext i16 %w to i64
; CHECK-NEXT: %[[P:[0-9]+]] = call i64 inttoptr (i64 9 to ptr)(i64 %{{[0-9]+}}, i64 1, i64 98, i64 %[[OLD]])
; CHECK-NEXT: %[[PT:[0-9]+]] = trunc i64 %[[P]] to i16
; CHECK: icmp eq i16 %[[PT]], %w
; CHECK-NOT: atomicrmw
; CHECK-NOT: cmpxchg ptr
define i64 @helper(ptr addrspace(1) %p, i8 %v, i16 %w) {
  %a = atomicrmw add ptr addrspace(1) %p, i8 %v seq_cst, align 1
  %b = atomicrmw sub ptr addrspace(1) %p, i16 %w seq_cst, align 2
  %c = atomicrmw nand ptr addrspace(1) %p, i32 7 seq_cst, align 4
  %d = atomicrmw max ptr addrspace(1) %p, i64 7 seq_cst, align 8
  %e = cmpxchg ptr addrspace(1) %p, i16 %w, i16 1 seq_cst seq_cst, align 2
  %ok = extractvalue { i16, i1 } %e, 1
  %a64 = zext i8 %a to i64
  %b64 = zext i16 %b to i64
  %c64 = zext i32 %c to i64
  %ok64 = zext i1 %ok to i64
  %s1 = add i64 %a64, %b64
  %s2 = add i64 %s1, %c64
  %s3 = add i64 %s2, %d
  %s4 = add i64 %s3, %ok64
  ret i64 %s4
}

; FADD: error: {{.*}}atomic fadd on guest memory has no exact form in a hyperupcall: use add, sub, and, or, xor, nand, min, max or exchange on a 1-, 2-, 4- or 8-byte integer or pointer
; WRAP: error: {{.*}}atomic uinc_wrap on guest memory has no exact form in a hyperupcall
define void @bad(ptr addrspace(1) %p) {
;BAD-FADD  %f = atomicrmw fadd ptr addrspace(1) %p, float 1.0 seq_cst, align 4
;BAD-WRAP  %u = atomicrmw uinc_wrap ptr addrspace(1) %p, i32 1 seq_cst, align 4
  ret void
}
