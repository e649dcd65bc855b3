//===- WideMul.h - hupcall-widemul: 128-bit multiply ------------*- C++ -*-===//
//
// See WideMul.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_WIDEMUL_H
#define HUPCALL_WIDEMUL_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct WideMulPass : llvm::PassInfoMixin<WideMulPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
