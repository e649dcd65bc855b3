//===- NoVectorize.cpp - hupcall-no-vectorize: scalar code only -----------===//
//
// BPF has no vector registers, but LLVM's vectorizers still form vectors for
// it: an unrolled walk whose iterations only compute (for_each_set_bit over
// 256 bits summing bit * bit) becomes adds of <64 x i64>, which the back end
// splits back into 64 scalars live at once, spilled past the 512-byte stack
// ("BPF stack limit is exceeded"). The loop and SLP vectorizers leave a
// function with `noimplicitfloat` alone, and that attribute means nothing
// else on BPF, which has neither floating point nor vector registers. Runs at
// the vectorizer's start of the optimisation pipeline, in both routes.
//
//===----------------------------------------------------------------------===//

#include "NoVectorize.h"

#include "llvm/IR/Function.h"

using namespace llvm;
using namespace hupcall;

PreservedAnalyses NoVectorizePass::run(Function &F, FunctionAnalysisManager &) {
  if (!F.hasFnAttribute(Attribute::NoImplicitFloat))
    F.addFnAttr(Attribute::NoImplicitFloat);
  return PreservedAnalyses::all(); // an attribute: no analysis changes
}
