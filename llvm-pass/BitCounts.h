//===- BitCounts.h - hupcall-bitcounts: table-free cttz/ctlz -----*- C++
//-*-===//
//
// See BitCounts.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_BITCOUNTS_H
#define HUPCALL_BITCOUNTS_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct BitCountsPass : llvm::PassInfoMixin<BitCountsPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
