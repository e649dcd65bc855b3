//===- NoVectorize.h - hupcall-no-vectorize: scalar code only ---*- C++ -*-===//
//
//
// See NoVectorize.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_NOVECTORIZE_H
#define HUPCALL_NOVECTORIZE_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct NoVectorizePass : llvm::PassInfoMixin<NoVectorizePass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &);
};

} // namespace hupcall

#endif
