//===- BitTestOrder.h - hupcall-bit-test-order: clear bits next -*- C++ -*-===//
//
//
// See BitTestOrder.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_BITTESTORDER_H
#define HUPCALL_BITTESTORDER_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct BitTestOrderPass : llvm::PassInfoMixin<BitTestOrderPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &);
};

} // namespace hupcall

#endif
