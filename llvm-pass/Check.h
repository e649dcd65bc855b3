//===- Check.h - hupcall-check: what the verifier rejects -------*- C++ -*-===//
//
//
// See Check.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_CHECK_H
#define HUPCALL_CHECK_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct CheckPass : llvm::PassInfoMixin<CheckPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  // Runs even on optnone functions: without it the object would be unsafe.
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
