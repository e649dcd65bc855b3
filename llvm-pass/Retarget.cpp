//===- Retarget.cpp - hupcall-retarget: kernel mode's x86-64 IR to BPF ----===//
//
// hucc's kernel mode compiles the source for x86-64, so that kernel headers
// see the architecture they expect, and then for BPF from the front end's IR
// (docs/hucc.md, "Kernel mode"). This pass runs first on that IR: BPF triple
// and data layout, no x86 function attributes, and x86 assembly handled:
//
// - the static-key asm goto of x86 arch_static_branch (a __jump_table entry
//   naming the key and the flag) becomes the branch the kernel patches in:
//   jump when the key's `enabled` is positive XOR the flag's branch bit;
// - any other asm goto takes its fall-through path (warning hupcall-asm-goto);
//   one with outputs is an error;
// - an empty asm with a memory clobber (barrier()) becomes a compiler fence;
//   other asm without outputs, void x86 builtins and top-level asm are
//   removed (warning hupcall-asm-removed);
// - asm with outputs and value-returning x86 builtins become calls to a
//   stand-in `hupcall.x86_asm*` that carries its error message. Optimisation
//   may remove such a call (a __builtin_constant_p branch of a kernel header);
//   hupcall-retarget-check, last in the pipeline, reports those it did not at
//   the line of the user's source that led to them;
// - a call to a function with the error attribute that optimisation kept is
//   reported by hupcall-retarget-check at the user's line too (the back end
//   would print it with no location).
//
//===----------------------------------------------------------------------===//

#include "Retarget.h"
#include "Common.h"
#include "RetargetDiag.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;
using namespace hupcall;

namespace {

cl::opt<bool> RetargetEnabled(
    "hupcall-retarget",
    cl::desc("The module is x86-64 IR (hucc --kernel): run hupcall-retarget "
             "first in the pipeline and hupcall-retarget-check last"));

constexpr StringLiteral BpfDataLayout =
    "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128";
// Stand-ins start with DriverStubPrefix, which hupcall-check leaves alone.
constexpr StringLiteral StubName = "hupcall.x86_asm";
// The stand-in's error message, attached to its declaration.
constexpr StringLiteral StubMessageKind = "hupcall.x86";
constexpr size_t AsmTextMax = 60;

// The assembly, one line with "; " between instructions, shortened.
std::string asmText(const InlineAsm &IA) {
  std::string S;
  StringRef A = IA.getAsmString();
  for (size_t I = 0; I < A.size(); ++I) {
    if (S.size() >= AsmTextMax) {
      S += "...";
      break;
    }
    if (A[I] != '\n') {
      S += A[I] == '\t' ? ' ' : A[I];
      continue;
    }
    S += "; ";
    while (I + 1 < A.size() && (A[I + 1] == '\t' || A[I + 1] == ' '))
      ++I;
  }
  return S;
}

// x86's CPU attributes would make the BPF backend look up x86 features.
AttributeList withoutX86(AttributeList AL, LLVMContext &C) {
  for (StringRef K : {"target-cpu", "target-features", "tune-cpu"})
    AL = AL.removeFnAttribute(C, K);
  return AL;
}

// Removes CB's edges to the blocks that are no longer successors, then CB.
void replaceTerminator(CallBrInst &CB, ArrayRef<BasicBlock *> Kept) {
  SmallPtrSet<BasicBlock *, 4> Done(Kept.begin(), Kept.end());
  for (BasicBlock *S : successors(CB.getParent()))
    if (Done.insert(S).second)
      S->removePredecessor(CB.getParent());
  if (!CB.getType()->isVoidTy())
    CB.replaceAllUsesWith(PoisonValue::get(CB.getType()));
  CB.eraseFromParent();
}

// One module's retargeting, its diagnostics printed as they come.
class Retargeter {
public:
  explicit Retargeter(Module &M) : M(M), C(M.getContext()), D(C) {}
  void run();

private:
  void rewrite(CallBase &CB);
  void rewriteCallBr(CallBrInst &CB, const InlineAsm &IA);
  bool rewriteStaticKey(CallBrInst &CB, const InlineAsm &IA);
  void rewriteAsm(CallBase &CB, const InlineAsm &IA);
  void rewriteBuiltin(CallBase &CB, Function &Callee);
  CallInst *callStub(Type *Ty, const std::string &Msg, CallBase &Before);
  void stub(CallBase &CB, ArrayRef<std::pair<Value *, Type *>> Indirect,
            const Twine &Msg);

  Module &M;
  LLVMContext &C;
  SourceDiags D;
};

void Retargeter::run() {
  M.setTargetTriple(Triple("bpf"));
  M.setDataLayout(BpfDataLayout);
  if (!M.getModuleInlineAsm().empty()) {
    D.warn(Warning::AsmRemoved, M.getSourceFileName(),
           "top-level inline assembly removed");
    M.setModuleInlineAsm("");
  }
  SmallVector<CallBase *, 16> X86;
  for (Function &F : M) {
    F.setAttributes(withoutX86(F.getAttributes(), C));
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      if (!CB)
        continue;
      CB->setAttributes(withoutX86(CB->getAttributes(), C));
      Function *Callee = directCallee(*CB);
      if (CB->isInlineAsm() ||
          (Callee && Callee->getName().starts_with("llvm.x86.")))
        X86.push_back(CB);
    }
  }
  for (CallBase *CB : X86)
    rewrite(*CB);
  for (Function &F : make_early_inc_range(M))
    if (F.getName().starts_with("llvm.x86.") && F.use_empty())
      F.eraseFromParent();
  D.finish();
}

void Retargeter::rewrite(CallBase &CB) {
  auto *IA = dyn_cast<InlineAsm>(CB.getCalledOperand());
  if (!IA)
    rewriteBuiltin(CB, *directCallee(CB));
  else if (auto *BR = dyn_cast<CallBrInst>(&CB))
    rewriteCallBr(*BR, *IA);
  else
    rewriteAsm(CB, *IA);
}

void Retargeter::rewriteCallBr(CallBrInst &CB, const InlineAsm &IA) {
  std::string Where = sourceLocation(CB);
  if (!CB.getType()->isVoidTy())
    D.error(Where, "asm goto with outputs cannot run in a hyperupcall: \"" +
                       asmText(IA) + "\"");
  else if (rewriteStaticKey(CB, IA))
    return;
  else
    D.warn(Warning::AsmGoto, Where,
           "asm goto replaced by its fall-through path (the jump is never "
           "taken): \"" +
               asmText(IA) + "\"");
  BranchInst::Create(CB.getDefaultDest(), CB.getIterator())
      ->setDebugLoc(CB.getDebugLoc());
  replaceTerminator(CB, CB.getDefaultDest());
}

// x86 arch_static_branch: `asm goto` with a __jump_table entry and the
// operands (key, flag). The kernel patches the jump in when the key's
// `enabled` count is positive XOR the flag's bit 0 (jump_label_type(); the
// kernel keeps other bits in the flag). Returns false when CB is not one.
bool Retargeter::rewriteStaticKey(CallBrInst &CB, const InlineAsm &IA) {
  if (!IA.getAsmString().contains("__jump_table") || CB.arg_size() != 2 ||
      !CB.getArgOperand(0)->getType()->isPointerTy() ||
      !CB.getArgOperand(1)->getType()->isIntegerTy() ||
      CB.getNumIndirectDests() < 1)
    return false;
  IRBuilder<> B(&CB);
  Value *Flag = CB.getArgOperand(1);
  LoadInst *Enabled =
      B.CreateAlignedLoad(B.getInt32Ty(), CB.getArgOperand(0), Align(4),
                          /*isVolatile=*/true, "hu.jl");
  Value *On = B.CreateICmpSGT(Enabled, B.getInt32(0), "hu.jl.on");
  Value *Bit = B.CreateAnd(Flag, ConstantInt::get(Flag->getType(), 1));
  Value *FlagOn =
      B.CreateICmpNE(Bit, ConstantInt::get(Flag->getType(), 0), "hu.jl.flag");
  Value *Jump = B.CreateXor(On, FlagOn, "hu.jl.jump");
  BasicBlock *Yes = CB.getIndirectDest(0), *No = CB.getDefaultDest();
  B.CreateCondBr(Jump, Yes, No);
  replaceTerminator(CB, {Yes, No});
  return true;
}

// The outputs an asm writes through a pointer ("=*m", or "=qm" that clang
// made a memory output): each pointer and the type written.
SmallVector<std::pair<Value *, Type *>, 2>
indirectOutputs(CallBase &CB, const InlineAsm &IA) {
  SmallVector<std::pair<Value *, Type *>, 2> Out;
  unsigned Arg = 0;
  for (const InlineAsm::ConstraintInfo &CI : IA.ParseConstraints()) {
    if (CI.Type == InlineAsm::isClobber || CI.Type == InlineAsm::isLabel ||
        (CI.Type == InlineAsm::isOutput && !CI.isIndirect))
      continue;
    if (CI.Type == InlineAsm::isOutput && CB.getParamElementType(Arg))
      Out.push_back({CB.getArgOperand(Arg), CB.getParamElementType(Arg)});
    ++Arg;
  }
  return Out;
}

void Retargeter::rewriteAsm(CallBase &CB, const InlineAsm &IA) {
  std::string Text = asmText(IA);
  auto Indirect = indirectOutputs(CB, IA);
  if (!CB.getType()->isVoidTy() || !Indirect.empty()) {
    if (IA.getAsmString().contains("%gs:"))
      stub(CB, Indirect,
           "per-CPU access through %gs cannot run in a hyperupcall: "
           "name the CPU with per_cpu(var, cpu) (hu_per_cpu in "
           "<hupcall/percpu.h>): \"" +
               Text + "\"");
    else
      stub(CB, Indirect,
           "x86 inline assembly with outputs cannot run in a "
           "hyperupcall: \"" +
               Text + "\"");
    return;
  }
  if (Text.empty()) {
    if (IA.getConstraintString().contains("~{memory}"))
      new FenceInst(C, AtomicOrdering::SequentiallyConsistent,
                    SyncScope::SingleThread, CB.getIterator());
  } else {
    D.warn(Warning::AsmRemoved, sourceLocation(CB),
           "x86 inline assembly removed: \"" + Text + "\"");
  }
  CB.eraseFromParent();
}

void Retargeter::rewriteBuiltin(CallBase &CB, Function &Callee) {
  std::string Msg =
      ("x86 builtin '" + Callee.getName() + "' has no BPF equivalent").str();
  if (!CB.getType()->isVoidTy()) {
    stub(CB, {}, Msg);
    return;
  }
  D.warn(Warning::AsmRemoved, sourceLocation(CB), Msg + ": removed");
  CB.eraseFromParent();
}

// A call, before `Before`, of a new stand-in returning Ty whose declaration
// carries Msg.
CallInst *Retargeter::callStub(Type *Ty, const std::string &Msg,
                               CallBase &Before) {
  Function *F = Function::Create(FunctionType::get(Ty, false),
                                 GlobalValue::ExternalLinkage, StubName, M);
  F->setDoesNotThrow();
  F->setWillReturn();
  F->setDoesNotAccessMemory();
  F->setMetadata(StubMessageKind, MDNode::get(C, MDString::get(C, Msg)));
  CallInst *Call = CallInst::Create(F, {}, "", Before.getIterator());
  Call->setDebugLoc(Before.getDebugLoc());
  return Call;
}

// CB's results become stand-ins: its value, and what it writes through the
// Indirect pointers. The error names the function CB sat in, since inlining
// will move the calls.
void Retargeter::stub(CallBase &CB,
                      ArrayRef<std::pair<Value *, Type *>> Indirect,
                      const Twine &Msg) {
  std::string Full =
      (Msg + " (in '" + CB.getFunction()->getName() + "')").str();
  for (auto [Ptr, Ty] : Indirect) {
    auto *Store =
        new StoreInst(callStub(Ty, Full, CB), Ptr,
                      /*isVolatile=*/false, Align(1), CB.getIterator());
    Store->setDebugLoc(CB.getDebugLoc());
  }
  if (!CB.getType()->isVoidTy()) {
    CallInst *Value = callStub(CB.getType(), Full, CB);
    Value->takeName(&CB);
    CB.replaceAllUsesWith(Value);
  }
  CB.eraseFromParent();
}

// A call to a function declared with __attribute__((error(MSG))) (the
// framework's spin_lock, an oversized bitmap walk) or ((warning(MSG))) (the
// kernel's __compiletime_warning) that optimisation kept: the back end would
// report it with no location, or at the x86 step's temporary file (the
// call's !srcloc belongs to that step's source manager), so it is reported
// here at the user's line, worded as clang words it for C, and the back
// end's copy is dropped. Returns whether an attribute was dropped.
bool reportAttributeCalls(Module &M, SourceDiags &D, StringSet<> &Reported) {
  bool Changed = false;
  for (Function &F : M)
    for (bool Error : {true, false}) {
      StringRef Kind = Error ? "dontcall-error" : "dontcall-warn";
      Attribute A = F.getFnAttribute(Kind);
      if (!A.isValid())
        continue;
      std::string Msg = ("call to '" + F.getName() + "' declared with '" +
                         (Error ? "error" : "warning") +
                         "' attribute: " + A.getValueAsString())
                            .str();
      bool Called = false;
      for (User *U : F.users())
        if (auto *CB = dyn_cast<CallBase>(U);
            CB && CB->getCalledOperand() == &F) {
          Called = true;
          std::string Where = sourceLocation(*CB);
          if (!Reported.insert(Where + ": " + Msg).second)
            continue;
          if (Error)
            D.error(Where, Msg);
          else
            D.warn(Warning::AttributeWarning, Where, Msg);
        }
      if (Called) {
        F.removeFnAttr(Kind);
        Changed = true;
      }
    }
  return Changed;
}

} // namespace

PreservedAnalyses RetargetPass::run(Module &M, ModuleAnalysisManager &) {
  installSourceDiagnostics(M.getContext());
  Retargeter(M).run();
  return PreservedAnalyses::none();
}

PreservedAnalyses RetargetCheckPass::run(Module &M, ModuleAnalysisManager &) {
  installSourceDiagnostics(M.getContext());
  SourceDiags D(M.getContext());
  StringSet<> Reported;
  for (Function &F : M) {
    MDNode *N = F.getMetadata(StubMessageKind);
    if (!N || !F.isDeclaration())
      continue;
    StringRef Msg = cast<MDString>(N->getOperand(0))->getString();
    for (User *U : F.users()) {
      auto *CB = dyn_cast<CallBase>(U);
      if (!CB)
        continue;
      std::string Where = sourceLocation(*CB);
      if (Reported.insert(Where + ": " + Msg.str()).second)
        D.error(Where, Msg);
    }
  }
  bool Changed = reportAttributeCalls(M, D, Reported);
  D.finish();
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

void hupcall::registerRetarget(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "hupcall-retarget")
          MPM.addPass(RetargetPass());
        else if (Name == "hupcall-retarget-check")
          MPM.addPass(RetargetCheckPass());
        else
          return false;
        return true;
      });
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        if (RetargetEnabled)
          MPM.addPass(RetargetPass());
      });
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel, ThinOrFullLTOPhase) {
        if (RetargetEnabled)
          MPM.addPass(RetargetCheckPass());
      });
}
