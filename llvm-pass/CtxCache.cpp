//===- CtxCache.cpp - hupcall-ctx-cache: hva and mask once per entry -----===//
//
// hupcall-translate leaves calls to the placeholders __hupcall_hva() and
// __hupcall_mask() at the top of every function that touches guest memory.
// Here they get their values:
//
//   entry function     one load each of ctx->hva (offset 8) and
//                      ctx->guest_mask (offset 24) in the entry block;
//   any other function two hidden i64 parameters appended to its signature,
//                      which every caller passes on from its own values.
//
// So reused guest functions never take the context, and in the object each
// entry reads each field from the context at most once.
//
//===----------------------------------------------------------------------===//

#include "CtxCache.h"
#include "Common.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;
using namespace hupcall;

namespace {

struct Cached {
  Value *Hva = nullptr;
  Value *Mask = nullptr;
};

// Functions that need the window: those calling a placeholder, and, because
// they must pass it on, every function that calls one of those.
SetVector<Function *> findNeeders(ArrayRef<Function *> Placeholders) {
  SetVector<Function *> Need;
  for (Function *P : Placeholders)
    for (User *U : P->users())
      if (auto *CB = dyn_cast<CallBase>(U))
        Need.insert(CB->getFunction());
  for (unsigned I = 0; I < Need.size(); ++I)
    for (User *U : Need[I]->users())
      if (auto *CB = dyn_cast<CallBase>(U); CB && directCallee(*CB) == Need[I])
        Need.insert(CB->getFunction());
  return Need;
}

Cached loadFromContext(Function &F) {
  IRBuilder<> B(&*F.getEntryBlock().getFirstInsertionPt());
  Type *I64 = B.getInt64Ty();
  Value *Ctx = F.getArg(0);
  auto Load = [&](unsigned Off, const char *Name) {
    Value *Field = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Ctx, Off);
    return B.CreateAlignedLoad(I64, Field, Align(8), Name);
  };
  return {Load(HU_CTX_OFF_HVA, "hu.hva"),
          Load(HU_CTX_OFF_GUEST_MASK, "hu.mask")};
}

Function *addHiddenParams(Function &F) {
  FunctionType *FT = F.getFunctionType();
  SmallVector<Type *, 8> Params(FT->params());
  Type *I64 = Type::getInt64Ty(F.getContext());
  Params.append({I64, I64});
  Function *NF = retypeFunction(
      F, FunctionType::get(FT->getReturnType(), Params, FT->isVarArg()));
  NF->getArg(NF->arg_size() - 2)->setName("hu.hva");
  NF->getArg(NF->arg_size() - 1)->setName("hu.mask");
  return NF;
}

bool run(Module &M) {
  Function *HvaF = M.getFunction(HvaPlaceholder);
  Function *MaskF = M.getFunction(MaskPlaceholder);
  SmallVector<Function *, 2> Placeholders;
  for (Function *P : {HvaF, MaskF})
    if (P)
      Placeholders.push_back(P);
  if (Placeholders.empty())
    return false;

  DenseMap<Function *, Cached> Vals;
  SmallVector<Function *, 8> Retyped;
  for (Function *F : findNeeders(Placeholders)) {
    if (!isEntry(*F)) {
      if (F->arg_size() + 2 > MaxBpfArgs)
        diagnose(*F, "this function touches guest memory and takes " +
                         Twine(F->arg_size()) +
                         " arguments: with hva and the mask that exceeds "
                         "BPF's 5; let it be inlined or pass fewer");
      Function *NF = addHiddenParams(*F);
      Vals[NF] = {NF->getArg(NF->arg_size() - 2),
                  NF->getArg(NF->arg_size() - 1)};
      Retyped.push_back(NF);
    } else if (F->arg_size() == 1 && F->getArg(0)->getType()->isPointerTy()) {
      Vals[F] = loadFromContext(*F);
    } else {
      diagnose(*F, "a hyperupcall entry takes one argument, "
                   "const struct hu_ctx *");
      return true;
    }
  }
  for (Function *NF : Retyped)
    for (User *U : make_early_inc_range(NF->users()))
      if (auto *CB = dyn_cast<CallBase>(U); CB && directCallee(*CB) == NF) {
        Cached &C = Vals[CB->getFunction()];
        redirectCall(*CB, *NF, {C.Hva, C.Mask});
      }
  for (Function *P : Placeholders) {
    for (User *U : make_early_inc_range(P->users())) {
      auto *CB = cast<CallInst>(U);
      Cached &C = Vals[CB->getFunction()];
      CB->replaceAllUsesWith(P == HvaF ? C.Hva : C.Mask);
      CB->eraseFromParent();
    }
    P->eraseFromParent();
  }
  return true;
}

} // namespace

PreservedAnalyses CtxCachePass::run(Module &M, ModuleAnalysisManager &) {
  return ::run(M) ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
