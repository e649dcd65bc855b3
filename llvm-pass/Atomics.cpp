//===- Atomics.cpp - hupcall-atomics: guest atomics through cmpxchg -------===//
//
// The kernel's read-modify-write atomics that BPF has no instruction for
// (sub, nand, min/max, 1- and 2-byte objects) and its 1-, 2- and 4-byte
// cmpxchg, on guest memory, become a few tries of the 64-bit cmpxchg helper on
// the naturally aligned word that holds the object, as the framework's
// hu_cmpxchg_narrow does in C:
//
//   cur = READ_ONCE(word)
//   try (Tries times): old = field of cur; new = op(old, val)
//                      prev = cmpxchg(word, cur, cur with field = new)
//                      prev == cur: done, the result is old
//                      otherwise cur = prev, try again
//
// A cmpxchg fails at once when its field differs from the expected value. The
// loop is unrolled here (a hyperupcall has no back edges): after Tries tries
// in a row that found the word changed by someone else, a read-modify-write
// is not performed and returns the value last read, a cmpxchg fails returning
// ~old (docs/framework.md). Runs after annotation, so a guest pointer is one
// in the guest address space; 64-bit cmpxchg is left to hupcall-translate,
// which calls the helper directly.
//
//===----------------------------------------------------------------------===//

#include "Atomics.h"
#include "Common.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Utils/LowerAtomic.h"

using namespace llvm;
using namespace hupcall;

namespace {

// Tries of the helper per operation: the framework's HU_CMPXCHG_TRIES.
constexpr unsigned Tries = 4;

// The aligned 64-bit word around an object and where the object lies in it
// (little endian). Shift and Field are null for an 8-byte object: the word.
struct Word {
  Value *Ptr;
  Value *Shift = nullptr;
  Value *Field = nullptr;
};

class Lowering {
public:
  explicit Lowering(Instruction &I)
      : I(I), B(&I), I64(B.getInt64Ty()), DL(I.getDataLayout()) {}
  void run();

private:
  Instruction &I;
  IRBuilder<> B;
  Type *I64;
  const DataLayout &DL;

  Word wordOf(Value *P, unsigned Bytes);
  Value *get(const Word &W, Value *Cur, Type *T);
  Value *put(const Word &W, Value *Cur, Value *V);
  Value *toInt(Value *V);
  Value *fromInt(Value *V, Type *T);
};

Word Lowering::wordOf(Value *P, unsigned Bytes) {
  if (Bytes == 8)
    return {P};
  Value *Low = B.CreateAnd(B.CreatePtrToInt(P, I64), 7);
  Word W;
  W.Ptr = B.CreateGEP(B.getInt8Ty(), P, B.CreateNeg(Low), "hu.word");
  W.Shift = B.CreateShl(Low, 3);
  W.Field = B.getInt64((uint64_t(1) << (8 * Bytes)) - 1);
  return W;
}

Value *Lowering::toInt(Value *V) {
  Type *T = V->getType();
  if (T->isPointerTy())
    return B.CreatePtrToInt(V, I64);
  return B.CreateZExt(V, I64);
}

Value *Lowering::fromInt(Value *V, Type *T) {
  if (T->isPointerTy())
    return B.CreateIntToPtr(V, T);
  return B.CreateTrunc(V, T);
}

// The object's value in the word Cur.
Value *Lowering::get(const Word &W, Value *Cur, Type *T) {
  if (W.Shift)
    Cur = B.CreateAnd(B.CreateLShr(Cur, W.Shift), W.Field);
  return fromInt(Cur, T);
}

// Cur with the object replaced by V.
Value *Lowering::put(const Word &W, Value *Cur, Value *V) {
  Value *N = toInt(V);
  if (!W.Shift)
    return N;
  Value *Hole = B.CreateNot(B.CreateShl(W.Field, W.Shift));
  return B.CreateOr(B.CreateAnd(Cur, Hole), B.CreateShl(N, W.Shift));
}

void Lowering::run() {
  auto *RMW = dyn_cast<AtomicRMWInst>(&I);
  auto *CX = dyn_cast<AtomicCmpXchgInst>(&I);
  Value *Ptr = RMW ? RMW->getPointerOperand() : CX->getPointerOperand();
  Type *T = RMW ? RMW->getType() : CX->getCompareOperand()->getType();
  unsigned Bytes = DL.getTypeStoreSize(T);
  if ((!T->isIntegerTy() && !T->isPointerTy()) ||
      (Bytes != 1 && Bytes != 2 && Bytes != 4 && Bytes != 8))
    return diagnose(I, "atomic operation on guest memory must be on a 1-, 2-, "
                       "4- or 8-byte integer or pointer");

  BasicBlock *Head = I.getParent();
  BasicBlock *Done = Head->splitBasicBlock(&I, "hu.atomic.done");
  Head->getTerminator()->eraseFromParent();
  B.SetInsertPoint(Done, Done->begin());
  PHINode *Result = B.CreatePHI(T, 2 * Tries + 1, "hu.prev");
  PHINode *Ok =
      CX ? B.CreatePHI(B.getInt1Ty(), 2 * Tries + 1, "hu.ok") : nullptr;
  auto Finish = [&](Value *R, bool Success) {
    Result->addIncoming(R, B.GetInsertBlock());
    if (Ok)
      Ok->addIncoming(B.getInt1(Success), B.GetInsertBlock());
  };
  auto NewBlock = [&](const Twine &Name) {
    return BasicBlock::Create(I.getContext(), Name, Head->getParent(), Done);
  };

  B.SetInsertPoint(Head);
  Word W = wordOf(Ptr, Bytes);
  LoadInst *Load = B.CreateLoad(I64, W.Ptr, /*isVolatile=*/true, "hu.cur");
  Load->setAlignment(Align(8));
  Value *Cur = Load;
  for (unsigned K = 0; K < Tries; ++K) {
    Value *Old = get(W, Cur, T);
    Value *New;
    if (CX) {
      // The object differs from the expected value: fail, as the kernel does.
      BasicBlock *Swap = NewBlock("hu.swap");
      B.CreateCondBr(B.CreateICmpNE(Old, CX->getCompareOperand()), Done, Swap);
      Finish(Old, false);
      B.SetInsertPoint(Swap);
      Old = CX->getCompareOperand();
      New = CX->getNewValOperand();
    } else {
      New = buildAtomicRMWValue(RMW->getOperation(), B, Old,
                                RMW->getValOperand());
    }
    Value *Pair =
        B.CreateAtomicCmpXchg(W.Ptr, Cur, put(W, Cur, New), MaybeAlign(8),
                              AtomicOrdering::SequentiallyConsistent,
                              AtomicOrdering::SequentiallyConsistent);
    BasicBlock *Retry = NewBlock("hu.retry");
    B.CreateCondBr(B.CreateExtractValue(Pair, 1), Done, Retry);
    Finish(Old, true);
    B.SetInsertPoint(Retry);
    Cur = B.CreateExtractValue(Pair, 0);
  }
  // Every try found the word changed by someone else: the operation is not
  // performed; a cmpxchg returns ~old, a read-modify-write the value last read.
  Finish(CX ? B.CreateNot(CX->getCompareOperand()) : get(W, Cur, T), false);
  B.CreateBr(Done);

  Value *Res = Result;
  if (CX) {
    B.SetInsertPoint(Done, Done->getFirstInsertionPt());
    Res = B.CreateInsertValue(PoisonValue::get(CX->getType()), Result, 0);
    Res = B.CreateInsertValue(Res, Ok, 1);
  }
  I.replaceAllUsesWith(Res);
  I.eraseFromParent();
}

bool onGuest(Instruction &I) {
  if (auto *RMW = dyn_cast<AtomicRMWInst>(&I))
    return isPtrInAS(RMW->getPointerOperand(), GuestAS) && !isBPFAtomic(*RMW);
  auto *CX = dyn_cast<AtomicCmpXchgInst>(&I);
  return CX && isPtrInAS(CX->getPointerOperand(), GuestAS) &&
         I.getDataLayout().getTypeStoreSize(
             CX->getCompareOperand()->getType()) != 8;
}

} // namespace

PreservedAnalyses AtomicsPass::run(Function &F, FunctionAnalysisManager &) {
  SmallVector<Instruction *, 4> Work;
  for (Instruction &I : instructions(F))
    if (onGuest(I))
      Work.push_back(&I);
  for (Instruction *I : Work)
    Lowering(*I).run();
  return Work.empty() ? PreservedAnalyses::all() : PreservedAnalyses::none();
}
