//===- BitTestOrder.cpp - hupcall-bit-test-order: clear bits next ---------===//
//
// BPF's jset jumps when bits are set; BitTestJumps.cpp makes one of a bit
// test only when the bits-clear successor is the next block (else it needs a
// ja after the jset). hupcall-layout places a branch's second successor
// right after it (its reverse post-order visits the first one first), so
// here a branch on `(x & C) == 0` becomes one on `(x & C) != 0` with its
// successors swapped: the bits-clear block comes next and the test is one
// jset. preempt's `in_critical_section()` test paid a ja on the path to its
// helper call.
//
//===----------------------------------------------------------------------===//

#include "BitTestOrder.h"

#include "llvm/IR/Instructions.h"
#include "llvm/IR/PatternMatch.h"

using namespace llvm;
using namespace hupcall;
using namespace llvm::PatternMatch;

PreservedAnalyses BitTestOrderPass::run(Function &F,
                                        FunctionAnalysisManager &) {
  bool Changed = false;
  for (BasicBlock &BB : F) {
    auto *Br = dyn_cast<BranchInst>(BB.getTerminator());
    auto *Cmp = Br && Br->isConditional()
                    ? dyn_cast<ICmpInst>(Br->getCondition())
                    : nullptr;
    if (!Cmp || !Cmp->hasOneUse() || Cmp->getPredicate() != ICmpInst::ICMP_EQ ||
        !match(Cmp, m_ICmp(m_And(m_Value(), m_ConstantInt()), m_Zero())))
      continue;
    Cmp->setPredicate(ICmpInst::ICMP_NE);
    Br->swapSuccessors();
    Changed = true;
  }
  if (!Changed)
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  return PA;
}
