//===- ByValue.cpp - hupcall-byvalue: inline struct-by-value calls --------===//
//
// The BPF back end passes arguments in five registers and has no stack
// arguments: a struct passed by value that does not fit in registers (a
// `byval` argument) is "pass by value not supported", and a struct returned
// through memory (`sret`) "only small returns supported". Kernel code does
// both (a `struct page_counter` or a `ktime` pair handed to a helper
// function). Every call of a defined function with such an argument is
// inlined here, before annotation: the copy becomes a memcpy into the
// caller's frame, which is translated like any other. Until nothing is left,
// since an inlined body may bring calls of its own.
//
//===----------------------------------------------------------------------===//

#include "ByValue.h"
#include "Common.h"

#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;
using namespace hupcall;

namespace {

// A call the BPF back end cannot lower: an aggregate in memory goes across.
bool passesMemory(const CallBase &CB) {
  const Function *F = directCallee(CB);
  if (!F || F->isDeclaration() || CB.isInlineAsm())
    return false;
  for (unsigned I = 0; I < CB.arg_size(); ++I)
    if (CB.isByValArgument(I) || CB.paramHasAttr(I, Attribute::StructRet))
      return true;
  return false;
}

} // namespace

PreservedAnalyses ByValuePass::run(Module &M, ModuleAnalysisManager &) {
  bool Changed = false;
  for (bool Again = true; Again;) {
    Again = false;
    SmallVector<CallBase *, 8> Work;
    for (Function &F : M)
      for (Instruction &I : instructions(F))
        if (auto *CB = dyn_cast<CallBase>(&I);
            CB && passesMemory(*CB) && directCallee(*CB) != &F)
          Work.push_back(CB);
    for (CallBase *CB : Work) {
      InlineFunctionInfo IFI;
      Again |= InlineFunction(*CB, IFI).isSuccess();
    }
    Changed |= Again;
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
