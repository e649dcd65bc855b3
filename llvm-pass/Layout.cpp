//===- Layout.cpp - hupcall-layout: blocks in reverse post-order ----------===//
//
// The host verifier accepts only forward jumps. A fully unrolled bounded walk
// has an acyclic CFG, but LLVM often keeps the block that the early exits of
// all iterations share where the loop's exit block was, before the later
// iterations, so those iterations jump back to it. This pass lays each
// function's blocks out in reverse post-order: in an acyclic CFG every block
// then comes after all of its predecessors, so every branch goes forward.
// The BPF backend selects machine blocks in IR order, and with the plugin
// loaded it runs without block placement and branch folding (KeepOrder,
// docs/llvm-pass.md). A real loop keeps its back edge whatever the order;
// hupcall-check reports it with its line.
//
//===----------------------------------------------------------------------===//

#include "Layout.h"

#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Function.h"

using namespace llvm;
using namespace hupcall;

PreservedAnalyses LayoutPass::run(Function &F, FunctionAnalysisManager &) {
  bool Changed = false;
  BasicBlock *Prev = nullptr;

  // Each block in turn right after the one before it in reverse post-order:
  // the reachable blocks become a prefix in that order (the entry stays
  // first), the unreachable ones follow.
  for (BasicBlock *BB : ReversePostOrderTraversal<Function *>(&F)) {
    if (Prev && BB->getPrevNode() != Prev) {
      BB->moveAfter(Prev);
      Changed = true;
    }
    Prev = BB;
  }
  if (!Changed)
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  return PA;
}
