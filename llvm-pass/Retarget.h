//===- Retarget.h - hupcall-retarget: x86-64 IR to BPF ----------*- C++ -*-===//
//
// See Retarget.cpp and docs/hucc.md ("Kernel mode") for what these passes do
// and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_RETARGET_PASS_H
#define HUPCALL_RETARGET_PASS_H

#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"

namespace hupcall {

/// hupcall-retarget: IR of clang's x86-64 front end becomes BPF IR.
struct RetargetPass : llvm::PassInfoMixin<RetargetPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  // x86 assembly left in place cannot be compiled for BPF.
  static bool isRequired() { return true; }
};

/// hupcall-retarget-check: an x86 stand-in that hupcall-retarget put in and
/// optimisation left is an error at its source line.
struct RetargetCheckPass : llvm::PassInfoMixin<RetargetCheckPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

/// Registers both by name, and under clang with -mllvm -hupcall-retarget:
/// hupcall-retarget first in the pipeline, hupcall-retarget-check last.
void registerRetarget(llvm::PassBuilder &PB);

} // namespace hupcall

#endif
