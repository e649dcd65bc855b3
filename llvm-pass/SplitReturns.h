//===- SplitReturns.h - hupcall-split-returns: a return per edge -*- C++
//-*-===//
//
//
// See SplitReturns.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_SPLITRETURNS_H
#define HUPCALL_SPLITRETURNS_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct SplitReturnsPass : llvm::PassInfoMixin<SplitReturnsPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &);
};

} // namespace hupcall

#endif
