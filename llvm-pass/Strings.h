//===- Strings.h - hupcall-strings: bounded compares ------------*- C++ -*-===//
//
// See Strings.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_STRINGS_H
#define HUPCALL_STRINGS_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct StringsPass : llvm::PassInfoMixin<StringsPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
