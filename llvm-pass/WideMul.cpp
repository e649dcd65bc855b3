//===- WideMul.cpp - hupcall-widemul: 128-bit multiply without __multi3 ---===//
//
// Kernel code multiplies in 128 bits for exact scaling (mul_u64_u64_shr(),
// `(u128)a * b >> 64`). The BPF back end splits other 128-bit arithmetic into
// 64-bit halves, but lowers the multiply to a call of the compiler runtime's
// __multi3, which a hyperupcall does not have. Here it becomes 64-bit
// multiplies of 32-bit halves (schoolbook):
//
//   a * b mod 2^128 = lo(a) * lo(b)                 (full 128-bit product)
//                   + (lo(a) * hi(b) + hi(a) * lo(b)) << 64
//
//===----------------------------------------------------------------------===//

#include "WideMul.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"

using namespace llvm;
using namespace hupcall;

namespace {

// The full 128-bit product of two 64-bit values, as {low, high} halves.
std::pair<Value *, Value *> mul64x64(IRBuilder<> &B, Value *A, Value *C) {
  Value *Low32 = B.getInt64(0xffffffff);
  Value *A0 = B.CreateAnd(A, Low32), *A1 = B.CreateLShr(A, 32);
  Value *C0 = B.CreateAnd(C, Low32), *C1 = B.CreateLShr(C, 32);
  Value *P00 = B.CreateMul(A0, C0), *P01 = B.CreateMul(A0, C1);
  Value *P10 = B.CreateMul(A1, C0), *P11 = B.CreateMul(A1, C1);
  // Below 3 * 2^32: no carry is lost.
  Value *Mid =
      B.CreateAdd(B.CreateAdd(B.CreateLShr(P00, 32), B.CreateAnd(P01, Low32)),
                  B.CreateAnd(P10, Low32));
  Value *Lo = B.CreateOr(B.CreateShl(Mid, 32), B.CreateAnd(P00, Low32));
  Value *Hi =
      B.CreateAdd(B.CreateAdd(P11, B.CreateLShr(P01, 32)),
                  B.CreateAdd(B.CreateLShr(P10, 32), B.CreateLShr(Mid, 32)));
  return {Lo, Hi};
}

Value *mul128(IRBuilder<> &B, Value *X, Value *Y) {
  Type *I64 = B.getInt64Ty(), *I128 = X->getType();
  auto Half = [&](Value *V, unsigned Shift) {
    return B.CreateTrunc(Shift ? B.CreateLShr(V, Shift) : V, I64);
  };
  Value *X0 = Half(X, 0), *X1 = Half(X, 64);
  Value *Y0 = Half(Y, 0), *Y1 = Half(Y, 64);
  auto [Lo, Hi] = mul64x64(B, X0, Y0);
  Hi = B.CreateAdd(Hi, B.CreateAdd(B.CreateMul(X0, Y1), B.CreateMul(X1, Y0)));
  return B.CreateOr(B.CreateShl(B.CreateZExt(Hi, I128), 64),
                    B.CreateZExt(Lo, I128));
}

} // namespace

PreservedAnalyses WideMulPass::run(Function &F, FunctionAnalysisManager &) {
  SmallVector<BinaryOperator *, 4> Work;
  for (Instruction &I : instructions(F))
    if (I.getOpcode() == Instruction::Mul && I.getType()->isIntegerTy(128))
      Work.push_back(cast<BinaryOperator>(&I));
  for (BinaryOperator *Mul : Work) {
    IRBuilder<> B(Mul);
    Mul->replaceAllUsesWith(mul128(B, Mul->getOperand(0), Mul->getOperand(1)));
    Mul->eraseFromParent();
  }
  if (Work.empty())
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  return PA;
}
