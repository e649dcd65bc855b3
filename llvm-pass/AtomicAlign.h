//===- AtomicAlign.h - hupcall-atomic-align: what a field proves -*- C++
//-*-===//
//
// See AtomicAlign.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_ATOMICALIGN_H
#define HUPCALL_ATOMICALIGN_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct AtomicAlignPass : llvm::PassInfoMixin<AtomicAlignPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
