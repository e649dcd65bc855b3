; hupcall-translate on memcpy/memset and atomics through guest pointers.
; REQUIRES: plugin
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-translate -S %s | FileCheck %s
; RUN: sed 's/;BAD-RMW //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-translate -disable-output 2>&1 | FileCheck %s --check-prefix=RMW
; RUN: sed 's/;BAD-CX32 //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-translate -disable-output 2>&1 | FileCheck %s --check-prefix=CX32
; RUN: sed 's/;BAD-VARLEN //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-translate -disable-output 2>&1 | FileCheck %s --check-prefix=VARLEN
; RUN: sed 's/;BAD-BIG //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-translate -disable-output 2>&1 | FileCheck %s --check-prefix=BIG

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

; memcpy guest-to-stack and stack-to-guest with a constant length: the guest
; side is translated (the field offset folded), the stack side untouched.
; CHECK-LABEL: define void @copies(ptr %g, ptr %h, i64 %n)
; CHECK: %hu.field = getelementptr i8, ptr %hu.host, i64 8
; CHECK-NEXT: call void @llvm.memcpy.p0.p0.i64(ptr %buf, ptr %hu.field, i64 32, i1 false)
; CHECK: %hu.off{{[0-9]+}} = and i64 %hu.gva{{[0-9]+}}, %hu.mask.ph
; CHECK: call void @llvm.memcpy.p0.p0.i64(ptr %hu.host{{[0-9]+}}, ptr %buf, i64 32, i1 false)
; Variable length, guest to guest: the memcpy helper (4) with guest addresses.
; CHECK: %[[D:[0-9]+]] = ptrtoint ptr %g to i64
; CHECK-NEXT: %[[S:[0-9]+]] = ptrtoint ptr %h to i64
; CHECK-NEXT: call i64 inttoptr (i64 4 to ptr)(i64 %[[D]], i64 %[[S]], i64 %n)
; Variable-length memset of guest memory: the memset helper (5).
; CHECK: %[[B:[0-9]+]] = ptrtoint ptr %g to i64
; CHECK-NEXT: call i64 inttoptr (i64 5 to ptr)(i64 %[[B]], i64 0, i64 %n)
; Guest to guest beyond what the backend surely expands inline (128 bytes):
; the helper too; 128 bytes stay inline.
; CHECK: call i64 inttoptr (i64 4 to ptr)(i64 %{{[0-9]+}}, i64 %{{[0-9]+}}, i64 129)
; CHECK: call void @llvm.memcpy.p0.p0.i64(ptr %hu.host{{[0-9]+}}, ptr %hu.host{{[0-9]+}}, i64 128, i1 false)
; CHECK-NOT: llvm.memset
; CHECK: ret void
define void @copies(ptr addrspace(1) %g, ptr addrspace(1) %h, i64 %n) {
  %buf = alloca [4 x i64]
  %src = getelementptr i8, ptr addrspace(1) %g, i64 8
  call void @llvm.memcpy.p0.p1.i64(ptr %buf, ptr addrspace(1) %src, i64 32, i1 false)
  call void @llvm.memcpy.p1.p0.i64(ptr addrspace(1) %h, ptr %buf, i64 32, i1 false)
  call void @llvm.memcpy.p1.p1.i64(ptr addrspace(1) %g, ptr addrspace(1) %h, i64 %n, i1 false)
  call void @llvm.memset.p1.i64(ptr addrspace(1) %g, i8 0, i64 %n, i1 false)
  call void @llvm.memcpy.p1.p1.i64(ptr addrspace(1) %g, ptr addrspace(1) %h, i64 129, i1 false)
  call void @llvm.memcpy.p1.p1.i64(ptr addrspace(1) %g, ptr addrspace(1) %h, i64 128, i1 false)
;BAD-VARLEN call void @llvm.memcpy.p0.p1.i64(ptr %buf, ptr addrspace(1) %h, i64 %n, i1 false)
;BAD-BIG call void @llvm.memcpy.p0.p1.i64(ptr %buf, ptr addrspace(1) %h, i64 65537, i1 false)
  ret void
}

; A 64-bit compare-and-swap on guest memory: the cmpxchg helper (6), with
; the guest address; success is "previous == expected".
; CHECK-LABEL: define i64 @cas(ptr %g)
; CHECK: %[[A:[0-9]+]] = ptrtoint ptr %g to i64
; CHECK-NEXT: %[[P:[0-9]+]] = call i64 inttoptr (i64 6 to ptr)(i64 %[[A]], i64 0, i64 1)
; CHECK-NEXT: %[[OK:[0-9]+]] = icmp eq i64 %[[P]], 0
; CHECK-NEXT: %[[R0:[0-9]+]] = insertvalue { i64, i1 } poison, i64 %[[P]], 0
; CHECK-NEXT: %[[R1:[0-9]+]] = insertvalue { i64, i1 } %[[R0]], i1 %[[OK]], 1
; CHECK-NEXT: %old = extractvalue { i64, i1 } %[[R1]], 0
; CHECK-NOT: cmpxchg
define i64 @cas(ptr addrspace(1) %g) {
  %pair = cmpxchg ptr addrspace(1) %g, i64 0, i64 1 seq_cst seq_cst
  %old = extractvalue { i64, i1 } %pair, 0
;BAD-RMW %x = atomicrmw sub ptr addrspace(1) %g, i64 1 seq_cst
;BAD-CX32 %y = cmpxchg ptr addrspace(1) %g, i32 0, i32 1 seq_cst seq_cst
  ret i64 %old
}

; RMW: in function cas i64 (ptr addrspace(1)): hupcall: atomic read-modify-write on guest memory that BPF has no instruction for: run hupcall-atomics first
; CX32: in function cas i64 (ptr addrspace(1)): hupcall: compare-and-swap on guest memory must be 64-bit (it goes to the cmpxchg helper)
; VARLEN: in function copies void (ptr addrspace(1), ptr addrspace(1), i64): hupcall: a variable-length copy between guest memory and the stack or host memory cannot be bounded: copy a constant number of bytes
; BIG: in function copies void (ptr addrspace(1), ptr addrspace(1), i64): hupcall: a 65537-byte copy between guest memory and the stack or host memory exceeds the 65536-byte guard

; A naturally aligned 8-byte fetch-and-add is one BPF atomic instruction: its
; address is bounded like a store's, the atomicrmw kept.
; CHECK-LABEL: define i64 @fetch_add(ptr %g)
; CHECK: %hu.off = and i64 %hu.gva, %hu.mask.ph
; CHECK: %hu.host = inttoptr i64 %hu.haddr to ptr
; CHECK-NEXT: %old = atomicrmw add ptr %hu.host, i64 1 seq_cst, align 8
define i64 @fetch_add(ptr addrspace(1) %g) {
  %old = atomicrmw add ptr addrspace(1) %g, i64 1 seq_cst, align 8
  ret i64 %old
}
