//===- Layout.h - hupcall-layout: blocks in reverse post-order --*- C++ -*-===//
//
//
// See Layout.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_LAYOUT_H
#define HUPCALL_LAYOUT_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct LayoutPass : llvm::PassInfoMixin<LayoutPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &);
  // Runs even on optnone functions: the verifier rejects a backward jump.
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
