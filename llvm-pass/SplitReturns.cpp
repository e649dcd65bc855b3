//===- SplitReturns.cpp - hupcall-split-returns: a return per edge --------===//
//
// SimplifyCFG merges a function's returns into one block that returns a phi
// of the values: `ret: %r = phi [0, %a], [1, %b], [%v, %c]; ret %r`. The
// back end lowers the phi by a copy into r0 in each predecessor, and a
// predecessor that ends in a conditional branch (an early exit) gets it
// before the branch, so every path that goes on past the exit sets r0 for
// nothing: an unrolled bounded walk that returns from inside (protect's
// in_ranges) executed two such `w0 = 0` / `w0 = 1` per iteration, and each
// is an instruction of the JIT's code. Here each predecessor of such a block
// gets its own block returning its incoming value, so r0 is set only on the
// path that returns. No path executes more instructions: one that returned
// set r0 and left before, and does now; the JIT emits each exit in place.
// Then a return of a condition (`zext i1`, a select of two constants)
// branches on its compares to two returns of the constants: BPF has no setcc,
// and the back end made each i1 a register through a jump of its own.
//
//===----------------------------------------------------------------------===//

#include "SplitReturns.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;
using namespace hupcall;
using namespace llvm::PatternMatch;

namespace {

// The block is only a phi and a return of it.
PHINode *returnedPhi(BasicBlock &BB) {
  auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator());
  auto *Phi = Ret ? dyn_cast_or_null<PHINode>(Ret->getReturnValue()) : nullptr;
  if (!Phi || Phi->getParent() != &BB || &BB.front() != Phi ||
      Phi->getNextNode() != Ret)
    return nullptr;
  return Phi;
}

// One return per predecessor whose terminator can be redirected (a branch or
// a switch; the edges of one predecessor share its block).
bool splitReturn(BasicBlock &BB, PHINode &Phi) {
  SmallVector<BasicBlock *, 8> Preds;
  for (BasicBlock *P : Phi.blocks())
    if (isa<BranchInst, SwitchInst>(P->getTerminator()) &&
        !is_contained(Preds, P))
      Preds.push_back(P);
  if (Preds.size() < 2)
    return false;
  for (BasicBlock *P : Preds) {
    BasicBlock *New = BasicBlock::Create(
        BB.getContext(), BB.getName() + ".split", BB.getParent(), &BB);
    ReturnInst::Create(BB.getContext(), Phi.getIncomingValueForBlock(P), New)
        ->setDebugLoc(BB.getTerminator()->getDebugLoc());
    P->getTerminator()->replaceSuccessorWith(&BB, New);
    Phi.removeIncomingValueIf(
        [&](unsigned I) { return Phi.getIncomingBlock(I) == P; },
        /*DeletePHIIfEmpty=*/false);
  }
  if (pred_empty(&BB))
    BB.eraseFromParent();
  return true;
}

// The returned value as a condition and the constants it returns when the
// condition holds and when not: `zext i1 %c` or `select %c, K1, K2`.
bool returnedCondition(ReturnInst &Ret, Value *&Cond, Constant *&IfTrue,
                       Constant *&IfFalse) {
  Value *V = Ret.getReturnValue();
  if (!V || !V->getType()->isIntegerTy())
    return false;
  if (match(V, m_ZExt(m_Value(Cond))) && Cond->getType()->isIntegerTy(1)) {
    IfTrue = ConstantInt::get(V->getType(), 1);
    IfFalse = ConstantInt::get(V->getType(), 0);
    return true;
  }
  return match(V, m_Select(m_Value(Cond), m_Constant(IfTrue),
                           m_Constant(IfFalse))) &&
         Cond->getType()->isIntegerTy(1);
}

// Branches in BB to T when Cond holds, else to F: a logical and or or (also
// in its select form) tests its operands in turn, each other condition is a
// branch (frozen, as the return of a poison value was no branch on it).
void branchOn(Value *Cond, BasicBlock *BB, BasicBlock *T, BasicBlock *F) {
  Value *A, *B;
  bool And = match(Cond, m_LogicalAnd(m_Value(A), m_Value(B)));
  if (And || match(Cond, m_LogicalOr(m_Value(A), m_Value(B)))) {
    BasicBlock *Second =
        BasicBlock::Create(BB->getContext(), "hu.cond", BB->getParent(), T);
    branchOn(A, BB, And ? Second : T, And ? F : Second);
    branchOn(B, Second, T, F);
    return;
  }
  IRBuilder<> Builder(BB);
  if (!isGuaranteedNotToBeUndefOrPoison(Cond))
    Cond = Builder.CreateFreeze(Cond);
  Builder.CreateCondBr(Cond, T, F);
}

// `ret zext i1 %c` (or a select of two constants) becomes branches on %c's
// compares to two blocks returning the constants. BPF has no setcc: the
// back end made each i1 a 0/1 register through a jump (`w0 = 1; if ... goto
// +1; w0 = 0`) and combined them (protect_map's `a && b`: 7 to 9
// instructions, 2 to 4 as branches and an exit's `r0 = C`).
bool branchReturnedCondition(ReturnInst &Ret) {
  Value *Cond;
  Constant *IfTrue, *IfFalse;
  auto *Value = dyn_cast_or_null<Instruction>(Ret.getReturnValue());
  if (!Value || !returnedCondition(Ret, Cond, IfTrue, IfFalse))
    return false;
  LLVMContext &Ctx = Ret.getContext();
  BasicBlock *BB = Ret.getParent();
  Function *Fn = BB->getParent();
  BasicBlock *T = BasicBlock::Create(Ctx, "hu.ret.true", Fn);
  BasicBlock *F = BasicBlock::Create(Ctx, "hu.ret.false", Fn);
  ReturnInst::Create(Ctx, IfTrue, T)->setDebugLoc(Ret.getDebugLoc());
  ReturnInst::Create(Ctx, IfFalse, F)->setDebugLoc(Ret.getDebugLoc());
  Ret.eraseFromParent();
  branchOn(Cond, BB, T, F);
  RecursivelyDeleteTriviallyDeadInstructions(Value);
  return true;
}

} // namespace

PreservedAnalyses SplitReturnsPass::run(Function &F,
                                        FunctionAnalysisManager &) {
  bool Changed = false;
  SmallVector<std::pair<BasicBlock *, PHINode *>, 4> Phis;
  for (BasicBlock &BB : F)
    if (PHINode *Phi = returnedPhi(BB))
      Phis.push_back({&BB, Phi});
  for (auto [BB, Phi] : Phis)
    Changed |= splitReturn(*BB, *Phi);
  // Then each return has its own value, a condition among them.
  SmallVector<ReturnInst *, 8> Rets;
  for (BasicBlock &BB : F)
    if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator()))
      Rets.push_back(Ret);
  for (ReturnInst *Ret : Rets)
    Changed |= branchReturnedCondition(*Ret);
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
