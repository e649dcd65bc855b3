//===- AtomicAlign.cpp - hupcall-atomic-align: what a field proves --------===//
//
// clang gives a __sync_* builtin the natural alignment of its object even on
// a packed struct's field (it only warns, -Wsync-alignment), and the engines
// run a BPF atomic at its address rounded down to its size, so
// __sync_fetch_and_add(&packed->cnt, 1) at offset 1 added to the bytes
// before the field. Before any optimisation, while the field's address is
// still the struct's address plus the field's offset, this pass lowers the
// alignment an atomic claims to what that offset allows. hupcall-atomics
// then hands it to the atomic helper, which checks the address at run time,
// and warns at the line. Runs at PipelineStartEP.
//
//===----------------------------------------------------------------------===//

#include "AtomicAlign.h"

#include "llvm/IR/DataLayout.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Operator.h"

using namespace llvm;
using namespace hupcall;

namespace {

// An atomic whose address is a constant offset from a pointer (the field of
// a struct, `&p->cnt`) that is not a multiple of the alignment it claims
// cannot have that alignment whenever the pointer has it: it claims the
// offset's alignment instead. A field of a struct that is not packed, or one
// declared aligned in a packed struct, is at a multiple of its alignment and
// keeps it.
template <typename AtomicT> bool lowerClaim(AtomicT &A) {
  const DataLayout &DL = A.getDataLayout();
  const auto *GEP = dyn_cast<GEPOperator>(A.getPointerOperand());
  APInt Off(DL.getIndexTypeSizeInBits(A.getPointerOperand()->getType()), 0);
  if (!GEP || !GEP->accumulateConstantOffset(DL, Off))
    return false;
  Align Proven = commonAlignment(A.getAlign(), Off.getZExtValue());
  if (Proven >= A.getAlign())
    return false;
  A.setAlignment(Proven);
  return true;
}

} // namespace

PreservedAnalyses AtomicAlignPass::run(Function &F, FunctionAnalysisManager &) {
  bool Changed = false;
  for (Instruction &I : instructions(F)) {
    if (auto *RMW = dyn_cast<AtomicRMWInst>(&I))
      Changed |= lowerClaim(*RMW);
    else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I))
      Changed |= lowerClaim(*CX);
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
