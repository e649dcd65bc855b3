//===- Translate.cpp - hupcall-translate: guest accesses to host ones -----===//
//
// Every access through a pointer in the guest address space becomes an access
// at hva + (gva & guest_mask): guest_base is aligned to the window's size, so
// the mask alone turns a guest virtual address into an offset in the window
// and bounds it, with no compare and no branch. A constant field offset is
// added after the mask when it stays inside the guard the host maps after the
// window (HU_GUARD_SIZE), so `p->field` costs `and` + `add` and the offset
// folds into the BPF load: `rX &= mask; rX += hva; rY = *(u64 *)(rX + off)`.
// The guard maps the window's start again (guard byte i is window byte
// i % size), so the folded form reaches exactly the bytes of the unfolded one,
// hva + ((p + off) & mask): a field inside the window of an object that starts
// below the window's base is read and written in place.
//
// Bulk operations: a short constant-length memcpy/memmove/memset is
// translated like an access (the backend expands it inline); a longer or
// variable length goes to the memcpy/memset helpers when both sides are guest
// memory; between guest memory and the stack, a constant length within the
// guard is translated and anything else is a compile error. A 64-bit cmpxchg on
// guest memory becomes the cmpxchg helper; other atomics on guest memory are
// compile errors.
//
// hva and guest_mask come from calls to placeholders that hupcall-ctx-cache
// replaces. Finally every pointer is lowered to address space 0: a guest
// pointer that is not dereferenced (stored, compared, passed) is just its
// guest virtual address, and nothing in a non-zero address space may reach
// the BPF backend.
//
//===----------------------------------------------------------------------===//

#include "Translate.h"
#include "Common.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;
using namespace hupcall;

namespace {

// The translated window of one function: its base and mask.
struct Window {
  Value *Hva = nullptr;
  Value *Mask = nullptr;
};

class Translator {
public:
  explicit Translator(Module &M)
      : M(M), DL(M.getDataLayout()), C(M.getContext()),
        I64(Type::getInt64Ty(C)), I8(Type::getInt8Ty(C)) {}
  bool run();

private:
  Module &M;
  const DataLayout &DL;
  LLVMContext &C;
  Type *I64, *I8;

  void translateFunction(Function &F);
  Window makeWindow(Function &F);
  Value *hostAddress(Value *Guest, uint64_t Size, Instruction *Before,
                     const Window &W);
  void lowerCmpXchg(AtomicCmpXchgInst &CX);
  void lowerMem(MemIntrinsic &MI, const Window &W);

  Type *lowerTy(Type *T);
  FunctionType *lowerFnTy(FunctionType *FT);
  Constant *lowerConstant(Constant *K);
  void lowerAddressSpaces();
};

bool isGuestPtr(const Value *V) { return isPtrInAS(V, GuestAS); }

// The longest copy the BPF backend is sure to expand inline: it emits at most
// 128 stores per memcpy/memset, one byte each when nothing is aligned. Longer
// guest-to-guest copies go to the helpers.
constexpr uint64_t MaxInlineCopy = 128;

Window Translator::makeWindow(Function &F) {
  IRBuilder<> B(&*F.getEntryBlock().getFirstInsertionPt());
  Window W;
  W.Hva = B.CreateCall(getPlaceholder(M, HvaPlaceholder), {}, "hu.hva.ph");
  W.Mask = B.CreateCall(getPlaceholder(M, MaskPlaceholder), {}, "hu.mask.ph");
  return W;
}

// Is the guest address an `and` (seen through integer/pointer casts), such as
// rb_parent()'s `parent_color & ~3`? The back end would reassociate the
// window mask into it.
bool endsInAnd(Value *V) {
  while (isa<IntToPtrInst, PtrToIntInst, BitCastInst, FreezeInst>(V))
    V = cast<Instruction>(V)->getOperand(0);
  auto *BO = dyn_cast<BinaryOperator>(V);
  return BO && BO->getOpcode() == Instruction::And;
}

// hva + (gva & mask) [+ folded constant offset], as a plain pointer. The
// offset of a base pointer's field is added after the mask when the access
// ends inside the guard; the guard mirrors the window's start, so this reaches
// the same bytes as masking the field's address, and every field of one base
// shares its translation. A negative offset (container_of) or one past the
// guard is masked with the address.
Value *Translator::hostAddress(Value *Guest, uint64_t Size, Instruction *Before,
                               const Window &W) {
  APInt Off(DL.getIndexTypeSizeInBits(Guest->getType()), 0);
  Value *Base = Guest->stripAndAccumulateConstantOffsets(DL, Off, true);
  uint64_t Folded = 0;
  if (Base != Guest && isGuestPtr(Base) && Off.isNonNegative() &&
      Off.getZExtValue() + Size <= HU_GUARD_SIZE)
    Folded = Off.getZExtValue();
  else
    Base = Guest;
  IRBuilder<> B(Before);
  Value *Gva = B.CreatePtrToInt(Base, I64, "hu.gva");
  Value *Offset;
  if (endsInAnd(Base)) {
    auto *FT = FunctionType::get(I64, {I64, I64}, false);
    Offset = B.CreateCall(InlineAsm::get(FT, MaskAsm, MaskAsmConstraints,
                                         /*hasSideEffects=*/false),
                          {Gva, W.Mask}, "hu.off");
    cast<CallInst>(Offset)->setDoesNotAccessMemory();
  } else {
    Offset = B.CreateAnd(Gva, W.Mask, "hu.off");
  }
  // offset + hva, in that order: the masked register is dead after the add,
  // so the two-address BPF add needs no copy of hva.
  Value *Host = B.CreateIntToPtr(B.CreateAdd(Offset, W.Hva, "hu.haddr"),
                                 ptrTy(C, 0), "hu.host");
  if (Folded)
    Host = B.CreateConstGEP1_64(I8, Host, Folded, "hu.field");
  return Host;
}

void Translator::lowerCmpXchg(AtomicCmpXchgInst &CX) {
  Type *T = CX.getCompareOperand()->getType();
  if (!T->isIntegerTy(64) && !T->isPointerTy())
    return diagnose(CX, "compare-and-swap on guest memory must be 64-bit "
                        "(it goes to the cmpxchg helper)");
  IRBuilder<> B(&CX);
  auto AsInt = [&](Value *V) {
    return V->getType()->isPointerTy() ? B.CreatePtrToInt(V, I64) : V;
  };
  Value *Old = AsInt(CX.getCompareOperand());
  Value *Prev = callHelper(
      B, HU_HELPER_CMPXCHG,
      {AsInt(CX.getPointerOperand()), Old, AsInt(CX.getNewValOperand())});
  Value *Ok = B.CreateICmpEQ(Prev, Old);
  if (T->isPointerTy())
    Prev = B.CreateIntToPtr(Prev, T);
  Value *Res = PoisonValue::get(CX.getType());
  Res = B.CreateInsertValue(B.CreateInsertValue(Res, Prev, 0), Ok, 1);
  CX.replaceAllUsesWith(Res);
  CX.eraseFromParent();
}

void Translator::lowerMem(MemIntrinsic &MI, const Window &W) {
  auto *MT = dyn_cast<MemTransferInst>(&MI);
  bool DstGuest = isGuestPtr(MI.getRawDest());
  bool SrcGuest = MT && isGuestPtr(MT->getRawSource());
  // Guest to guest (or a guest memset): the helpers take any length.
  bool HelperCan = DstGuest && (MT ? SrcGuest : isa<MemSetInst>(MI));
  auto *Len = dyn_cast<ConstantInt>(MI.getLength());
  if (Len && (Len->getZExtValue() <= MaxInlineCopy || !HelperCan)) {
    uint64_t N = Len->getZExtValue();
    if (N > HU_GUARD_SIZE)
      return diagnose(MI, "a " + Twine(N) +
                              "-byte copy between guest memory and the stack "
                              "or host memory exceeds the " +
                              Twine(HU_GUARD_SIZE) + "-byte guard");
    // setArgOperand, not setDest/setSource: the pointer changes address
    // space, and lowerAddressSpaces redeclares the intrinsic for it.
    if (DstGuest)
      MI.setArgOperand(0, hostAddress(MI.getRawDest(), N, &MI, W));
    if (SrcGuest)
      MT->setArgOperand(1, hostAddress(MT->getRawSource(), N, &MI, W));
    return;
  }
  if (!HelperCan)
    return diagnose(MI, "a variable-length copy between guest memory and the "
                        "stack or host memory cannot be bounded: copy a "
                        "constant number of bytes");
  IRBuilder<> B(&MI);
  Value *N = B.CreateZExtOrTrunc(MI.getLength(), I64);
  Value *Dst = B.CreatePtrToInt(MI.getRawDest(), I64);
  if (MT)
    callHelper(B, HU_HELPER_MEMCPY,
               {Dst, B.CreatePtrToInt(MT->getRawSource(), I64), N});
  else
    callHelper(B, HU_HELPER_MEMSET,
               {Dst, B.CreateZExt(cast<MemSetInst>(MI).getValue(), I64), N});
  MI.eraseFromParent();
}

// A guest load or store of a packed (under-aligned) integer or pointer field
// is one access of its size, as x86 performs it natively (the verifier
// proves addresses, not alignment, and the engines run misaligned plain
// accesses): the BPF back end would otherwise split it into byte accesses,
// loads, shifts and ors, about twice the code. The guest picks the address
// anyway, so the alignment an access claims is only what the back end lowers
// it by.
template <typename AccessT> void accessWhole(AccessT &A, Type *T) {
  if (!T->isIntegerTy() && !T->isPointerTy())
    return;
  Align Natural = A.getDataLayout().getABITypeAlign(T);
  if (A.getAlign() < Natural)
    A.setAlignment(Natural);
}

void Translator::translateFunction(Function &F) {
  SmallVector<Instruction *, 16> Work;
  for (Instruction &I : instructions(F)) {
    Value *P = accessPointer(I);
    bool Guest = P && isGuestPtr(P);
    if (auto *MI = dyn_cast<MemIntrinsic>(&I))
      Guest = isGuestPtr(MI->getRawDest()) ||
              (isa<MemTransferInst>(MI) &&
               isGuestPtr(cast<MemTransferInst>(MI)->getRawSource()));
    if (Guest)
      Work.push_back(&I);
  }
  if (Work.empty())
    return;
  Window W = makeWindow(F);
  for (Instruction *I : Work) {
    if (auto *LI = dyn_cast<LoadInst>(I)) {
      uint64_t Size = DL.getTypeStoreSize(LI->getType());
      LI->setOperand(0, hostAddress(LI->getPointerOperand(), Size, LI, W));
      accessWhole(*LI, LI->getType());
    } else if (auto *SI = dyn_cast<StoreInst>(I)) {
      uint64_t Size = DL.getTypeStoreSize(SI->getValueOperand()->getType());
      SI->setOperand(1, hostAddress(SI->getPointerOperand(), Size, SI, W));
      accessWhole(*SI, SI->getValueOperand()->getType());
    } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I)) {
      lowerCmpXchg(*CX);
    } else if (auto *RMW = dyn_cast<AtomicRMWInst>(I)) {
      if (!isBPFAtomic(*RMW)) {
        diagnose(*I, "atomic read-modify-write on guest memory that BPF has "
                     "no instruction for: run hupcall-atomics first");
        continue;
      }
      uint64_t Size = DL.getTypeStoreSize(RMW->getValOperand()->getType());
      RMW->setOperand(0, hostAddress(RMW->getPointerOperand(), Size, RMW, W));
    } else {
      lowerMem(*cast<MemIntrinsic>(I), W);
    }
  }
}

Type *Translator::lowerTy(Type *T) {
  if (auto *PT = dyn_cast<PointerType>(T))
    return PT->getAddressSpace() ? ptrTy(C, 0) : T;
  return T;
}

FunctionType *Translator::lowerFnTy(FunctionType *FT) {
  SmallVector<Type *, 8> Params;
  for (Type *P : FT->params())
    Params.push_back(lowerTy(P));
  return FunctionType::get(lowerTy(FT->getReturnType()), Params,
                           FT->isVarArg());
}

Constant *Translator::lowerConstant(Constant *K) {
  if (isa<ConstantPointerNull>(K))
    return ConstantPointerNull::get(cast<PointerType>(lowerTy(K->getType())));
  if (isa<PoisonValue>(K))
    return PoisonValue::get(lowerTy(K->getType()));
  if (isa<UndefValue>(K))
    return UndefValue::get(lowerTy(K->getType()));
  auto *CE = dyn_cast<ConstantExpr>(K);
  if (!CE)
    return K;
  SmallVector<Constant *, 4> Ops;
  for (Value *Op : CE->operands())
    Ops.push_back(lowerConstant(cast<Constant>(Op)));
  if (CE->getOpcode() == Instruction::AddrSpaceCast &&
      Ops[0]->getType() == lowerTy(CE->getType()))
    return Ops[0];
  return CE->getWithOperands(Ops, lowerTy(CE->getType()));
}

// Does the constant, or any constant expression it is built from, name a
// non-zero address space?
bool constantHasNonZeroAS(const Constant *K) {
  if (hasNonZeroAS(K->getType()))
    return true;
  auto *CE = dyn_cast<ConstantExpr>(K);
  return CE && any_of(CE->operands(), [](const Use &U) {
           return constantHasNonZeroAS(cast<Constant>(U.get()));
         });
}

void Translator::lowerAddressSpaces() {
  SmallVector<Function *, 8> Retype;
  for (Function &F : M)
    if (!F.isIntrinsic() && hasNonZeroAS(F.getFunctionType()))
      Retype.push_back(&F);
  for (Function *F : Retype)
    retypeFunction(*F, lowerFnTy(F->getFunctionType()));

  SmallVector<AddrSpaceCastInst *, 8> Casts;
  for (Function &F : M)
    for (Instruction &I : instructions(F)) {
      if (hasNonZeroAS(I.getType()))
        I.mutateType(lowerTy(I.getType()));
      for (Use &U : I.operands())
        if (auto *K = dyn_cast<Constant>(U.get()); K && constantHasNonZeroAS(K))
          U.set(lowerConstant(K));
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (hasNonZeroAS(CB->getFunctionType()))
          CB->mutateFunctionType(lowerFnTy(CB->getFunctionType()));
      if (auto *ASC = dyn_cast<AddrSpaceCastInst>(&I))
        Casts.push_back(ASC);
    }
  for (AddrSpaceCastInst *ASC : Casts)
    if (ASC->getType() == ASC->getOperand(0)->getType()) {
      ASC->replaceAllUsesWith(ASC->getOperand(0));
      ASC->eraseFromParent();
    }
  // Calls left with a callee whose signature moved (or an intrinsic whose
  // overload named the old address spaces).
  for (Function &F : M)
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      Function *Callee = CB ? directCallee(*CB) : nullptr;
      if (!Callee)
        continue;
      if (Callee->isIntrinsic()) {
        bool Stale = false;
        for (unsigned A = 0; A < CB->arg_size(); ++A)
          Stale |= CB->getArgOperand(A)->getType() !=
                   Callee->getFunctionType()->getParamType(A);
        if (Stale)
          redeclareIntrinsic(*CB);
      } else if (CB->getFunctionType() != Callee->getFunctionType()) {
        CB->setCalledFunction(Callee);
      }
    }
  for (Function &F : make_early_inc_range(M))
    if (F.isIntrinsic() && F.use_empty() && hasNonZeroAS(F.getFunctionType()))
      F.eraseFromParent();
}

// A function whose result no caller uses returns undef, or nothing at all,
// after interprocedural optimisation (dead argument elimination makes it
// void), and the back end then leaves r0 unwritten, or holding hva or a window
// pointer, at its exit, which the verifier rejects: it returns zero instead.
void defineUnusedReturns(Function &F) {
  for (BasicBlock &BB : F)
    if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator()))
      if (Value *V = Ret->getReturnValue(); V && isa<UndefValue>(V))
        Ret->setOperand(0, Constant::getNullValue(V->getType()));
}

// A void function called BPF-to-BPF becomes one returning i64 0.
void returnZeroFromVoid(Function &F, Type *I64) {
  SmallVector<Type *, 8> Params(F.getFunctionType()->params());
  Function *NF =
      retypeFunction(F, FunctionType::get(I64, Params, F.isVarArg()));
  for (BasicBlock &BB : *NF)
    if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator())) {
      ReturnInst::Create(NF->getContext(), ConstantInt::get(I64, 0),
                         Ret->getIterator());
      Ret->eraseFromParent();
    }
  for (User *U : make_early_inc_range(NF->users())) {
    auto *Old = dyn_cast<CallInst>(U);
    if (!Old || Old->getCalledOperand() != NF)
      continue;
    SmallVector<Value *, 8> Args(Old->args());
    CallInst *New = CallInst::Create(NF->getFunctionType(), NF, Args, "",
                                     Old->getIterator());
    New->setCallingConv(Old->getCallingConv());
    New->setDebugLoc(Old->getDebugLoc());
    Old->eraseFromParent();
  }
}

bool Translator::run() {
  if (M.getModuleFlag(TranslatedFlag))
    return false;
  M.addModuleFlag(Module::Max, TranslatedFlag, 1);
  for (Function &F : M)
    if (!F.isDeclaration()) {
      translateFunction(F);
      defineUnusedReturns(F);
    }
  SmallVector<Function *, 4> Void;
  for (Function &F : M)
    if (!F.isDeclaration() && !isEntry(F) && F.getReturnType()->isVoidTy() &&
        !F.use_empty())
      Void.push_back(&F);
  for (Function *F : Void)
    returnZeroFromVoid(*F, I64);
  lowerAddressSpaces();
  return true;
}

} // namespace

PreservedAnalyses TranslatePass::run(Module &M, ModuleAnalysisManager &) {
  return Translator(M).run() ? PreservedAnalyses::none()
                             : PreservedAnalyses::all();
}
