//===- BitCounts.cpp - hupcall-bitcounts: table-free cttz/ctlz ------------===//
//
// BPF has no count-zeros instruction, and the back end expands cttz
// (__builtin_ctzl, __builtin_ffs, __ffs) with a de Bruijn multiply and a
// 32- or 64-byte table in .rodata.cst32, a data section the loader does not
// map. Both counts become population counts, which the back end expands with
// shifts, masks and one multiply, and no table:
//
//   cttz(x) = ctpop((x & -x) - 1)                 (x = 0: the bit width)
//   ctlz(x) = ctpop(~(x | x >> 1 | x >> 2 ... | x >> width/2))
//
//===----------------------------------------------------------------------===//

#include "BitCounts.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;
using namespace hupcall;

namespace {

Value *countTrailingZeros(IRBuilder<> &B, Value *X) {
  Value *Lowest = B.CreateAnd(X, B.CreateNeg(X));
  Value *Below = B.CreateSub(Lowest, ConstantInt::get(X->getType(), 1));
  return B.CreateUnaryIntrinsic(Intrinsic::ctpop, Below);
}

Value *countLeadingZeros(IRBuilder<> &B, Value *X) {
  unsigned Width = X->getType()->getScalarSizeInBits();
  for (unsigned Shift = 1; Shift < Width; Shift *= 2)
    X = B.CreateOr(X, B.CreateLShr(X, Shift));
  return B.CreateUnaryIntrinsic(Intrinsic::ctpop, B.CreateNot(X));
}

} // namespace

PreservedAnalyses BitCountsPass::run(Function &F, FunctionAnalysisManager &) {
  SmallVector<IntrinsicInst *, 4> Work;
  for (Instruction &I : instructions(F))
    if (auto *II = dyn_cast<IntrinsicInst>(&I))
      if ((II->getIntrinsicID() == Intrinsic::cttz ||
           II->getIntrinsicID() == Intrinsic::ctlz) &&
          II->getType()->isIntegerTy())
        Work.push_back(II);
  for (IntrinsicInst *II : Work) {
    IRBuilder<> B(II);
    Value *X = II->getArgOperand(0);
    Value *N = II->getIntrinsicID() == Intrinsic::cttz
                   ? countTrailingZeros(B, X)
                   : countLeadingZeros(B, X);
    II->replaceAllUsesWith(N);
    II->eraseFromParent();
  }
  if (Work.empty())
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  return PA;
}
