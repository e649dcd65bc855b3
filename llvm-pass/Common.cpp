//===- Common.cpp - What the hupcall passes share -------------------------===//

#include "Common.h"

#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Intrinsics.h"

using namespace llvm;

namespace hupcall {

bool isEntry(const Function &F) {
  return !F.isDeclaration() && F.hasSection() &&
         F.getSection().starts_with(HU_SECTION_PREFIX);
}

bool isEmptyAsm(const CallBase &CB) {
  auto *IA = dyn_cast<InlineAsm>(CB.getCalledOperand());
  return IA && IA->getAsmString().trim().empty() && CB.getType()->isVoidTy();
}

bool isMaskAsm(const CallBase &CB) {
  auto *IA = dyn_cast<InlineAsm>(CB.getCalledOperand());
  return IA && IA->getAsmString() == MaskAsm &&
         IA->getConstraintString() == MaskAsmConstraints;
}

PointerType *ptrTy(LLVMContext &C, unsigned AS) {
  return PointerType::get(C, AS);
}

bool isPtrInAS(const Value *V, unsigned AS) {
  auto *PT = dyn_cast<PointerType>(V->getType());
  return PT && PT->getAddressSpace() == AS;
}

bool isBPFAtomic(const AtomicRMWInst &RMW) {
  unsigned Bytes =
      RMW.getDataLayout().getTypeStoreSize(RMW.getValOperand()->getType());
  switch (RMW.getOperation()) {
  case AtomicRMWInst::Add:
  case AtomicRMWInst::Or:
  case AtomicRMWInst::And:
  case AtomicRMWInst::Xor:
  case AtomicRMWInst::Xchg:
    return RMW.getType()->isIntegerTy() && (Bytes == 4 || Bytes == 8) &&
           RMW.getAlign().value() >= Bytes;
  default:
    return false;
  }
}

CallInst *callHelper(IRBuilder<> &B, unsigned Id, ArrayRef<Value *> Args) {
  Type *I64 = B.getInt64Ty();
  SmallVector<Type *, 4> Params(Args.size(), I64);
  auto *FT = FunctionType::get(I64, Params, false);
  Constant *Helper = ConstantExpr::getIntToPtr(ConstantInt::get(I64, Id),
                                               ptrTy(B.getContext(), 0));
  return B.CreateCall(FT, Helper, Args);
}

Value *accessPointer(Instruction &I) {
  if (Value *P = getLoadStorePointerOperand(&I))
    return P;
  if (auto *RMW = dyn_cast<AtomicRMWInst>(&I))
    return RMW->getPointerOperand();
  if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I))
    return CX->getPointerOperand();
  return nullptr;
}

bool hasNonZeroAS(Type *T) {
  if (auto *PT = dyn_cast<PointerType>(T))
    return PT->getAddressSpace() != 0;
  if (auto *FT = dyn_cast<FunctionType>(T))
    return any_of(FT->subtypes(), [](Type *S) { return hasNonZeroAS(S); });
  return false;
}

Function *directCallee(const CallBase &CB) {
  return dyn_cast<Function>(CB.getCalledOperand());
}

void diagnose(const Instruction &I, const Twine &Msg) {
  const Function &F = *I.getFunction();
  F.getContext().diagnose(DiagnosticInfoUnsupported(
      F, "hupcall: " + Msg, DiagnosticLocation(I.getDebugLoc())));
}

void warn(const Instruction &I, const Twine &Msg) {
  const Function &F = *I.getFunction();
  F.getContext().diagnose(DiagnosticInfoUnsupported(
      F, "hupcall: " + Msg, DiagnosticLocation(I.getDebugLoc()), DS_Warning));
}
void diagnose(const Function &F, const Twine &Msg) {
  F.getContext().diagnose(DiagnosticInfoUnsupported(
      F, "hupcall: " + Msg, DiagnosticLocation(F.getSubprogram())));
}

Function *getPlaceholder(Module &M, StringRef Name) {
  LLVMContext &C = M.getContext();
  FunctionCallee FC = M.getOrInsertFunction(
      Name, FunctionType::get(Type::getInt64Ty(C), false));
  auto *F = cast<Function>(FC.getCallee());
  F->setDoesNotAccessMemory();
  F->setDoesNotThrow();
  F->setWillReturn();
  return F;
}

Function *retypeFunction(Function &F, FunctionType *NewTy) {
  Module &M = *F.getParent();
  Function *NF = Function::Create(NewTy, F.getLinkage(), F.getAddressSpace());
  M.getFunctionList().insert(F.getIterator(), NF);
  NF->copyAttributesFrom(&F);
  NF->copyMetadata(&F, 0);
  F.clearMetadata();
  NF->takeName(&F);
  NF->splice(NF->begin(), &F);
  for (unsigned I = 0, E = F.arg_size(); I != E; ++I) {
    Argument *Old = F.getArg(I), *New = NF->getArg(I);
    if (Old->getType() != New->getType())
      Old->mutateType(New->getType());
    Old->replaceAllUsesWith(New);
    New->takeName(Old);
  }
  // Opaque pointers: a function's address has one type whatever its
  // signature, so calls, @llvm.used and the like can all move over; each pass
  // then fixes the calls it left with the old function type.
  F.replaceAllUsesWith(NF);
  F.eraseFromParent();
  return NF;
}

CallBase *redirectCall(CallBase &CB, Function &NewCallee,
                       ArrayRef<Value *> Extra) {
  if (Extra.empty()) {
    CB.setCalledFunction(&NewCallee);
    return &CB;
  }
  SmallVector<Value *, 8> Args(CB.args());
  Args.append(Extra.begin(), Extra.end());
  SmallVector<OperandBundleDef, 1> Bundles;
  CB.getOperandBundlesAsDefs(Bundles);
  auto *Old = cast<CallInst>(&CB);
  CallInst *New = CallInst::Create(NewCallee.getFunctionType(), &NewCallee,
                                   Args, Bundles, "", CB.getIterator());
  New->setAttributes(Old->getAttributes());
  New->setCallingConv(Old->getCallingConv());
  New->setTailCallKind(Old->getTailCallKind());
  New->setDebugLoc(Old->getDebugLoc());
  New->takeName(Old);
  Old->replaceAllUsesWith(New);
  Old->eraseFromParent();
  return New;
}

bool redeclareIntrinsic(CallBase &CB) {
  Intrinsic::ID ID = CB.getIntrinsicID();
  if (ID == Intrinsic::not_intrinsic)
    return false;
  SmallVector<Type *, 4> Params;
  for (Value *A : CB.args())
    Params.push_back(A->getType());
  auto *FT = FunctionType::get(CB.getType(), Params, false);
  SmallVector<Type *, 4> Overloads;
  if (!Intrinsic::getIntrinsicSignature(ID, FT, Overloads))
    return false;
  CB.setCalledFunction(
      Intrinsic::getOrInsertDeclaration(CB.getModule(), ID, Overloads));
  return true;
}

} // namespace hupcall
