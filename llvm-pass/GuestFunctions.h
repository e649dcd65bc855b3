//===- GuestFunctions.h - hupcall-guest-functions: addresses only -*- C++
//-*-===//
//
// See GuestFunctions.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_GUESTFUNCTIONS_H
#define HUPCALL_GUESTFUNCTIONS_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct GuestFunctionsPass : llvm::PassInfoMixin<GuestFunctionsPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
