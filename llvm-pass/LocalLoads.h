//===- LocalLoads.h - hupcall-local-loads: context and stack loads -*- C++ -*-//
//
//
// See LocalLoads.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_LOCALLOADS_H
#define HUPCALL_LOCALLOADS_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct LocalLoadsPass : llvm::PassInfoMixin<LocalLoadsPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &);
  // Runs even on optnone functions: the verifier rejects the merged forms.
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
