//===- WideDiv.h - hupcall-widediv: 128-bit division ------------*- C++ -*-===//
//
// See WideDiv.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_WIDEDIV_H
#define HUPCALL_WIDEDIV_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct WideDivPass : llvm::PassInfoMixin<WideDivPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
