//===- Atomics.h - hupcall-atomics: exact guest atomics ---------*- C++ -*-===//
//
// See Atomics.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_ATOMICS_H
#define HUPCALL_ATOMICS_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct AtomicsPass : llvm::PassInfoMixin<AtomicsPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
