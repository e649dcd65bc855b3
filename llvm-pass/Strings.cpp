//===- Strings.cpp - hupcall-strings: bounded memcmp, strcmp, strncmp -----===//
//
// A hyperupcall calls no library, so the kernel's memcmp, bcmp, strcmp and
// strncmp (the kernel's own lib/string.c semantics) are expanded in place into
// a byte compare unrolled to a bound the compiler can prove:
//
//   memcmp(a, b, n), bcmp   the largest value n can have at the call: a
//                           constant, or a variable bounded by min(), a mask
//                           (n & 15), a shift, a comparison that guards the
//                           call (if (n <= 16)), the values of a phi
//                           (lazy value info and known bits) or the arms of
//                           a select under its condition (min(x ^ 1, 24UL))
//   strncmp(a, b, n)        the same, or the length of a constant string
//                           operand plus its NUL, whichever is smaller
//   strcmp(a, b)            the length of a constant string operand plus its
//                           NUL
//
// Each byte reads one byte of each side and stops at the first difference
// (memcmp returns the difference of the two bytes, strcmp/strncmp -1 or 1, as
// lib/string.c does) or, for strings, at a NUL; nothing is read past where the
// C function would stop. Without a bound, or with one over MaxBytes, the call
// is a compile error saying how to bound it. Runs before annotation, so either
// side may be guest memory, the stack or a constant.
//
//===----------------------------------------------------------------------===//

#include "Strings.h"
#include "Common.h"

#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/LazyValueInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/PatternMatch.h"

#include <optional>

using namespace llvm;
using namespace hupcall;
using namespace llvm::PatternMatch;

namespace {

// The longest compare expanded: about 6 instructions a byte, 1536 in all.
constexpr uint64_t MaxBytes = 256;

enum class Kind { Mem, Str };

struct Compare {
  CallInst *Call;
  Kind K;
  Value *A, *B;
  Value *Len; // null: strcmp
};

std::optional<Compare> asCompare(Instruction &I) {
  auto *CI = dyn_cast<CallInst>(&I);
  Function *F = CI ? CI->getCalledFunction() : nullptr;
  if (!F || !F->isDeclaration() || !CI->getType()->isIntegerTy())
    return std::nullopt;
  StringRef N = F->getName();
  unsigned Args = CI->arg_size();
  if ((N == "memcmp" || N == "bcmp") && Args == 3)
    return Compare{CI, Kind::Mem, CI->getArgOperand(0), CI->getArgOperand(1),
                   CI->getArgOperand(2)};
  if (N == "strncmp" && Args == 3)
    return Compare{CI, Kind::Str, CI->getArgOperand(0), CI->getArgOperand(1),
                   CI->getArgOperand(2)};
  if (N == "strcmp" && Args == 2)
    return Compare{CI, Kind::Str, CI->getArgOperand(0), CI->getArgOperand(1),
                   nullptr};
  return std::nullopt;
}

// The range of a select's arm that its condition gives when the arm is an
// operation on the compared value and a constant: min(x ^ 1, 24UL) becomes
// `x < 24 ? x ^ 1 : 24` (InstCombine compares x itself), and lazy value info
// applies the condition only to an arm that is x. Full when it does not apply.
ConstantRange armByCondition(const SelectInst &S, bool TrueArm) {
  const Value *Arm = TrueArm ? S.getTrueValue() : S.getFalseValue();
  unsigned Bits = Arm->getType()->getIntegerBitWidth();
  ConstantRange Full = ConstantRange::getFull(Bits);
  CmpPredicate Pred;
  Value *X;
  const APInt *K;
  if (!match(S.getCondition(), m_ICmp(Pred, m_Value(X), m_APInt(K))))
    return Full;
  if (!TrueArm)
    Pred = CmpInst::getInversePredicate(Pred);
  ConstantRange XR = ConstantRange::makeAllowedICmpRegion(Pred, *K);
  if (auto *Cast = dyn_cast<CastInst>(Arm); Cast && Cast->getOperand(0) == X)
    return XR.castOp(Cast->getOpcode(), Bits);
  auto *Op = dyn_cast<BinaryOperator>(Arm);
  const APInt *C;
  if (!Op || XR.getBitWidth() != Bits)
    return Full;
  if (Op->getOperand(0) == X && match(Op->getOperand(1), m_APInt(C)))
    return XR.binaryOp(Op->getOpcode(), ConstantRange(*C));
  if (Op->getOperand(1) == X && match(Op->getOperand(0), m_APInt(C)))
    return ConstantRange(*C).binaryOp(Op->getOpcode(), XR);
  return Full;
}

// The range of a length: what lazy value info proves at its use (dominating
// checks, phis, selects, masks) and its known bits, and for a select the
// union of its arms, each bounded by the condition as well (selects of
// selects up to Depth).
ConstantRange lengthRange(const Use &U, LazyValueInfo &LVI,
                          const SimplifyQuery &Q, unsigned Depth = 4) {
  auto *At = cast<Instruction>(U.getUser());
  ConstantRange R = LVI.getConstantRangeAtUse(U, /*UndefAllowed=*/false)
                        .intersectWith(computeConstantRangeIncludingKnownBits(
                                           U.get(), /*ForSigned=*/false,
                                           Q.getWithInstruction(At)),
                                       ConstantRange::Unsigned);
  auto *S = dyn_cast<SelectInst>(U.get());
  if (!S || !Depth)
    return R;
  ConstantRange Arms =
      lengthRange(S->getOperandUse(1), LVI, Q, Depth - 1)
          .intersectWith(armByCondition(*S, true), ConstantRange::Unsigned)
          .unionWith(lengthRange(S->getOperandUse(2), LVI, Q, Depth - 1)
                         .intersectWith(armByCondition(*S, false),
                                        ConstantRange::Unsigned),
                     ConstantRange::Unsigned);
  return R.intersectWith(Arms, ConstantRange::Unsigned);
}

// Bytes a compare can look at; none when nothing bounds it.
std::optional<uint64_t> bound(const Compare &C, LazyValueInfo &LVI,
                              const SimplifyQuery &Q) {
  std::optional<uint64_t> Max;
  if (C.Len && C.Len->getType()->isIntegerTy()) {
    ConstantRange R = lengthRange(C.Call->getArgOperandUse(2), LVI, Q);
    if (!R.isFullSet())
      Max = R.getUnsignedMax().getLimitedValue();
  }
  if (C.K == Kind::Str)
    for (Value *S : {C.A, C.B}) {
      StringRef Str;
      if (getConstantStringInfo(S, Str)) // stops at the NUL
        Max = std::min<uint64_t>(Max.value_or(UINT64_MAX), Str.size() + 1);
    }
  return Max;
}

void expand(const Compare &C, uint64_t N) {
  CallInst *CI = C.Call;
  LLVMContext &Ctx = CI->getContext();
  Type *I8 = Type::getInt8Ty(Ctx), *I32 = Type::getInt32Ty(Ctx);
  Function *F = CI->getFunction();
  BasicBlock *Cur = CI->getParent();
  BasicBlock *Done = Cur->splitBasicBlock(CI, "hu.cmp.done");
  BasicBlock *Diff = BasicBlock::Create(Ctx, "hu.cmp.diff", F, Done);
  IRBuilder<> B(Diff);
  PHINode *CA = B.CreatePHI(I32, N, "hu.ca"),
          *CB = B.CreatePHI(I32, N, "hu.cb");
  Value *DiffValue = C.K == Kind::Mem
                         ? B.CreateSub(CA, CB)
                         : B.CreateSelect(B.CreateICmpULT(CA, CB),
                                          B.getInt32(-1), B.getInt32(1));
  B.CreateBr(Done);
  B.SetInsertPoint(Done, Done->begin());
  PHINode *Res = B.CreatePHI(I32, 2 * N + 2, "hu.cmp");
  Res->addIncoming(DiffValue, Diff);

  Cur->getTerminator()->eraseFromParent();
  Value *Len = C.Len;
  for (uint64_t I = 0; I < N; ++I) {
    B.SetInsertPoint(Cur);
    if (Len && !(isa<ConstantInt>(Len) &&
                 cast<ConstantInt>(Len)->getZExtValue() > I)) {
      BasicBlock *In = BasicBlock::Create(Ctx, "hu.cmp.byte", F, Diff);
      B.CreateCondBr(B.CreateICmpULE(Len, ConstantInt::get(Len->getType(), I)),
                     Done, In);
      Res->addIncoming(B.getInt32(0), Cur);
      Cur = In;
      B.SetInsertPoint(Cur);
    }
    auto Byte = [&](Value *P) {
      return B.CreateZExt(B.CreateLoad(I8, B.CreateConstGEP1_64(I8, P, I)),
                          I32);
    };
    Value *A = Byte(C.A), *Bv = Byte(C.B);
    BasicBlock *Next = BasicBlock::Create(Ctx, "hu.cmp.byte", F, Diff);
    BasicBlock *Same = Next;
    if (C.K == Kind::Str)
      Same = BasicBlock::Create(Ctx, "hu.cmp.same", F, Next);
    B.CreateCondBr(B.CreateICmpNE(A, Bv), Diff, Same);
    CA->addIncoming(A, Cur);
    CB->addIncoming(Bv, Cur);
    if (C.K == Kind::Str) { // equal bytes: the end of both strings?
      B.SetInsertPoint(Same);
      B.CreateCondBr(B.CreateICmpEQ(A, B.getInt32(0)), Done, Next);
      Res->addIncoming(B.getInt32(0), Same);
    }
    Cur = Next;
  }
  B.SetInsertPoint(Cur);
  B.CreateBr(Done);
  Res->addIncoming(B.getInt32(0), Cur);
  B.SetInsertPoint(Done, Done->getFirstInsertionPt());
  CI->replaceAllUsesWith(B.CreateSExtOrTrunc(Res, CI->getType()));
  CI->eraseFromParent();
}

// The error for a compare with no bound, or too long a one, and the fix.
std::string whyNot(const Compare &C, std::optional<uint64_t> N) {
  std::string Name = C.Call->getCalledFunction()->getName().str();
  std::string Fix =
      C.Len ? "bound its length, e.g. " + Name + "(a, b, min(n, 64UL))"
            : "use strncmp(a, b, N) with a constant N, e.g. "
              "sizeof(task->comm)";
  if (!N)
    return Name +
           " with no bound the compiler can see (a hyperupcall "
           "compares in place, byte by byte): " +
           Fix;
  return Name + " of up to " + std::to_string(*N) +
         " bytes: a hyperupcall compares at most " + std::to_string(MaxBytes) +
         " bytes in place: " + Fix;
}

} // namespace

PreservedAnalyses StringsPass::run(Function &F, FunctionAnalysisManager &FAM) {
  SmallVector<Compare, 4> Work;
  for (Instruction &I : instructions(F))
    if (auto C = asCompare(I))
      Work.push_back(*C);
  if (Work.empty())
    return PreservedAnalyses::all();
  // Every bound first: expanding changes the CFG the analyses describe.
  auto &LVI = FAM.getResult<LazyValueAnalysis>(F);
  SimplifyQuery Q(F.getDataLayout(), &FAM.getResult<DominatorTreeAnalysis>(F),
                  &FAM.getResult<AssumptionAnalysis>(F));
  SmallVector<std::optional<uint64_t>, 4> Bounds;
  for (const Compare &C : Work)
    Bounds.push_back(bound(C, LVI, Q));
  for (auto [C, N] : zip(Work, Bounds))
    if (N && *N <= MaxBytes)
      expand(C, *N);
    else
      diagnose(*C.Call, whyNot(C, N));
  return PreservedAnalyses::none();
}
