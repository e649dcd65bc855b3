//===- FoldRodata.cpp - hupcall-fold-rodata: no data sections -------------===//
//
// The host loader maps no data sections: a hyperupcall may reference only
// guest symbols. Clang still puts hyperupcall-owned constants in .rodata, most
// often the initialiser of a local array (`long a[2] = {1, 2};` becomes a
// memcpy from a private constant) or a read of a const table at a constant
// index. This pass folds those reads into immediates: a load from a constant
// global at a constant offset becomes its value, a constant-length copy from
// one becomes stores of immediates, and constants nothing references any
// more are deleted. What cannot be folded (a const table indexed by a
// variable) stays and hupcall-check reports it.
//
//===----------------------------------------------------------------------===//

#include "FoldRodata.h"
#include "Common.h"

#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;
using namespace hupcall;

namespace {

// A copy longer than this is not unrolled into stores (it could not fit the
// stack anyway); hupcall-check reports the reference that remains.
constexpr uint64_t MaxUnrolledCopy = HU_STACK_SIZE;

// The constant global (with an initialiser that is final) P points into, and
// the offset; null if P is anything else.
GlobalVariable *constantBase(Value *P, const DataLayout &DL, APInt &Off) {
  Off = APInt(DL.getIndexTypeSizeInBits(P->getType()), 0);
  auto *GV = dyn_cast<GlobalVariable>(
      P->stripAndAccumulateConstantOffsets(DL, Off, true));
  return GV && GV->isConstant() && GV->hasDefinitiveInitializer() ? GV
                                                                  : nullptr;
}

bool foldLoad(LoadInst &LI, const DataLayout &DL) {
  APInt Off;
  GlobalVariable *GV = constantBase(LI.getPointerOperand(), DL, Off);
  if (!GV)
    return false;
  Constant *C =
      ConstantFoldLoadFromConst(GV->getInitializer(), LI.getType(), Off, DL);
  if (!C)
    return false;
  LI.replaceAllUsesWith(C);
  LI.eraseFromParent();
  return true;
}

// memcpy(dst, &const + off, N) -> stores of immediates, as wide as the
// destination's alignment allows (at most 8 bytes, BPF's widest store).
bool foldCopy(MemTransferInst &MT, const DataLayout &DL) {
  APInt Off;
  GlobalVariable *GV = constantBase(MT.getRawSource(), DL, Off);
  auto *Len = dyn_cast<ConstantInt>(MT.getLength());
  if (!GV || !Len || Len->getZExtValue() > MaxUnrolledCopy)
    return false;
  uint64_t N = Len->getZExtValue();
  Align DstAlign = MT.getDestAlign().valueOrOne();
  IRBuilder<> B(&MT);
  SmallVector<std::pair<uint64_t, Constant *>, 16> Pieces;
  for (uint64_t At = 0; At < N;) {
    uint64_t W = std::min<uint64_t>(commonAlignment(DstAlign, At).value(), 8);
    while (W > N - At)
      W /= 2;
    Constant *C = ConstantFoldLoadFromConst(GV->getInitializer(),
                                            B.getIntNTy(W * 8), Off + At, DL);
    if (!C)
      return false;
    Pieces.push_back({At, C});
    At += W;
  }
  for (auto &[At, C] : Pieces)
    B.CreateAlignedStore(
        C, B.CreateConstGEP1_64(B.getInt8Ty(), MT.getRawDest(), At),
        commonAlignment(DstAlign, At), MT.isVolatile());
  MT.eraseFromParent();
  return true;
}

} // namespace

PreservedAnalyses FoldRodataPass::run(Module &M, ModuleAnalysisManager &) {
  const DataLayout &DL = M.getDataLayout();
  bool Changed = false;
  for (Function &F : M)
    for (Instruction &I : make_early_inc_range(instructions(F))) {
      if (auto *LI = dyn_cast<LoadInst>(&I))
        Changed |= foldLoad(*LI, DL);
      else if (auto *MT = dyn_cast<MemTransferInst>(&I))
        Changed |= foldCopy(*MT, DL);
    }
  for (GlobalVariable &GV : make_early_inc_range(M.globals())) {
    GV.removeDeadConstantUsers();
    if (GV.isConstant() && GV.hasLocalLinkage() && GV.use_empty()) {
      GV.eraseFromParent();
      Changed = true;
    }
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
