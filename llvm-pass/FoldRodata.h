//===- FoldRodata.h - hupcall-fold-rodata: no data sections -----*- C++ -*-===//
//
//
// See FoldRodata.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_FOLDRODATA_H
#define HUPCALL_FOLDRODATA_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct FoldRodataPass : llvm::PassInfoMixin<FoldRodataPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  // Runs even on optnone functions: without it the object would be unsafe.
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
