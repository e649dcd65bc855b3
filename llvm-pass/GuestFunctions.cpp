//===- GuestFunctions.cpp - hupcall-guest-functions: addresses only -------===//
//
// Kernel code compares a stored function pointer with a known function
// (`if (vma->vm_ops == &shmem_vm_ops)` is data; `if (q->mq_ops->queue_rq ==
// nvme_queue_rq)`, `if (p->sched_class->pick_next_task == pick_task_fair)`
// are functions). In a hyperupcall such a function is the guest's: declared
// (`extern`) and never called, it is only an address, resolved at
// registration like an extern variable. Each such declaration becomes an
// external global of the same name before annotation, so provenance takes it
// for a guest address and the object gets the usual `ld_imm64` relocation.
// A function the hyperupcall defines, or one it also calls, is left as it is
// (hupcall-check reports it).
//
//===----------------------------------------------------------------------===//

#include "GuestFunctions.h"
#include "Common.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/InstrTypes.h"

using namespace llvm;
using namespace hupcall;

namespace {

// A declared function whose address is taken and which is never called.
bool onlyAddressTaken(const Function &F) {
  if (!F.isDeclaration() || F.isIntrinsic() || F.use_empty() ||
      F.getName().starts_with(DriverStubPrefix))
    return false;
  for (const Use &U : F.uses())
    if (auto *CB = dyn_cast<CallBase>(U.getUser()); CB && CB->isCallee(&U))
      return false;
  return true;
}

} // namespace

PreservedAnalyses GuestFunctionsPass::run(Module &M, ModuleAnalysisManager &) {
  SmallVector<Function *, 4> Work;
  for (Function &F : M)
    if (onlyAddressTaken(F))
      Work.push_back(&F);
  for (Function *F : Work) {
    std::string Name = F->getName().str();
    F->setName("");
    auto *GV = new GlobalVariable(M, Type::getInt8Ty(M.getContext()),
                                  /*isConstant=*/true,
                                  GlobalValue::ExternalLinkage, nullptr, Name);
    F->replaceAllUsesWith(GV);
    F->eraseFromParent();
  }
  return Work.empty() ? PreservedAnalyses::all() : PreservedAnalyses::none();
}
