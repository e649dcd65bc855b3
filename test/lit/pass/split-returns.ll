; hupcall-split-returns: a block that only returns a phi is split into one
; return per predecessor, so the back end sets r0 on the path that returns
; instead of before each early exit's branch. @walk is the shape of an
; unrolled bounded walk that returns from inside (protect's in_ranges): with
; the merged return the object set r0 before every exit's branch (r0 = 0x0,
; r0 = 0x1, r0 = 0x2 on the path that goes on); split, each value is set right
; before its own exit. A switch's edges to the block share one return; a block
; that computes after its phi (@computes) is left alone. A return of a
; condition (`zext i1`, a select of two constants) becomes branches on its
; compares, a logical and/or testing its operands in turn, to two returns of
; the constants: @between's object set two registers to 0/1 through jumps and
; anded them (7 instructions, all executed); now it is two jumps and an exit.
; REQUIRES: plugin
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-split-returns -S %s | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall -S %s | FileCheck %s --check-prefix=PIPE
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-split-returns,hupcall-layout %s | llc -load=%plugin -O2 -mcpu=v4 -filetype=obj -o %t.o
; RUN: llvm-objdump -d --no-show-raw-insn %t.o | FileCheck %s --check-prefix=OBJ

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

; CHECK-LABEL: define i64 @walk(
; CHECK:         br i1 %none, label %[[R0:ret.split[0-9]*]], label %it0
; CHECK:         br i1 %f0, label %[[R1:ret.split[0-9]*]], label %it1
; CHECK:         br i1 %f1, label %[[R2:ret.split[0-9]*]], label %done
; CHECK:         br label %[[RV:ret.split[0-9]*]]
; CHECK-NOT:   phi
; CHECK-DAG:   [[R0]]:
; CHECK-DAG:     ret i64 0
; CHECK-DAG:   [[R1]]:
; CHECK-DAG:     ret i64 1
; CHECK-DAG:   [[R2]]:
; CHECK-DAG:     ret i64 2
; CHECK-DAG:   [[RV]]:
; CHECK-DAG:     ret i64 %v
; CHECK-LABEL: define i64 @cases(
; CHECK:         i64 1, label %[[C5:ret.split[0-9]*]]
; CHECK-NEXT:    i64 2, label %[[C5]]
; CHECK:       [[C5]]:
; CHECK-NEXT:    ret i64 5
; CHECK-LABEL: define i64 @computes(
; CHECK:         %r = phi i64 [ 1, %entry ], [ 2, %a ]
; CHECK-NEXT:    %s = add i64 %r, 1
; CHECK-NEXT:    ret i64 %s
; CHECK-LABEL: define i64 @between(
; CHECK:         %[[A:[0-9]+]] = freeze i1 %a
; CHECK-NEXT:    br i1 %[[A]], label %hu.cond, label %hu.ret.false
; CHECK:       hu.cond:
; CHECK-NEXT:    %[[B:[0-9]+]] = freeze i1 %b
; CHECK-NEXT:    br i1 %[[B]], label %hu.ret.true, label %hu.ret.false
; CHECK:       hu.ret.true:
; CHECK-NEXT:    ret i64 1
; CHECK:       hu.ret.false:
; CHECK-NEXT:    ret i64 0
; CHECK-LABEL: define i64 @outside(
; CHECK-NOT:     freeze
; CHECK:         br i1 %a, label %hu.ret.true, label %hu.cond
; CHECK:       hu.cond:
; CHECK-NEXT:    br i1 %b, label %hu.ret.true, label %hu.ret.false
; CHECK:       hu.ret.true:
; CHECK-NEXT:    ret i64 7
; CHECK:       hu.ret.false:
; CHECK-NEXT:    ret i64 3
; PIPE-LABEL: define i64 @walk(
; PIPE:         br i1 %none, label %ret.split
; PIPE-NOT:     phi
; PIPE:       }
; OBJ-LABEL: <walk>:
; OBJ-NEXT:    if r2 == 0x0 goto
; OBJ-NEXT:    r2 = *(u64 *)(r1 + 0x0)
; OBJ-NEXT:    if r3 < r2 goto
; OBJ-NEXT:    r1 = *(u64 *)(r1 + 0x8)
; OBJ-NEXT:    if r3 < r1 goto
; OBJ-NEXT:    r3 += 0x7
; OBJ-NEXT:    r0 = r3
; OBJ-NEXT:    exit
; OBJ-NEXT:    r0 = 0x2
; OBJ-NEXT:    exit
; OBJ-NEXT:    r0 = 0x1
; OBJ-NEXT:    exit
; OBJ-NEXT:    r0 = 0x0
; OBJ-NEXT:    exit
; OBJ-LABEL: <between>:
; OBJ-NEXT:    if r1 < r2 goto
; OBJ-NEXT:    if r1 < r3 goto
; OBJ-NEXT:    r0 = 0x0
; OBJ-NEXT:    exit
; OBJ-NEXT:    r0 = 0x1
; OBJ-NEXT:    exit
define i64 @walk(ptr %p, i64 %n, i64 %x) {
entry:
  %none = icmp eq i64 %n, 0
  br i1 %none, label %ret, label %it0

it0:
  %a0 = load volatile i64, ptr %p, align 8
  %f0 = icmp ult i64 %x, %a0
  br i1 %f0, label %ret, label %it1

it1:
  %p1 = getelementptr i8, ptr %p, i64 8
  %a1 = load volatile i64, ptr %p1, align 8
  %f1 = icmp ult i64 %x, %a1
  br i1 %f1, label %ret, label %done

done:
  %v = add i64 %x, 7
  br label %ret

ret:
  %r = phi i64 [ 0, %entry ], [ 1, %it0 ], [ 2, %it1 ], [ %v, %done ]
  ret i64 %r
}

define i64 @cases(i64 %k) {
entry:
  switch i64 %k, label %other [
    i64 1, label %ret
    i64 2, label %ret
  ]

other:
  %nine = icmp eq i64 %k, 9
  br i1 %nine, label %ret, label %last

last:
  br label %ret

ret:
  %r = phi i64 [ 5, %entry ], [ 5, %entry ], [ 6, %other ], [ %k, %last ]
  ret i64 %r
}

define i64 @computes(i1 %c) {
entry:
  br i1 %c, label %a, label %ret

a:
  br label %ret

ret:
  %r = phi i64 [ 1, %entry ], [ 2, %a ]
  %s = add i64 %r, 1
  ret i64 %s
}

define i64 @between(i64 %x, i64 %lo, i64 %hi) {
entry:
  %a = icmp uge i64 %x, %lo
  %b = icmp ult i64 %x, %hi
  %c = select i1 %a, i1 %b, i1 false
  %r = zext i1 %c to i64
  ret i64 %r
}

define i64 @outside(i64 noundef %x, i64 noundef %lo, i64 noundef %hi) {
entry:
  %a = icmp ult i64 %x, %lo
  %b = icmp uge i64 %x, %hi
  %c = or i1 %a, %b
  %r = select i1 %c, i64 7, i64 3
  ret i64 %r
}
