//===- NoTables.h - hupcall-no-tables: switches as compare chains -*- C++
//-*-===//
//
//
// See NoTables.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_NOTABLES_H
#define HUPCALL_NOTABLES_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct NoTablesPass : llvm::PassInfoMixin<NoTablesPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &);
  // Runs even on optnone functions: the loader maps no data section.
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
