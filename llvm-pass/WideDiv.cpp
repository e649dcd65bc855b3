//===- WideDiv.cpp - hupcall-widediv: 128-bit division and shifts ---------===//
//
// Kernel code divides in 128 bits for exact scaling (mul_u64_u64_div_u64(),
// `(u128)a * b / c`, div128_u64()) and shifts 128-bit values by a variable
// amount. The BPF back end lowers these to calls of the compiler runtime
// (__udivti3, __umodti3, __divti3, __modti3, __ashlti3, __lshrti3,
// __ashrti3), which a hyperupcall does not have. Here they become loop-free
// 64-bit code, with one branch on the divisor's width:
//
// - a 128 / 64 division is Knuth's algorithm D on 32-bit digits (Hacker's
//   Delight, divlu): the divisor normalised by its leading zeros, two quotient
//   digits, each estimated with one 64-bit division and corrected at most
//   twice;
// - a divisor of 65 bits or more gives a quotient below 2^64: it is estimated
//   from the top 64 bits of the normalised divisor (one 128 / 64 division),
//   is at most one too large, and is corrected once against the remainder
//   (Hacker's Delight, divDouble);
// - signed division divides the magnitudes and sets the signs as C does
//   (quotient truncated towards zero, remainder with the dividend's sign);
// - division by zero is defined as BPF defines it for 64 bits: the quotient
//   is 0 and the remainder the dividend;
// - a variable shift selects between the two 64-bit forms (amount below 64
//   or not).
//
// The multiplies this makes are hupcall-widemul's, which runs later.
//
//===----------------------------------------------------------------------===//

#include "WideDiv.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;
using namespace hupcall;

namespace {

class Wide {
public:
  explicit Wide(Instruction &I)
      : B(&I), I64(B.getInt64Ty()), I128(B.getInt128Ty()) {}
  Value *lower(BinaryOperator &BO);

private:
  IRBuilder<> B;
  Type *I64, *I128;

  Value *k(uint64_t V) { return B.getInt64(V); }
  Value *lo(Value *X) { return B.CreateTrunc(X, I64); }
  Value *hi(Value *X) { return B.CreateTrunc(B.CreateLShr(X, 64), I64); }
  Value *join(Value *Lo, Value *Hi);
  Value *shlInto(Value *Hi, Value *Lo, Value *S);
  Value *digit(Value *Num, Value *Next, Value *Vn1, Value *Vn0);
  std::pair<Value *, Value *> div128by64(Value *U1, Value *U0, Value *V);
  std::pair<Value *, Value *> udivrem(Value *U, Value *V);
  Value *shift(BinaryOperator &BO);
};

Value *Wide::join(Value *Lo, Value *Hi) {
  return B.CreateOr(B.CreateShl(B.CreateZExt(Hi, I128), 64),
                    B.CreateZExt(Lo, I128));
}

// The high word of {Hi, Lo} << S, for S in [0, 64).
Value *Wide::shlInto(Value *Hi, Value *Lo, Value *S) {
  Value *Carry = B.CreateLShr(Lo, B.CreateSub(k(64), S));
  return B.CreateOr(B.CreateShl(Hi, S),
                    B.CreateSelect(B.CreateICmpEQ(S, k(0)), k(0), Carry));
}

// One 32-bit quotient digit of (Num * 2^32 + Next) / (Vn1 * 2^32 + Vn0), the
// divisor normalised (Vn1 >= 2^31): Num / Vn1 is at most two too large.
Value *Wide::digit(Value *Num, Value *Next, Value *Vn1, Value *Vn0) {
  Value *Q = B.CreateUDiv(Num, Vn1);
  Value *R = B.CreateSub(Num, B.CreateMul(Q, Vn1));
  for (unsigned Try = 0; Try < 2; ++Try) {
    // Q * Vn0 may wrap when Q >= 2^32, but then Q is too large anyway; on
    // the second try R may have reached 2^32, and then Q is right.
    Value *TooBig =
        B.CreateOr(B.CreateICmpUGE(Q, k(1ull << 32)),
                   B.CreateICmpUGT(B.CreateMul(Q, Vn0),
                                   B.CreateOr(B.CreateShl(R, 32), Next)));
    if (Try)
      TooBig = B.CreateAnd(TooBig, B.CreateICmpULT(R, k(1ull << 32)));
    Q = B.CreateSub(Q, B.CreateZExt(TooBig, I64));
    R = B.CreateAdd(R, B.CreateSelect(TooBig, Vn1, k(0)));
  }
  return Q;
}

// {quotient, remainder} of (U1 * 2^64 + U0) / V, for U1 < V (so the
// quotient fits in 64 bits) and V != 0.
std::pair<Value *, Value *> Wide::div128by64(Value *U1, Value *U0, Value *V) {
  Value *S = B.CreateIntrinsic(Intrinsic::ctlz, {I64}, {V, B.getFalse()});
  V = B.CreateShl(V, S);
  Value *Vn1 = B.CreateLShr(V, 32), *Vn0 = B.CreateAnd(V, k(0xffffffff));
  Value *Un32 = shlInto(U1, U0, S), *Un10 = B.CreateShl(U0, S);
  Value *Un1 = B.CreateLShr(Un10, 32), *Un0 = B.CreateAnd(Un10, k(0xffffffff));
  Value *Q1 = digit(Un32, Un1, Vn1, Vn0);
  Value *Un21 =
      B.CreateSub(B.CreateOr(B.CreateShl(Un32, 32), Un1), B.CreateMul(Q1, V));
  Value *Q0 = digit(Un21, Un0, Vn1, Vn0);
  Value *R =
      B.CreateSub(B.CreateOr(B.CreateShl(Un21, 32), Un0), B.CreateMul(Q0, V));
  return {B.CreateOr(B.CreateShl(Q1, 32), Q0), B.CreateLShr(R, S)};
}

// {U / V, U % V} unsigned, 128-bit; V == 0 gives {0, U}. A branch on the
// divisor's width: only one way runs.
std::pair<Value *, Value *> Wide::udivrem(Value *U, Value *V) {
  Value *Uh = hi(U), *Ul = lo(U), *Vh = hi(V), *Vl = lo(V);
  Value *Small = B.CreateICmpEQ(Vh, k(0));
  Instruction *ThenTerm, *ElseTerm;
  SplitBlockAndInsertIfThenElse(Small, B.GetInsertPoint(), &ThenTerm,
                                &ElseTerm);

  // Divisor below 2^64: the high quotient word, then 128 / 64. A zero
  // divisor divides by 1 here, and the result is replaced below.
  B.SetInsertPoint(ThenTerm);
  Value *VlA = B.CreateSelect(B.CreateICmpEQ(Vl, k(0)), k(1), Vl);
  Value *Qh = B.CreateUDiv(Uh, VlA);
  auto [Ql, Rl] = div128by64(B.CreateURem(Uh, VlA), Ul, VlA);
  Value *QA = join(Ql, Qh), *RA = B.CreateZExt(Rl, I128);

  // Divisor of 2^64 or more: estimate from its top 64 bits, normalised.
  B.SetInsertPoint(ElseTerm);
  Value *N = B.CreateIntrinsic(Intrinsic::ctlz, {I64}, {Vh, B.getFalse()});
  Value *V1 = shlInto(Vh, Vl, N);
  Value *U1h = B.CreateLShr(Uh, 1);
  Value *U1l = B.CreateOr(B.CreateLShr(Ul, 1), B.CreateShl(Uh, 63));
  Value *Q0 =
      B.CreateLShr(div128by64(U1h, U1l, V1).first, B.CreateSub(k(63), N));
  Q0 = B.CreateSub(Q0, B.CreateZExt(B.CreateICmpNE(Q0, k(0)), I64));
  Value *RB = B.CreateSub(U, B.CreateMul(B.CreateZExt(Q0, I128), V));
  Value *Over = B.CreateICmpUGE(RB, V);
  Value *QB = B.CreateZExt(B.CreateAdd(Q0, B.CreateZExt(Over, I64)), I128);
  RB = B.CreateSelect(Over, B.CreateSub(RB, V), RB);

  BasicBlock *Tail = ThenTerm->getSuccessor(0);
  B.SetInsertPoint(Tail, Tail->getFirstInsertionPt());
  PHINode *Q = B.CreatePHI(I128, 2), *R = B.CreatePHI(I128, 2);
  Q->addIncoming(QA, ThenTerm->getParent());
  Q->addIncoming(QB, ElseTerm->getParent());
  R->addIncoming(RA, ThenTerm->getParent());
  R->addIncoming(RB, ElseTerm->getParent());
  Value *Zero = B.CreateICmpEQ(V, ConstantInt::get(I128, 0));
  return {B.CreateSelect(Zero, ConstantInt::get(I128, 0), Q),
          B.CreateSelect(Zero, U, R)};
}

// A shift by a variable amount (below 128; more is poison in IR as in C).
Value *Wide::shift(BinaryOperator &BO) {
  Value *X = BO.getOperand(0), *S = lo(BO.getOperand(1));
  Value *Xl = lo(X), *Xh = hi(X);
  Value *Big = B.CreateICmpUGE(S, k(64));
  Value *Sm = B.CreateAnd(S, k(63));
  if (BO.getOpcode() == Instruction::Shl)
    return join(B.CreateSelect(Big, k(0), B.CreateShl(Xl, Sm)),
                B.CreateSelect(Big, B.CreateShl(Xl, Sm), shlInto(Xh, Xl, Sm)));
  bool Arith = BO.getOpcode() == Instruction::AShr;
  Value *Top = Arith ? B.CreateAShr(Xh, Sm) : B.CreateLShr(Xh, Sm);
  Value *Fill = Arith ? B.CreateAShr(Xh, 63) : k(0);
  // The low word of {Xh, Xl} >> Sm: Xl >> Sm with Xh's low bits above.
  Value *Carry = B.CreateShl(Xh, B.CreateSub(k(64), Sm));
  Value *Low =
      B.CreateOr(B.CreateLShr(Xl, Sm),
                 B.CreateSelect(B.CreateICmpEQ(Sm, k(0)), k(0), Carry));
  return join(B.CreateSelect(Big, Top, Low), B.CreateSelect(Big, Fill, Top));
}

Value *Wide::lower(BinaryOperator &BO) {
  unsigned Op = BO.getOpcode();
  if (BO.isShift())
    return shift(BO);
  Value *U = BO.getOperand(0), *V = BO.getOperand(1);
  if (Op == Instruction::UDiv)
    return udivrem(U, V).first;
  if (Op == Instruction::URem)
    return udivrem(U, V).second;
  // Signed: divide the magnitudes (|INT128_MIN| is 2^127 unsigned).
  Value *Zero = ConstantInt::get(I128, 0);
  Value *UNeg = B.CreateICmpSLT(U, Zero), *VNeg = B.CreateICmpSLT(V, Zero);
  auto Abs = [&](Value *X, Value *Neg) {
    return B.CreateSelect(Neg, B.CreateSub(Zero, X), X);
  };
  auto [Q, R] = udivrem(Abs(U, UNeg), Abs(V, VNeg));
  if (Op == Instruction::SDiv)
    return Abs(Q, B.CreateXor(UNeg, VNeg));
  return Abs(R, UNeg);
}

bool isWide(const Instruction &I) {
  if (!I.getType()->isIntegerTy(128))
    return false;
  switch (I.getOpcode()) {
  case Instruction::UDiv:
  case Instruction::SDiv:
  case Instruction::URem:
  case Instruction::SRem:
    return true;
  case Instruction::Shl:
  case Instruction::LShr:
  case Instruction::AShr:
    // The back end expands constant shifts itself.
    return !isa<Constant>(I.getOperand(1));
  default:
    return false;
  }
}

} // namespace

PreservedAnalyses WideDivPass::run(Function &F, FunctionAnalysisManager &) {
  SmallVector<BinaryOperator *, 4> Work;
  for (Instruction &I : instructions(F))
    if (isWide(I))
      Work.push_back(cast<BinaryOperator>(&I));
  for (BinaryOperator *BO : Work) {
    BO->replaceAllUsesWith(Wide(*BO).lower(*BO));
    BO->eraseFromParent();
  }
  return Work.empty() ? PreservedAnalyses::all() : PreservedAnalyses::none();
}
