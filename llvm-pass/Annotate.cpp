//===- Annotate.cpp - hupcall-annotate: find the guest pointers -----------===//
//
// Plain pointers in reused guest code are guest virtual addresses. This pass
// decides, for every pointer value, where it comes from (its provenance):
//
//   guest  pointers loaded from memory (storing a stack or host address is
//          an error, so a pointer in memory is a guest address), extern
//          globals (guest symbols), integers cast to pointers, and what
//          GEP/phi/select derive from them
//   stack  allocas
//   host   the context (first argument of an entry), __host (address space
//          HU_AS_HOST) values, hyperupcall-owned globals, functions
//
// and moves every guest pointer into address space HU_AS_GUEST, where
// hupcall-translate finds it. Provenance crosses calls: each defined function
// is analysed once per combination of argument provenances it is called with
// (an instance); a function called with a stack pointer and with a guest
// pointer is cloned. A value that mixes guest with stack/host provenance and
// reaches an access, a call or a return is a compile error: never unchecked.
// An instance that takes a stack or context pointer, or more than three
// arguments, is marked always_inline (see materialize()); the plugin's
// pipeline runs the always-inliner right after this pass.
//
//===----------------------------------------------------------------------===//

#include "Annotate.h"
#include "Common.h"

#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Operator.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

#include <map>
#include <memory>
#include <vector>

using namespace llvm;
using namespace hupcall;

namespace {

// Provenance is a set: None (null, undef) joins to anything.
using Prov = uint8_t;
constexpr Prov PNone = 0, PGuest = 1, PStack = 2, PHost = 4;

bool isMixed(Prov P) { return (P & PGuest) && (P & (PStack | PHost)); }
// Null and undef are treated as guest: an access through them gets masked.
bool isGuest(Prov P) { return P == PGuest || P == PNone; }
char provLetter(Prov P) {
  return isGuest(P) ? 'g' : isMixed(P) ? 'x' : (P & PStack) ? 's' : 'h';
}

bool isScalarPtr(const Value *V) { return V->getType()->isPointerTy(); }

// One analysed (function, argument provenances) pair and where its code ends
// up: the original function for the first instance, a clone for the others.
struct Instance {
  Function *Orig = nullptr;
  std::vector<Prov> Params;
  Prov Ret = PNone;
  DenseMap<const Value *, Prov> Provs;
  DenseMap<const CallBase *, unsigned> Callees;
  bool InProgress = false;
  Function *Body = nullptr;
  std::unique_ptr<ValueToValueMapTy> VMap; // only for clones
  // This instance's copy of an instruction of the original function.
  Instruction *map(Instruction *OrigI) const {
    return VMap ? cast<Instruction>((*VMap)[OrigI]) : OrigI;
  }
};

class Annotator {
public:
  explicit Annotator(Module &M) : M(M) {}
  bool run();

private:
  Module &M;
  std::vector<std::unique_ptr<Instance>> Insts;
  std::map<std::pair<Function *, std::vector<Prov>>, unsigned> Index;
  DenseMap<Function *, SmallVector<unsigned, 2>> ByFunc;
  DenseMap<Function *, std::vector<Instruction *>> OrigInsts;
  // Errors found by the analysis: with any, nothing is rewritten, so the
  // module stays valid for the other diagnostics and the compile still fails.
  unsigned Errors = 0;

  template <typename Where> void error(const Where &W, const Twine &Msg) {
    ++Errors;
    diagnose(W, Msg);
  }

  unsigned analyze(Function &F, std::vector<Prov> Params);
  Prov provOf(const Instance &In, const Value *V) const;
  Prov compute(Instance &In, Instruction &I);
  std::vector<Prov> argProvs(Instance &In, CallBase &CB);
  void diagnoseMixed(Instance &In);
  void materialize();
  void rewrite(Instance &In);
  void rewriteInstruction(Instance &In, Instruction &OI);
  void fixOperands(Instance &In, Instruction &I);
};

bool isDefinedCallee(const CallBase &CB) {
  const Function *F = CB.getCalledFunction();
  return F && !F->isDeclaration() && !F->isIntrinsic();
}

Prov Annotator::provOf(const Instance &In, const Value *V) const {
  if (isPtrInAS(V, GuestAS))
    return PGuest;
  if (isPtrInAS(V, HostAS))
    return PHost;
  if (auto *A = dyn_cast<Argument>(V))
    return In.Params[A->getArgNo()];
  if (isa<Instruction>(V))
    return In.Provs.lookup(V);
  if (auto *GV = dyn_cast<GlobalVariable>(V))
    return GV->isDeclaration() ? PGuest : PHost;
  if (auto *GA = dyn_cast<GlobalAlias>(V))
    return provOf(In, GA->getAliasee());
  if (isa<Function>(V))
    return PHost;
  if (isa<ConstantPointerNull>(V) || isa<UndefValue>(V))
    return PNone;
  if (auto *CE = dyn_cast<ConstantExpr>(V)) {
    switch (CE->getOpcode()) {
    case Instruction::GetElementPtr:
    case Instruction::BitCast:
    case Instruction::AddrSpaceCast:
      return provOf(In, CE->getOperand(0));
    default:
      return PGuest; // inttoptr and anything computed from integers
    }
  }
  return PGuest;
}

std::vector<Prov> Annotator::argProvs(Instance &In, CallBase &CB) {
  std::vector<Prov> Ps;
  for (Value *A : CB.args()) {
    Prov P = isScalarPtr(A) ? provOf(In, A) : PNone;
    // A mixed argument is reported at the call; the callee sees a guest one.
    Ps.push_back(isScalarPtr(A) && (isGuest(P) || isMixed(P)) ? PGuest : P);
  }
  return Ps;
}

Prov Annotator::compute(Instance &In, Instruction &I) {
  if (isPtrInAS(&I, GuestAS))
    return PGuest;
  if (isPtrInAS(&I, HostAS))
    return PHost;
  if (isa<AllocaInst>(I))
    return PStack;
  if (isa<LoadInst>(I) || isa<IntToPtrInst>(I))
    return PGuest;
  if (auto *GEP = dyn_cast<GetElementPtrInst>(&I))
    return provOf(In, GEP->getPointerOperand());
  if (isa<BitCastInst>(I) || isa<AddrSpaceCastInst>(I) || isa<FreezeInst>(I))
    return provOf(In, I.getOperand(0));
  if (auto *Phi = dyn_cast<PHINode>(&I)) {
    Prov P = PNone;
    for (Value *V : Phi->incoming_values())
      P |= provOf(In, V);
    return P;
  }
  if (auto *Sel = dyn_cast<SelectInst>(&I))
    return provOf(In, Sel->getTrueValue()) | provOf(In, Sel->getFalseValue());
  if (auto *CB = dyn_cast<CallBase>(&I)) {
    switch (CB->getIntrinsicID()) {
    case Intrinsic::ptrmask:
    case Intrinsic::launder_invariant_group:
    case Intrinsic::strip_invariant_group:
      return provOf(In, CB->getArgOperand(0));
    default:
      break;
    }
    if (isDefinedCallee(*CB)) {
      unsigned Callee = analyze(*CB->getCalledFunction(), argProvs(In, *CB));
      In.Callees[CB] = Callee;
      return Insts[Callee]->Ret;
    }
  }
  return PGuest; // helpers and external functions return guest addresses
}

unsigned Annotator::analyze(Function &F, std::vector<Prov> Params) {
  auto Key = std::make_pair(&F, Params);
  auto It = Index.find(Key);
  if (It != Index.end()) {
    if (Insts[It->second]->InProgress)
      error(F, "recursion is not supported in a hyperupcall");
    return It->second;
  }
  unsigned Idx = Insts.size();
  Insts.push_back(std::make_unique<Instance>());
  Index[Key] = Idx;
  ByFunc[&F].push_back(Idx);
  if (!OrigInsts.count(&F))
    for (Instruction &I : instructions(F))
      OrigInsts[&F].push_back(&I);

  Instance &In = *Insts[Idx];
  In.Orig = &F;
  In.Params = std::move(Params);
  In.InProgress = true;
  // Provenance only grows, so iterating to a fixed point terminates; one
  // sweep in reverse post-order suffices without back edges. Unreachable
  // blocks (-O0 code may keep some) come last.
  ReversePostOrderTraversal<Function *> RPOT(&F);
  SmallVector<BasicBlock *, 16> Order(RPOT.begin(), RPOT.end());
  SmallPtrSet<BasicBlock *, 16> Reached(Order.begin(), Order.end());
  for (BasicBlock &BB : F)
    if (!Reached.count(&BB))
      Order.push_back(&BB);
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (BasicBlock *BB : Order)
      for (Instruction &I : *BB) {
        if (!isScalarPtr(&I) && !isa<CallBase>(I))
          continue;
        Prov P = compute(In, I);
        if (!isScalarPtr(&I))
          continue;
        Prov &Slot = In.Provs[&I];
        if ((Slot | P) != Slot) {
          Slot |= P;
          Changed = true;
        }
      }
  }
  for (BasicBlock &BB : F)
    if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator()))
      if (Value *V = Ret->getReturnValue(); V && isScalarPtr(V))
        In.Ret |= provOf(In, V);
  if (F.getReturnType()->isPointerTy() && isGuest(In.Ret))
    In.Ret = PGuest;
  In.InProgress = false;
  diagnoseMixed(In);
  return Idx;
}

// Where a mixed pointer would be used, or a host address would leave the
// hyperupcall, the compile fails at that line.
void Annotator::diagnoseMixed(Instance &In) {
  const char *Mixed = "pointer may point to guest memory or to the stack/"
                      "context (a phi or select mixes them); hupcall cannot "
                      "translate it: keep guest and local pointers apart";
  for (Instruction *I : OrigInsts[In.Orig]) {
    Value *Ptr = accessPointer(*I);
    if (Ptr && isMixed(provOf(In, Ptr))) {
      error(*I, Mixed);
      continue;
    }
    if (auto *SI = dyn_cast<StoreInst>(I)) {
      Value *V = SI->getValueOperand();
      if (isScalarPtr(V) && !isGuest(provOf(In, V)))
        error(*I, "a stack or host address is stored to memory: it could "
                  "reach the guest and its provenance would be lost; only "
                  "guest pointers may be stored");
      continue;
    }
    if (auto *CB = dyn_cast<CallBase>(I)) {
      for (Value *A : CB->args())
        if (isScalarPtr(A) && isMixed(provOf(In, A))) {
          error(*I, Mixed);
          break;
        }
      continue;
    }
    if (auto *Ret = dyn_cast<ReturnInst>(I))
      if (Value *V = Ret->getReturnValue();
          V && isScalarPtr(V) && isMixed(provOf(In, V)))
        error(*I, Mixed);
  }
}

// Clones first (from the untouched originals), then new signatures.
void Annotator::materialize() {
  for (auto &[F, Idxs] : ByFunc)
    for (unsigned K = 1; K < Idxs.size(); ++K) {
      Instance &In = *Insts[Idxs[K]];
      In.VMap = std::make_unique<ValueToValueMapTy>();
      In.Body = CloneFunction(F, *In.VMap);
      std::string Suffix = ".hu.";
      for (unsigned A = 0; A < F->arg_size(); ++A)
        if (isScalarPtr(F->getArg(A)))
          Suffix += provLetter(In.Params[A]);
      In.Body->setName(F->getName() + Suffix);
      In.Body->setLinkage(GlobalValue::InternalLinkage);
    }
  for (auto &[F, Idxs] : ByFunc)
    Insts[Idxs[0]]->Body = F;
  // The verifier lets no stack or context pointer cross a BPF-to-BPF call,
  // and BPF passes at most five arguments, two of which hupcall-ctx-cache may
  // need for hva and the mask: such instances are inlined into their callers.
  for (auto &In : Insts) {
    bool TakesLocal = any_of(In->Params, [](Prov P) { return !isGuest(P); });
    bool ManyArgs = In->Body->arg_size() + 2 > MaxBpfArgs;
    if (!isEntry(*In->Body) && (TakesLocal || ManyArgs)) {
      In->Body->removeFnAttr(Attribute::NoInline);
      In->Body->removeFnAttr(Attribute::OptimizeNone);
      In->Body->addFnAttr(Attribute::AlwaysInline);
    }
  }
  for (auto &In : Insts) {
    Function &Body = *In->Body;
    FunctionType *FT = Body.getFunctionType();
    SmallVector<Type *, 8> Params(FT->params());
    for (unsigned A = 0; A < Params.size(); ++A)
      if (Params[A]->isPointerTy() && In->Params[A] == PGuest)
        Params[A] = ptrTy(M.getContext(), GuestAS);
    Type *Ret = FT->getReturnType();
    if (Ret->isPointerTy() && In->Ret == PGuest)
      Ret = ptrTy(M.getContext(), GuestAS);
    auto *NewFT = FunctionType::get(Ret, Params, FT->isVarArg());
    if (NewFT != FT)
      In->Body = retypeFunction(Body, NewFT);
  }
}

void Annotator::rewrite(Instance &In) {
  std::vector<Instruction *> &Orig = OrigInsts[In.Orig];
  for (Instruction *OI : Orig)
    rewriteInstruction(In, *OI);
  for (auto &[OrigCB, Callee] : In.Callees)
    redirectCall(*cast<CallBase>(In.map(const_cast<CallBase *>(OrigCB))),
                 *Insts[Callee]->Body);
  for (Instruction *OI : Orig)
    fixOperands(In, *In.map(OI));
}

// Moves a guest-provenance pointer into the guest address space: in place
// where the instruction only forwards a pointer, through a cast where the
// type is fixed by something else (an external call's signature).
void Annotator::rewriteInstruction(Instance &In, Instruction &OI) {
  if (!isScalarPtr(&OI) || !isPtrInAS(&OI, 0) || In.Provs.lookup(&OI) != PGuest)
    return;
  Instruction *I = In.map(&OI);
  PointerType *GuestPtr = ptrTy(M.getContext(), GuestAS);
  auto *CB = dyn_cast<CallBase>(I);
  if (!CB || In.Callees.count(cast<CallBase>(&OI))) {
    if (isa<GetElementPtrInst, PHINode, SelectInst, LoadInst, IntToPtrInst,
            FreezeInst, BitCastInst, CallBase>(I)) {
      I->mutateType(GuestPtr);
      return;
    }
  }
  auto *Cast = new AddrSpaceCastInst(I, GuestPtr, I->getName() + ".guest");
  Cast->insertBefore(*I->getParent(), std::next(I->getIterator()));
  if (isa<PHINode>(I))
    Cast->moveBefore(*I->getParent(), I->getParent()->getFirstInsertionPt());
  I->replaceUsesWithIf(Cast, [Cast](Use &U) { return U.getUser() != Cast; });
}

// A constant pointer in the address space Want. The cast goes under constant
// GEPs, so that translation still sees (and folds) their offsets.
Constant *castConstant(Constant *C, Type *Want) {
  if (isa<ConstantPointerNull>(C))
    return ConstantPointerNull::get(cast<PointerType>(Want));
  if (isa<PoisonValue>(C))
    return PoisonValue::get(Want);
  if (isa<UndefValue>(C))
    return UndefValue::get(Want);
  if (auto *GEP = dyn_cast<GEPOperator>(C)) {
    SmallVector<Constant *, 4> Idx;
    for (Use &U : GEP->indices())
      Idx.push_back(cast<Constant>(U.get()));
    return ConstantExpr::getGetElementPtr(
        GEP->getSourceElementType(),
        castConstant(cast<Constant>(GEP->getPointerOperand()), Want), Idx,
        GEP->getNoWrapFlags());
  }
  return ConstantExpr::getAddrSpaceCast(C, Want);
}

// Makes a constant operand match the address space its user now wants;
// returns false for a non-constant (a mixed value, already diagnosed).
bool coerce(Use &U, Type *Want) {
  if (U->getType() == Want)
    return true;
  auto *C = dyn_cast<Constant>(U.get());
  if (!C)
    return false;
  U.set(castConstant(C, Want));
  return true;
}

void Annotator::fixOperands(Instance &In, Instruction &I) {
  LLVMContext &C = M.getContext();
  PointerType *GuestPtr = ptrTy(C, GuestAS);
  auto Internal = [&](const Twine &What) {
    diagnose(I, "internal: " + What + " after annotation");
  };
  if (isa<PHINode>(I) || isa<SelectInst>(I) || isa<FreezeInst>(I) ||
      isa<BitCastInst>(I)) {
    for (Use &U : I.operands())
      if (U->getType()->isPointerTy() && !coerce(U, I.getType()))
        return Internal("mixed pointer operands");
    return;
  }
  if (auto *GEP = dyn_cast<GetElementPtrInst>(&I)) {
    if (!coerce(GEP->getOperandUse(0), GEP->getType()))
      Internal("GEP base in the wrong address space");
    return;
  }
  // The pointer operand of an access stays where annotation put it, except
  // guest constants (extern globals, inttoptr), which get a cast.
  auto FixAccess = [&](Use &U) {
    if (isPtrInAS(U.get(), 0) && isa<Constant>(U.get()) &&
        isGuest(provOf(In, U.get())))
      coerce(U, GuestPtr);
  };
  if (auto *LI = dyn_cast<LoadInst>(&I))
    return FixAccess(LI->getOperandUse(LI->getPointerOperandIndex()));
  if (auto *SI = dyn_cast<StoreInst>(&I))
    return FixAccess(SI->getOperandUse(SI->getPointerOperandIndex()));
  // Where an operand's type must match something else (an aggregate, a
  // vector, the other operands of an atomic), a guest pointer enters as the
  // plain pointer it is: its guest virtual address.
  auto AsPlain = [&](Use &U) {
    if (isPtrInAS(U.get(), GuestAS))
      U.set(
          new AddrSpaceCastInst(U.get(), ptrTy(C, 0), "gva", I.getIterator()));
  };
  if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
    AsPlain(RMW->getOperandUse(1));
    return FixAccess(RMW->getOperandUse(RMW->getPointerOperandIndex()));
  }
  if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
    AsPlain(CX->getOperandUse(1));
    AsPlain(CX->getOperandUse(2));
    return FixAccess(CX->getOperandUse(CX->getPointerOperandIndex()));
  }
  if (auto *Cmp = dyn_cast<ICmpInst>(&I)) {
    Use &L = Cmp->getOperandUse(0), &R = Cmp->getOperandUse(1);
    if (L->getType() != R->getType() && !coerce(L, R->getType()) &&
        !coerce(R, L->getType()))
      diagnose(I, "comparison of a guest pointer with a stack or context "
                  "pointer");
    return;
  }
  if (auto *Ret = dyn_cast<ReturnInst>(&I)) {
    if (Ret->getReturnValue() &&
        !coerce(Ret->getOperandUse(0), I.getFunction()->getReturnType()))
      Internal("returned pointer in the wrong address space");
    return;
  }
  if (isa<PtrToIntInst>(I) || isa<AddrSpaceCastInst>(I))
    return;
  auto *CB = dyn_cast<CallBase>(&I);
  if (!CB) {
    for (Use &U : I.operands())
      AsPlain(U);
    return;
  }
  if (auto *MI = dyn_cast<MemIntrinsic>(CB)) {
    FixAccess(MI->getRawDestUse());
    if (auto *MT = dyn_cast<MemTransferInst>(MI))
      FixAccess(MT->getRawSourceUse());
  }
  if (CB->getIntrinsicID() != Intrinsic::not_intrinsic) {
    if (!redeclareIntrinsic(*CB))
      diagnose(I, "guest pointer passed to an intrinsic that cannot take it");
    return;
  }
  Function *Callee = directCallee(*CB);
  if (Callee && !Callee->isDeclaration()) {
    for (unsigned A = 0; A < CB->arg_size(); ++A)
      if (!coerce(CB->getArgOperandUse(A),
                  Callee->getFunctionType()->getParamType(A)))
        Internal("argument in the wrong address space");
    return;
  }
  // Helpers and external functions take guest virtual addresses as they are.
  for (Use &U : CB->args())
    if (isPtrInAS(U.get(), GuestAS) &&
        CB->getFunctionType()->getParamType(U.getOperandNo())->isPointerTy()) {
      auto *Cast =
          new AddrSpaceCastInst(U.get(), ptrTy(C, 0), "gva", CB->getIterator());
      U.set(Cast);
    }
}

// `c ? ctx->args[2] : p->field` is often optimised into one load through a
// select of the two addresses, a context pointer and a guest one, which no
// single translation fits. Both loads are safe in a hyperupcall (the context
// is readable, a guest load is masked), so the select moves to the values.
// Only an entry's context against a non-stack address: the untaken side of a
// stack address may be uninitialised.
bool isCtxOrGuest(Function &F, Value *Ctx, Value *Other) {
  return isEntry(F) && F.arg_size() == 1 &&
         getUnderlyingObject(Ctx) == F.getArg(0) &&
         !isa<AllocaInst>(getUnderlyingObject(Other));
}

void splitSelectLoads(Function &F) {
  SmallVector<LoadInst *, 4> Work;
  for (Instruction &I : instructions(F))
    if (auto *LI = dyn_cast<LoadInst>(&I); LI && LI->isSimple())
      if (auto *SI = dyn_cast<SelectInst>(LI->getPointerOperand()))
        if (isCtxOrGuest(F, SI->getTrueValue(), SI->getFalseValue()) ||
            isCtxOrGuest(F, SI->getFalseValue(), SI->getTrueValue()))
          Work.push_back(LI);
  for (LoadInst *LI : Work) {
    auto *SI = cast<SelectInst>(LI->getPointerOperand());
    IRBuilder<> B(LI);
    auto Load = [&](Value *Ptr) {
      LoadInst *L = B.CreateAlignedLoad(LI->getType(), Ptr, LI->getAlign());
      L->copyMetadata(*LI);
      // Volatile, so that the back end does not merge them again into a
      // load through a select of the addresses.
      L->setVolatile(true);
      return L;
    };
    Value *V = B.CreateSelect(SI->getCondition(), Load(SI->getTrueValue()),
                              Load(SI->getFalseValue()));
    LI->replaceAllUsesWith(V);
    LI->eraseFromParent();
    if (SI->use_empty())
      SI->eraseFromParent();
  }
}

bool Annotator::run() {
  if (M.getModuleFlag(TranslatedFlag))
    return false;
  for (Function &F : M)
    if (!F.isDeclaration())
      splitSelectLoads(F);
  // Locals that live in allocas (at -O0) are promoted first, so that a pointer
  // read back from its own variable keeps its provenance.
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    DominatorTree DT(F);
    std::vector<AllocaInst *> Allocas;
    for (Instruction &I : F.getEntryBlock())
      if (auto *AI = dyn_cast<AllocaInst>(&I); AI && isAllocaPromotable(AI))
        Allocas.push_back(AI);
    if (!Allocas.empty())
      PromoteMemToReg(Allocas, DT);
  }
  for (Function &F : M) {
    if (!isEntry(F))
      continue;
    if (F.arg_size() != 1 || !F.getArg(0)->getType()->isPointerTy()) {
      // Not an analysis error: the function is annotated as reused code.
      diagnose(F, "a hyperupcall entry takes one argument, "
                  "const struct hu_ctx *");
      continue;
    }
    analyze(F, {PHost});
  }
  // Reused functions no entry calls are dead code in a hyperupcall object:
  // made internal, the plugin's pipeline drops them. Without entries they
  // stay. Either way their pointer arguments are guest pointers.
  bool HasEntries = !Insts.empty();
  for (Function &F : M) {
    if (F.isDeclaration() || F.isIntrinsic() || ByFunc.count(&F) || isEntry(F))
      continue;
    if (HasEntries)
      F.setLinkage(GlobalValue::InternalLinkage);
    std::vector<Prov> Params;
    for (Argument &A : F.args())
      Params.push_back(isScalarPtr(&A) ? PGuest : PNone);
    analyze(F, Params);
  }
  if (Insts.empty() || Errors)
    return true;
  materialize();
  for (auto &In : Insts)
    rewrite(*In);
  return true;
}

} // namespace

PreservedAnalyses AnnotatePass::run(Module &M, ModuleAnalysisManager &) {
  return Annotator(M).run() ? PreservedAnalyses::none()
                            : PreservedAnalyses::all();
}
