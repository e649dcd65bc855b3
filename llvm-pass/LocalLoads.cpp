//===- LocalLoads.cpp - hupcall-local-loads: context and stack loads ------===//
//
// The verifier follows a context or stack pointer only at a constant offset:
// a register that holds ctx + 56 on one path and ctx + 64 on the other, or a
// context address on one and a window address on the other, is mixed and
// rejected. Two forms would reach the object that way:
//
//   load (gep ctx, (select c, 64, 56))  LLVM's merge of c ? ctx->args[3] :
//   load (select c, ctx + 64, ctx + 56) ctx->args[2] (or a GEP of such a
//                                       select); the load becomes a select
//                                       of one load at each offset;
//   select c, (load P), (load Q)        the back end's DAG combiner turns it
//                                       into a load through a select of P and
//                                       Q; with P or Q on the stack or the
//                                       context, both loads are made volatile,
//                                       which the combiner leaves alone.
//
// Both context loads are safe to execute (the verifier checks each offset
// against the context's size). A stack load is not split: the other side of
// the select may be uninitialised. The loads made here are volatile too, so
// that nothing merges them again. Runs after every pass that makes loads or
// selects, before the layout and the check.
//
//===----------------------------------------------------------------------===//

#include "LocalLoads.h"
#include "Common.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;
using namespace hupcall;

namespace {

// Does every address P may hold point into the entry's context?
bool isContext(const Value *P, const Function &F) {
  if (!isEntry(F) || F.arg_empty())
    return false;
  SmallVector<const Value *, 4> Objs;
  getUnderlyingObjects(P, Objs);
  return all_of(Objs, [&](const Value *O) { return O == F.getArg(0); });
}

struct Split {
  Value *Cond;
  Value *A, *B; // the address when Cond is true, when it is false
};

// The two addresses of a context load whose address a select chooses (the
// select itself, or the base or an index of a GEP), made before LI.
std::optional<Split> splitAddress(LoadInst &LI) {
  Value *P = LI.getPointerOperand();
  const Function &F = *LI.getFunction();
  if (!isContext(P, F))
    return std::nullopt;
  if (auto *S = dyn_cast<SelectInst>(P))
    return Split{S->getCondition(), S->getTrueValue(), S->getFalseValue()};
  auto *G = dyn_cast<GetElementPtrInst>(P);
  if (!G)
    return std::nullopt;
  for (Use &Op : G->operands()) {
    auto *S = dyn_cast<SelectInst>(Op.get());
    if (!S)
      continue;
    auto Arm = [&](Value *V) {
      Instruction *A = G->clone();
      A->setOperand(Op.getOperandNo(), V);
      A->insertBefore(LI.getIterator());
      return A;
    };
    return Split{S->getCondition(), Arm(S->getTrueValue()),
                 Arm(S->getFalseValue())};
  }
  return std::nullopt;
}

// A select of the loads at both addresses instead of LI; the new loads are
// queued, as one may still have a select in its address.
void splitLoad(LoadInst &LI, const Split &S,
               SmallVectorImpl<LoadInst *> &Work) {
  IRBuilder<> B(&LI);
  auto Load = [&](Value *Ptr) {
    LoadInst *L = B.CreateAlignedLoad(LI.getType(), Ptr, LI.getAlign());
    L->copyMetadata(LI);
    L->setVolatile(true);
    Work.push_back(L);
    return L;
  };
  Value *A = Load(S.A), *Bv = Load(S.B);
  Value *V = B.CreateSelect(S.Cond, A, Bv);
  LI.replaceAllUsesWith(V);
  Value *Old = LI.getPointerOperand();
  LI.eraseFromParent();
  RecursivelyDeleteTriviallyDeadInstructions(Old);
}

// Is the load from the stack or the context?
bool isLocalLoad(const Value *V) {
  auto *LI = dyn_cast<LoadInst>(V);
  if (!LI)
    return false;
  const Value *Obj = getUnderlyingObject(LI->getPointerOperand());
  return isa<AllocaInst>(Obj) || isContext(Obj, *LI->getFunction());
}

} // namespace

PreservedAnalyses LocalLoadsPass::run(Function &F, FunctionAnalysisManager &) {
  bool Changed = false;
  SmallVector<LoadInst *, 8> Work;
  for (Instruction &I : instructions(F))
    if (auto *LI = dyn_cast<LoadInst>(&I); LI && !LI->isAtomic())
      Work.push_back(LI);
  while (!Work.empty()) {
    LoadInst *LI = Work.pop_back_val();
    if (auto S = splitAddress(*LI)) {
      splitLoad(*LI, *S, Work);
      Changed = true;
    }
  }
  for (Instruction &I : instructions(F)) {
    auto *S = dyn_cast<SelectInst>(&I);
    if (!S || !isa<LoadInst>(S->getTrueValue()) ||
        !isa<LoadInst>(S->getFalseValue()) ||
        !(isLocalLoad(S->getTrueValue()) || isLocalLoad(S->getFalseValue())))
      continue;
    for (Value *V : {S->getTrueValue(), S->getFalseValue()})
      if (auto *L = cast<LoadInst>(V); !L->isVolatile() && !L->isAtomic()) {
        L->setVolatile(true);
        Changed = true;
      }
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
