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
//
//===----------------------------------------------------------------------===//

#include "SplitReturns.h"

#include "llvm/IR/CFG.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;
using namespace hupcall;

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

} // namespace

PreservedAnalyses SplitReturnsPass::run(Function &F,
                                        FunctionAnalysisManager &) {
  SmallVector<std::pair<BasicBlock *, PHINode *>, 4> Work;
  for (BasicBlock &BB : F)
    if (PHINode *Phi = returnedPhi(BB))
      Work.push_back({&BB, Phi});
  bool Changed = false;
  for (auto [BB, Phi] : Work)
    Changed |= splitReturn(*BB, *Phi);
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
