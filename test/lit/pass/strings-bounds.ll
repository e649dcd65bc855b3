; hupcall-strings takes a compare's length bound from what is known about the
; length at the call: a mask, a shift, a phi of bounded values, a range check
; guarding the call. Each compare is unrolled to exactly that many bytes; a
; bound over 256 bytes is an error saying how to bound it.
; REQUIRES: plugin
; RUN: opt -load-pass-plugin=%plugin -passes=hupcall-strings -S %s | FileCheck %s
; RUN: sed 's/;BAD //' %s | not opt -load-pass-plugin=%plugin -passes=hupcall-strings -disable-output 2>&1 | FileCheck %s --check-prefix=BAD

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

declare i32 @memcmp(ptr, ptr, i64)
declare i32 @strncmp(ptr, ptr, i64)

; n & 15: at most 15 bytes.
; CHECK-LABEL: define i32 @masked(
; CHECK: icmp ule i64 %len, 14
; CHECK: getelementptr i8, ptr %a, i64 14
; CHECK-NOT: getelementptr i8, ptr %a, i64 15
; CHECK: ret i32
define i32 @masked(ptr %a, ptr %b, i64 %n) {
  %len = and i64 %n, 15
  %r = call i32 @memcmp(ptr %a, ptr %b, i64 %len)
  ret i32 %r
}

; (u32)x & 15 widened, as InstCombine narrows (x + 1) & 15 of a bitfield: at
; most 15 bytes.
; CHECK-LABEL: define i32 @narrowed(
; CHECK: getelementptr i8, ptr %a, i64 14
; CHECK-NOT: getelementptr i8, ptr %a, i64 15
; CHECK: ret i32
define i32 @narrowed(ptr %a, ptr %b, i32 %x) {
  %m = and i32 %x, 15
  %len = zext nneg i32 %m to i64
  %r = call i32 @memcmp(ptr %a, ptr %b, i64 %len)
  ret i32 %r
}

; n >> 60: at most 15 bytes.
; CHECK-LABEL: define i32 @shifted(
; CHECK: getelementptr i8, ptr %a, i64 14
; CHECK-NOT: getelementptr i8, ptr %a, i64 15
; CHECK: ret i32
define i32 @shifted(ptr %a, ptr %b, i64 %n) {
  %len = lshr i64 %n, 60
  %r = call i32 @memcmp(ptr %a, ptr %b, i64 %len)
  ret i32 %r
}

; if (n > 12) return 0; strncmp(a, b, n): at most 12 bytes.
; CHECK-LABEL: define i32 @checked(
; CHECK: getelementptr i8, ptr %a, i64 11
; CHECK-NOT: getelementptr i8, ptr %a, i64 12
; CHECK: ret i32
define i32 @checked(ptr %a, ptr %b, i64 %n) {
  %big = icmp ugt i64 %n, 12
  br i1 %big, label %out, label %cmp
cmp:
  %r = call i32 @strncmp(ptr %a, ptr %b, i64 %n)
  ret i32 %r
out:
  ret i32 0
}

; A phi of n & 7 and m & 3, as SimplifyCFG leaves two calls merged into one:
; at most 7 bytes.
; CHECK-LABEL: define i32 @merged(
; CHECK: getelementptr i8, ptr %a, i64 6
; CHECK-NOT: getelementptr i8, ptr %a, i64 7
; CHECK: ret i32
define i32 @merged(ptr %a, ptr %b, i64 %n, i64 %m, i1 %k) {
  br i1 %k, label %one, label %two
one:
  %n7 = and i64 %n, 7
  br label %cmp
two:
  %m3 = and i64 %m, 3
  br label %cmp
cmp:
  %len = phi i64 [ %n7, %one ], [ %m3, %two ]
  %r = call i32 @memcmp(ptr %a, ptr %b, i64 %len)
  ret i32 %r
}

; min(n ^ 1, 24UL), as InstCombine leaves it: the condition compares n, the
; arm is n ^ 1, which n < 24 bounds to the known bits of 0..23 (difftest seed
; 100701): at most 31 bytes.
; CHECK-LABEL: define i32 @select_arm(
; CHECK: getelementptr i8, ptr %a, i64 30
; CHECK-NOT: getelementptr i8, ptr %a, i64 31
; CHECK: ret i32
define i32 @select_arm(ptr %a, ptr %b, i64 %n) {
  %x = xor i64 %n, 1
  %small = icmp ult i64 %n, 24
  %len = select i1 %small, i64 %x, i64 24
  %r = call i32 @memcmp(ptr %a, ptr %b, i64 %len)
  ret i32 %r
}

; The same under the inverse condition, the arm n + 2 on the false side of
; n > 9 (at most 11 bytes), and a narrowed n: zext of the compared i32.
; CHECK-LABEL: define i32 @select_false_arm(
; CHECK: getelementptr i8, ptr %a, i64 10
; CHECK-NOT: getelementptr i8, ptr %a, i64 11
; CHECK: ret i32
define i32 @select_false_arm(ptr %a, ptr %b, i64 %n, i32 %m) {
  %y = add i64 %n, 2
  %big = icmp ugt i64 %n, 9
  %w = zext i32 %m to i64
  %sm = icmp ult i32 %m, 6
  %len2 = select i1 %sm, i64 %w, i64 0
  %len = select i1 %big, i64 %len2, i64 %y
  %r = call i32 @memcmp(ptr %a, ptr %b, i64 %len)
  ret i32 %r
}

; n & 511: a bound, but over 256 bytes.
;BAD define i32 @toolong(ptr %a, ptr %b, i64 %n) {
;BAD   %len = and i64 %n, 511
; BAD: error: {{.*}}toolong{{.*}}hupcall: memcmp of up to 511 bytes: a hyperupcall compares at most 256 bytes in place: bound its length, e.g. memcmp(a, b, min(n, 64UL))
;BAD   %r = call i32 @memcmp(ptr %a, ptr %b, i64 %len)
;BAD   ret i32 %r
;BAD }
