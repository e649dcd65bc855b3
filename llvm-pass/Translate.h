//===- Translate.h - hupcall-translate: guest accesses to host --*- C++ -*-===//
//
//
// See Translate.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_TRANSLATE_H
#define HUPCALL_TRANSLATE_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct TranslatePass : llvm::PassInfoMixin<TranslatePass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  // Runs even on optnone functions: without it the object would be unsafe.
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
