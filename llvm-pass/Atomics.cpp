//===- Atomics.cpp - hupcall-atomics: exact guest atomics -----------------===//
//
// The kernel's atomics on guest memory must behave as the hardware's do: the
// operation happens exactly once, however the guest races with it. A
// naturally aligned 4- or 8-byte add, or, and, xor or exchange is one BPF
// atomic instruction (left to hupcall-translate, which bounds its address),
// and so is a sub of v there, which becomes an add of -v. An 8-byte cmpxchg
// goes to the cmpxchg helper (hupcall-translate). Everything else BPF has no
// instruction for (nand, min/max, 1- and 2-byte objects, 1-, 2- and 4-byte
// cmpxchg) becomes one call of the atomic helper, which does the operation on
// the host with the host's own atomic instructions:
//
//   prev = atomic(gva, value, HU_ATOMIC_OP(op, size), expected)
//
// The helper takes the object's guest address and masks it like every helper;
// its result is the object's previous value, zero-extended. A cmpxchg
// succeeded when that equals the expected value. A BPF atomic whose result is
// used is made sequentially consistent (keepFetch). Runs after annotation, so
// a guest pointer is one in the guest address space.
//
//===----------------------------------------------------------------------===//

#include "Atomics.h"
#include "Common.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;
using namespace hupcall;

namespace {

// The helper's operation for a read-modify-write (a sub is an add of -v);
// HU_ATOMIC_OP_COUNT when it has none.
unsigned helperOp(AtomicRMWInst::BinOp Op) {
  switch (Op) {
  case AtomicRMWInst::Xchg:
    return HU_ATOMIC_XCHG;
  case AtomicRMWInst::Add:
  case AtomicRMWInst::Sub:
    return HU_ATOMIC_ADD;
  case AtomicRMWInst::And:
    return HU_ATOMIC_AND;
  case AtomicRMWInst::Or:
    return HU_ATOMIC_OR;
  case AtomicRMWInst::Xor:
    return HU_ATOMIC_XOR;
  case AtomicRMWInst::Nand:
    return HU_ATOMIC_NAND;
  case AtomicRMWInst::Max:
    return HU_ATOMIC_SMAX;
  case AtomicRMWInst::Min:
    return HU_ATOMIC_SMIN;
  case AtomicRMWInst::UMax:
    return HU_ATOMIC_UMAX;
  case AtomicRMWInst::UMin:
    return HU_ATOMIC_UMIN;
  default:
    return HU_ATOMIC_OP_COUNT;
  }
}

Value *toInt(IRBuilder<> &B, Value *V) {
  if (V->getType()->isPointerTy())
    return B.CreatePtrToInt(V, B.getInt64Ty());
  return B.CreateZExt(V, B.getInt64Ty());
}

// One call of the atomic helper on the object at Ptr of type T; the object's
// previous value, as T.
Value *callAtomic(IRBuilder<> &B, Value *Ptr, Type *T, unsigned Op, Value *Val,
                  Value *Expected) {
  unsigned Bytes = B.GetInsertBlock()->getDataLayout().getTypeStoreSize(T);
  Value *Prev = callHelper(B, HU_HELPER_ATOMIC,
                           {toInt(B, Ptr), toInt(B, Val),
                            B.getInt64(HU_ATOMIC_OP(Op, Bytes)),
                            Expected ? toInt(B, Expected) : B.getInt64(0)});
  if (T->isPointerTy())
    return B.CreateIntToPtr(Prev, T);
  return B.CreateTrunc(Prev, T);
}

// The BPF back end lowers a relaxed atomicrmw to the atomic instruction
// without BPF_FETCH even when its result is used, which then reads as the
// operand (`r0 = -5; lock *(u64 *)(r3 + 16) += r0`, r0 returned). The engines
// run every BPF atomic as the host's locked, sequentially consistent
// instruction anyway, so asking for that ordering costs nothing.
bool keepFetch(AtomicRMWInst &RMW) {
  if (RMW.use_empty() ||
      RMW.getOrdering() == AtomicOrdering::SequentiallyConsistent)
    return false;
  RMW.setOrdering(AtomicOrdering::SequentiallyConsistent);
  return true;
}

bool hasHelperSize(const DataLayout &DL, Type *T) {
  unsigned Bytes = DL.getTypeStoreSize(T);
  return (T->isIntegerTy() || T->isPointerTy()) &&
         DL.getTypeSizeInBits(T) == 8 * Bytes &&
         (Bytes == 1 || Bytes == 2 || Bytes == 4 || Bytes == 8);
}

void lowerRMW(AtomicRMWInst &RMW) {
  unsigned Op = helperOp(RMW.getOperation());
  if (Op == HU_ATOMIC_OP_COUNT ||
      !hasHelperSize(RMW.getDataLayout(), RMW.getType()))
    return diagnose(
        RMW, "atomic " + AtomicRMWInst::getOperationName(RMW.getOperation()) +
                 " on guest memory has no exact form in a "
                 "hyperupcall: use add, sub, and, or, xor, nand, "
                 "min, max or exchange on a 1-, 2-, 4- or 8-byte "
                 "integer or pointer");
  IRBuilder<> B(&RMW);
  if (RMW.getOperation() == AtomicRMWInst::Sub) {
    RMW.setOperation(AtomicRMWInst::Add);
    RMW.setOperand(1, B.CreateNeg(RMW.getValOperand()));
    if (isBPFAtomic(RMW))
      return (void)keepFetch(RMW); // one BPF atomic add, exact
  }
  RMW.replaceAllUsesWith(callAtomic(B, RMW.getPointerOperand(), RMW.getType(),
                                    Op, RMW.getValOperand(), nullptr));
  RMW.eraseFromParent();
}

void lowerCmpXchg(AtomicCmpXchgInst &CX) {
  Type *T = CX.getCompareOperand()->getType();
  if (!hasHelperSize(CX.getDataLayout(), T))
    return diagnose(CX, "compare-and-swap on guest memory must be on a 1-, "
                        "2-, 4- or 8-byte integer or pointer");
  IRBuilder<> B(&CX);
  Value *Prev = callAtomic(B, CX.getPointerOperand(), T, HU_ATOMIC_CMPXCHG,
                           CX.getNewValOperand(), CX.getCompareOperand());
  Value *Res = PoisonValue::get(CX.getType());
  Res = B.CreateInsertValue(Res, Prev, 0);
  Res =
      B.CreateInsertValue(Res, B.CreateICmpEQ(Prev, CX.getCompareOperand()), 1);
  CX.replaceAllUsesWith(Res);
  CX.eraseFromParent();
}

// An atomic on guest memory that BPF has no exact instruction for.
bool onGuest(Instruction &I) {
  if (auto *RMW = dyn_cast<AtomicRMWInst>(&I))
    return isPtrInAS(RMW->getPointerOperand(), GuestAS) && !isBPFAtomic(*RMW);
  // An 8-byte cmpxchg is hupcall-translate's (the cmpxchg helper).
  auto *CX = dyn_cast<AtomicCmpXchgInst>(&I);
  return CX && isPtrInAS(CX->getPointerOperand(), GuestAS) &&
         I.getDataLayout().getTypeStoreSize(
             CX->getCompareOperand()->getType()) != 8;
}

// An atomic on a guest object the compiler knows is under-aligned (a packed
// struct's field): the host issues no misaligned atomic (a split lock), so
// on a misaligned address at run time the helper writes nothing and returns
// ~expected. Said at the line, since nothing else would.
void warnMisaligned(Instruction &I, Type *T, Align A) {
  uint64_t Bytes = I.getDataLayout().getTypeStoreSize(T);
  if (A.value() >= Bytes)
    return;
  warn(I, "atomic operation on a " + Twine(Bytes) +
              "-byte guest object aligned to only " + Twine(A.value()) +
              " byte(s) (a packed struct's field): the host performs no "
              "misaligned atomic, so on an address that is not a multiple of " +
              Twine(Bytes) +
              " nothing is written and the result is ~expected (a "
              "compare-and-swap fails); keep the field naturally aligned, "
              "e.g. __attribute__((aligned(" +
              Twine(Bytes) + "))) on it");
}

void checkAlignment(Instruction &I) {
  if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
    if (isPtrInAS(RMW->getPointerOperand(), GuestAS))
      warnMisaligned(I, RMW->getType(), RMW->getAlign());
  } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
    if (isPtrInAS(CX->getPointerOperand(), GuestAS))
      warnMisaligned(I, CX->getCompareOperand()->getType(), CX->getAlign());
  }
}

} // namespace

PreservedAnalyses AtomicsPass::run(Function &F, FunctionAnalysisManager &) {
  SmallVector<Instruction *, 4> Work;
  bool Changed = false;
  for (Instruction &I : instructions(F)) {
    checkAlignment(I);
    if (onGuest(I))
      Work.push_back(&I);
    else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I))
      Changed |= keepFetch(*RMW);
  }
  for (Instruction *I : Work) {
    if (auto *RMW = dyn_cast<AtomicRMWInst>(I))
      lowerRMW(*RMW);
    else
      lowerCmpXchg(*cast<AtomicCmpXchgInst>(I));
  }
  if (Work.empty() && !Changed)
    return PreservedAnalyses::all();
  PreservedAnalyses PA;
  PA.preserveSet<CFGAnalyses>();
  return PA;
}
