//===- Annotate.h - hupcall-annotate: find the guest pointers ---*- C++ -*-===//
//
//
// See Annotate.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_ANNOTATE_H
#define HUPCALL_ANNOTATE_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct AnnotatePass : llvm::PassInfoMixin<AnnotatePass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  // Runs even on optnone functions: without it the object would be unsafe.
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
