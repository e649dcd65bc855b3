//===- ByValue.h - hupcall-byvalue: inline by-value calls -------*- C++ -*-===//
//
// See ByValue.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_BYVALUE_H
#define HUPCALL_BYVALUE_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct ByValuePass : llvm::PassInfoMixin<ByValuePass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
