//===- Capture.h - hupcall-capture: captured variables read from env[] -*- C++
//-*-===//
//
// See Capture.cpp and docs/guest-integration.md for what this pass does and
// why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_CAPTURE_PASS_H
#define HUPCALL_CAPTURE_PASS_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct CapturePass : llvm::PassInfoMixin<CapturePass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  // A capture left in place would be a data section with a relocation.
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
