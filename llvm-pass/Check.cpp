//===- Check.cpp - hupcall-check: what the verifier would reject ---------===//
//
// The last pass before code generation. What the host verifier would reject
// at guest boot is a compile error here, at the source line:
//
//   - a value in a non-zero address space (the BPF backend would emit
//     addr_space_cast) or a placeholder hupcall-ctx-cache did not replace;
//   - indirect calls and function pointers (helper calls, `call imm`, are
//     calls through a constant integer and are fine), calls to functions not
//     defined in the file, inline assembly;
//   - global or static data owned by the hyperupcall: writable, or read-only
//     but not folded by hupcall-fold-rodata (the loader maps no data
//     sections; extern guest symbols are the guest's and are fine);
//   - loops that survived unrolling (back edges);
//   - a stack frame over 512 bytes, estimated from the allocas (the frame
//     with spilled registers is checked after code generation, in
//     StackFrame.cpp), and stack arrays or the context indexed by a variable
//     (the verifier wants constant offsets);
//   - variable-length copies into host memory;
//   - traps and code LLVM proved unreachable that it left in place (the BPF
//     back end calls __bpf_trap there, which the host does not have).
//
//===----------------------------------------------------------------------===//

#include "Check.h"
#include "Common.h"

#include "llvm/ADT/DepthFirstIterator.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;
using namespace hupcall;

namespace {

// A helper call: the callee is a constant integer cast to a pointer.
bool isHelperCall(const CallBase &CB) {
  auto *CE = dyn_cast<ConstantExpr>(CB.getCalledOperand());
  return CE && CE->getOpcode() == Instruction::IntToPtr &&
         isa<ConstantInt>(CE->getOperand(0));
}

// Finds a Function or a defined (hyperupcall-owned) global in a constant.
const GlobalValue *findOwnedGlobal(const Constant *K, bool &IsFunction) {
  if (auto *F = dyn_cast<Function>(K)) {
    IsFunction = true;
    return F;
  }
  if (auto *GV = dyn_cast<GlobalVariable>(K)) {
    IsFunction = false;
    return !GV->isDeclaration() ? GV : nullptr;
  }
  if (auto *CE = dyn_cast<ConstantExpr>(K))
    for (const Use &U : CE->operands())
      if (auto *G = findOwnedGlobal(cast<Constant>(U.get()), IsFunction))
        return G;
  return nullptr;
}

void checkAddressSpaces(const Instruction &I) {
  bool Bad = hasNonZeroAS(I.getType());
  for (const Use &U : I.operands())
    Bad |= hasNonZeroAS(U->getType());
  if (auto *CB = dyn_cast<CallBase>(&I))
    Bad |= hasNonZeroAS(CB->getFunctionType());
  if (Bad || isa<AddrSpaceCastInst>(I))
    diagnose(I, "internal: a pointer in a non-zero address space reached code "
                "generation (was hupcall-translate run?)");
}

void checkCall(const CallBase &CB) {
  if (isMaskAsm(CB) || isEmptyAsm(CB))
    return;
  if (CB.isInlineAsm())
    return diagnose(CB, "inline assembly is not allowed in a hyperupcall");
  const Function *Callee = directCallee(CB);
  if (!Callee && !isHelperCall(CB))
    return diagnose(CB, "indirect call through a function pointer is not "
                        "allowed in a hyperupcall");
  if (Callee && CB.getFunctionType() != Callee->getFunctionType())
    return diagnose(CB, "internal: call does not match the signature of '" +
                            Callee->getName() + "'");
  if (Callee && (Callee->getName() == HvaPlaceholder ||
                 Callee->getName() == MaskPlaceholder))
    return diagnose(CB, "internal: window placeholder left (was "
                        "hupcall-ctx-cache run?)");
  if (Callee && Callee->isDeclaration() && !Callee->isIntrinsic() &&
      !Callee->getName().starts_with(DriverStubPrefix))
    return diagnose(CB, "call to '" + Callee->getName() +
                            "', which is not defined here: a hyperupcall "
                            "calls only helpers and functions of its own file");
  if (auto *II = dyn_cast<IntrinsicInst>(&CB);
      II && (II->getIntrinsicID() == Intrinsic::trap ||
             II->getIntrinsicID() == Intrinsic::debugtrap ||
             II->getIntrinsicID() == Intrinsic::ubsantrap))
    return diagnose(CB, "a trap (__builtin_trap()) cannot stop a hyperupcall: "
                        "the BPF back end would call __bpf_trap, which the "
                        "host does not have; return an error value instead");
  if (auto *MI = dyn_cast<MemIntrinsic>(&CB);
      MI && !isa<ConstantInt>(MI->getLength()))
    diagnose(CB, "variable-length copy into host memory: the length must be "
                 "a compile-time constant");
}

void checkOperands(const Instruction &I) {
  auto *CB = dyn_cast<CallBase>(&I);
  for (const Use &U : I.operands()) {
    auto *K = dyn_cast<Constant>(U.get());
    if (!K || (CB && CB->isCallee(&U)))
      continue;
    bool IsFunction = false;
    const GlobalValue *G = findOwnedGlobal(K, IsFunction);
    if (!G)
      continue;
    if (IsFunction)
      diagnose(I, "function pointer to '" + G->getName() +
                      "' is not allowed in a hyperupcall");
    else if (!cast<GlobalVariable>(G)->isConstant())
      diagnose(I, "writable global or static variable '" + G->getName() +
                      "' is not allowed in a hyperupcall (make it const, or "
                      "extern to use the guest's)");
    else
      diagnose(I, "read-only data '" + G->getName() +
                      "' cannot be folded into immediates and hyperupcalls "
                      "have no data sections (read it at constant indices, "
                      "or use an extern guest table)");
  }
}

// The stack frame or the context of an entry.
bool isLocalObject(const Value *V) {
  if (isa<AllocaInst>(V))
    return true;
  auto *A = dyn_cast<Argument>(V);
  return A && A->getArgNo() == 0 && isEntry(*A->getParent());
}

// The verifier moves a stack or context pointer only by constants, so an
// access at a variable index into either is rejected at load time; say so
// here, at the line, once per function. Returns whether it did.
bool checkLocalIndex(Instruction &I) {
  const Value *Ptr = accessPointer(I);
  if (!Ptr)
    return false;
  const DataLayout &DL = I.getDataLayout();
  APInt Off(DL.getIndexTypeSizeInBits(Ptr->getType()), 0);
  if (isLocalObject(Ptr->stripAndAccumulateConstantOffsets(DL, Off, true)))
    return false;
  const Value *Obj = getUnderlyingObject(Ptr);
  if (isLocalObject(Obj)) {
    diagnose(I, Twine(isa<AllocaInst>(Obj) ? "stack array" : "context") +
                    " indexed by a variable: the verifier allows only "
                    "constant offsets into the stack frame and the context; "
                    "select the element with constant indices (a switch, or "
                    "HU_UNROLL for (k = 0; k < N; k++) if (k == i) v = "
                    "a[k];) or read it from guest memory");
    return true;
  }
  // A phi or select of local addresses only: p = c ? &a : &b; *p = v (one
  // that mixes them with guest addresses hupcall-annotate reports).
  SmallVector<const Value *, 4> Objs;
  getUnderlyingObjects(Ptr, Objs);
  if (!all_of(Objs, isLocalObject))
    return false;
  diagnose(I, "pointer to one of several local variables, chosen at run "
              "time: the verifier allows only constant offsets into the "
              "stack frame and the context; access each variable on its own "
              "path (if (c) a = v; else b = v;) or keep them in guest memory");
  return true;
}

// Did the loop ask to be unrolled (HU_UNROLL's #pragma unroll)? LLVM keeps
// the request on the latch when it could not honour it.
bool askedToUnroll(const Instruction &Latch) {
  MDNode *Loop = Latch.getMetadata(LLVMContext::MD_loop);
  for (unsigned I = 1; Loop && I < Loop->getNumOperands(); ++I) {
    auto *Opt = dyn_cast<MDNode>(Loop->getOperand(I));
    auto *Name = Opt && Opt->getNumOperands()
                     ? dyn_cast<MDString>(Opt->getOperand(0))
                     : nullptr;
    if (Name && (Name->getString() == "llvm.loop.unroll.enable" ||
                 Name->getString() == "llvm.loop.unroll.full"))
      return true;
  }
  return false;
}

void checkLoops(const Function &F) {
  SmallVector<std::pair<const BasicBlock *, const BasicBlock *>, 4> Edges;
  FindFunctionBackedges(F, Edges);
  // What to write instead: a counter from a constant to a constant, whose
  // trip count LLVM can see, whatever the loop does with it.
  const char *Fix = "count from 0 to a constant (for (k = 0; k < 4; k++) "
                    "{ i = start + k; ... }), bound it with "
                    "hu_for_bounded(i, n, MAX), or add a counted break "
                    "(if (++k == MAX) break;)";
  for (auto &[From, To] : Edges) {
    const Instruction &Latch = *From->getTerminator();
    if (askedToUnroll(Latch))
      diagnose(Latch,
               Twine("loop survives optimisation (back edge): "
                     "HU_UNROLL could not unroll it, LLVM found no "
                     "constant bound on its trip count (a counter "
                     "narrower than its bound, a bound that may wrap); ") +
                   Fix);
    else
      diagnose(Latch, Twine("loop survives optimisation (back edge): a "
                            "hyperupcall must be loop-free; with HU_UNROLL "
                            "in front, ") +
                          Fix);
  }
}

// The default of a switch whose cases cover every value: an empty block
// reached only as a default, for which the back end emits no code.
bool isCoveredDefault(const BasicBlock &BB) {
  if (&BB.front() != BB.getTerminator() || pred_empty(&BB))
    return false;
  return all_of(predecessors(&BB), [&](const BasicBlock *P) {
    auto *SI = dyn_cast<SwitchInst>(P->getTerminator());
    return SI && SI->getDefaultDest() == &BB &&
           none_of(SI->cases(),
                   [&](auto C) { return C.getCaseSuccessor() == &BB; });
  });
}

// Code LLVM proved unreachable (every way to it is undefined behaviour: a
// loop that never ends, an access out of bounds, __builtin_unreachable())
// that it could not remove, because the entry or a call that may not return
// leads to it. The BPF back end would call __bpf_trap there, which the host
// does not have, so the object would not load.
void checkUnreachable(const Function &F) {
  for (const BasicBlock *BB : depth_first(&F))
    if (isa<UnreachableInst>(BB->getTerminator()) && !isCoveredDefault(*BB))
      diagnose(*BB->getTerminator(),
               "code here is reached only through undefined behaviour (LLVM "
               "proved it unreachable: a loop that never ends, an access out "
               "of bounds, __builtin_unreachable()), and the BPF back end "
               "would call __bpf_trap, which the host does not have: make "
               "every path return");
}

void checkStack(Function &F) {
  const DataLayout &DL = F.getDataLayout();
  uint64_t Bytes = 0;
  for (const Instruction &I : instructions(F)) {
    auto *AI = dyn_cast<AllocaInst>(&I);
    if (!AI)
      continue;
    std::optional<TypeSize> Size = AI->getAllocationSize(DL);
    if (!Size || Size->isScalable()) {
      diagnose(I, "variable-sized stack allocation is not allowed in a "
                  "hyperupcall");
      continue;
    }
    Bytes += alignTo(Size->getFixedValue(), 8);
  }
  if (Bytes <= HU_STACK_SIZE)
    return;
  // At the function's line: allocas have none, and kernel mode has no
  // declaration to fall back on (it printed <unknown>:0:0).
  diagnose(F, "stack frame of about " + Twine(Bytes) +
                  " bytes (an estimate from the local variables) "
                  "exceeds the " +
                  Twine(HU_STACK_SIZE) +
                  "-byte BPF stack: keep large data in guest memory "
                  "and read it through a pointer, or copy a part at "
                  "a time (a hyperupcall has no maps)");
  // One message per function: the frame check after code generation
  // (StackFrame.cpp) leaves this one alone.
  F.addFnAttr(FrameReportedAttr);
}

} // namespace

PreservedAnalyses CheckPass::run(Module &M, ModuleAnalysisManager &) {
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    if (hasNonZeroAS(F.getFunctionType()))
      diagnose(F, "internal: signature in a non-zero address space reached "
                  "code generation (was hupcall-translate run?)");
    bool IndexReported = false;
    for (Instruction &I : instructions(F)) {
      checkAddressSpaces(I);
      checkOperands(I);
      if (!IndexReported)
        IndexReported = checkLocalIndex(I);
      if (auto *CB = dyn_cast<CallBase>(&I))
        checkCall(*CB);
    }
    checkLoops(F);
    checkUnreachable(F);
    checkStack(F);
  }
  return PreservedAnalyses::all();
}
