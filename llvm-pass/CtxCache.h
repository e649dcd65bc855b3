//===- CtxCache.h - hupcall-ctx-cache: hva and mask once --------*- C++ -*-===//
//
//
// See CtxCache.cpp and docs/llvm-pass.md for what this pass does and why.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_CTXCACHE_H
#define HUPCALL_CTXCACHE_H

#include "llvm/IR/PassManager.h"

namespace hupcall {

struct CtxCachePass : llvm::PassInfoMixin<CtxCachePass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  // Runs even on optnone functions: without it the object would be unsafe.
  static bool isRequired() { return true; }
};

} // namespace hupcall

#endif
