//===- Capture.cpp - hupcall-capture: captured variables read from env[] --===//
//
// HU_CAPTURE(var) (hupcall/capture.h) leaves a constant pointer to the guest
// variable `var` in section HU_CAPTURE_SECTION. This pass gives each such
// variable an env slot (1, 2, ... in the order of the captures), rewrites
// every load of it into a load of ctx->env[slot] from the entry's context, and
// replaces the pointers by one relocation-free array of hu_capture_record
// (slot, size, name) in the same section, which `hucc --embed` copies into
// the guest's table. The variable is then no longer referenced by the code:
// it needs no window and no symbol resolution on the host.
//
// It runs first, when inlining is done and before annotation would take the
// variable for a guest pointer. Only an entry has the context, so a function
// that reads a captured variable is inlined into its callers first, whatever
// the inliner decided. A captured variable still read outside an entry (in a
// function other code may call), written, addressed or of another size than
// 1, 2, 4 or 8 bytes is a compile error naming it.
//
//===----------------------------------------------------------------------===//

#include "Capture.h"
#include "Common.h"

#include "hupcall/capture.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;
using namespace hupcall;

namespace {

struct Capture {
  GlobalVariable *Var;
  unsigned Slot;
  unsigned Size;
};

// The guest variable a capture pointer points to, or null.
GlobalVariable *capturedVar(GlobalVariable &G) {
  if (!G.hasInitializer())
    return nullptr;
  return dyn_cast<GlobalVariable>(G.getInitializer()->stripPointerCasts());
}

// The capture pointers, in module order, each removed from the used lists.
SmallVector<GlobalVariable *, 4> findCaptures(Module &M) {
  SmallVector<GlobalVariable *, 4> Found;
  for (GlobalVariable &G : M.globals())
    if (G.hasSection() && G.getSection() == HU_CAPTURE_SECTION)
      Found.push_back(&G);
  if (!Found.empty()) {
    SmallPtrSet<Constant *, 4> Set(Found.begin(), Found.end());
    removeFromUsedLists(M, [&](Constant *C) { return Set.count(C); });
  }
  return Found;
}

// Checks a capture and gives it the next slot; false after a diagnostic.
bool admit(Module &M, GlobalVariable &G, SmallVectorImpl<Capture> &Caps) {
  LLVMContext &C = M.getContext();
  GlobalVariable *Var = capturedVar(G);
  if (!Var) {
    C.emitError("hupcall: " + G.getName() + " does not capture a variable");
    return false;
  }
  StringRef Name = Var->getName();
  uint64_t Size = M.getDataLayout().getTypeAllocSize(Var->getValueType());
  if (Size != 1 && Size != 2 && Size != 4 && Size != 8) {
    C.emitError("hupcall: captured variable '" + Name + "' is " + Twine(Size) +
                " bytes; only 1, 2, 4 or 8 bytes fit an env slot");
    return false;
  }
  if (Name.size() >= HU_CAPTURE_NAME_MAX) {
    C.emitError("hupcall: captured variable '" + Name + "': name longer than " +
                Twine(HU_CAPTURE_NAME_MAX - 1) + " characters");
    return false;
  }
  for (const Capture &K : Caps)
    if (K.Var == Var)
      return true; // captured twice: one slot
  if (Caps.size() + 1 >= HU_CTX_NENV) {
    C.emitError("hupcall: captured variable '" + Name + "' is the " +
                Twine(Caps.size() + 1) + "th capture; env[1.." +
                Twine(HU_CTX_NENV - 1) + "] hold " + Twine(HU_CTX_NENV - 1));
    return false;
  }
  Caps.push_back({Var, unsigned(Caps.size() + 1), unsigned(Size)});
  return true;
}

// Inlining rounds: each moves the reads one call level up. BPF code has no
// recursion, so the call depth bounds them; this only stops a cycle.
constexpr unsigned MaxInlineRounds = 32;

// Functions other than entries that read a captured variable.
SetVector<Function *> readersOutsideEntries(ArrayRef<Capture> Caps) {
  SetVector<Function *> Readers;
  for (const Capture &K : Caps)
    for (User *U : K.Var->users())
      if (auto *L = dyn_cast<LoadInst>(U); L && !isEntry(*L->getFunction()))
        Readers.insert(L->getFunction());
  return Readers;
}

// Inlines every direct call of a function reading a captured variable, until
// the reads are in entries; a local function left without callers goes.
void inlineReaders(ArrayRef<Capture> Caps) {
  for (unsigned Round = 0; Round < MaxInlineRounds; ++Round) {
    SmallVector<CallBase *, 8> Calls;
    SetVector<Function *> Readers = readersOutsideEntries(Caps);
    for (Function *F : Readers)
      for (User *U : F->users())
        if (auto *CB = dyn_cast<CallBase>(U); CB && directCallee(*CB) == F)
          Calls.push_back(CB);
    bool Inlined = false;
    for (CallBase *CB : Calls) {
      InlineFunctionInfo IFI;
      Inlined |= InlineFunction(*CB, IFI).isSuccess();
    }
    for (Function *F : Readers)
      if (F->use_empty() && F->hasLocalLinkage())
        F->eraseFromParent();
    if (!Inlined)
      return;
  }
}

// env[slot] from the entry's context, as the type the load wanted.
Value *loadEnv(LoadInst &L, unsigned Slot) {
  Function &F = *L.getFunction();
  IRBuilder<> B(&L);
  Value *Field = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), F.getArg(0),
                                              HU_CTX_OFF_ENV + 8 * Slot);
  Value *V = B.CreateAlignedLoad(B.getInt64Ty(), Field, Align(8),
                                 L.getPointerOperand()->getName() + ".env");
  Type *T = L.getType();
  if (T->isPointerTy())
    return B.CreateIntToPtr(V, T);
  if (T->isIntegerTy())
    return B.CreateZExtOrTrunc(V, T);
  return nullptr;
}

// Every load of the variable becomes an env load; false after a diagnostic.
bool rewriteReads(const Capture &K) {
  bool Ok = true;
  SmallVector<User *, 8> Users(K.Var->users());
  for (User *U : Users) {
    auto *L = dyn_cast<LoadInst>(U);
    auto *I = dyn_cast<Instruction>(U);
    StringRef Name = K.Var->getName();
    if (!L || L->getPointerOperand() != K.Var) {
      if (I)
        diagnose(*I, "captured variable '" + Name +
                         "' is only read: its address is not in the window");
      else
        K.Var->getContext().emitError("hupcall: captured variable '" + Name +
                                      "' is only read: its address is not "
                                      "in the window");
      Ok = false;
      continue;
    }
    if (!isEntry(*L->getFunction())) {
      diagnose(*L, "captured variable '" + Name + "' read in '" +
                       L->getFunction()->getName() +
                       "', which code outside the hyperupcall entries may "
                       "call (make it static)");
      Ok = false;
      continue;
    }
    Value *V = loadEnv(*L, K.Slot);
    if (!V) {
      diagnose(*L, "captured variable '" + Name + "' read as a non-integer");
      Ok = false;
      continue;
    }
    L->replaceAllUsesWith(V);
    L->eraseFromParent();
  }
  return Ok;
}

// The records hucc --embed reads: struct hu_capture_record[], in slot order.
void emitRecords(Module &M, ArrayRef<Capture> Caps) {
  SmallVector<uint8_t, 256> Bytes;
  for (const Capture &K : Caps) {
    struct hu_capture_record R = {};
    R.env_slot = K.Slot;
    R.env_size = K.Size;
    StringRef Name = K.Var->getName();
    std::copy(Name.begin(), Name.end(), R.name);
    const uint8_t *P = reinterpret_cast<const uint8_t *>(&R);
    Bytes.append(P, P + sizeof(R));
  }
  Constant *Init = ConstantDataArray::get(M.getContext(), Bytes);
  auto *G =
      new GlobalVariable(M, Init->getType(), true, GlobalValue::InternalLinkage,
                         Init, "__hupcall_captures");
  G->setSection(HU_CAPTURE_SECTION);
  G->setAlignment(Align(8));
  appendToCompilerUsed(M, {G});
}

} // namespace

PreservedAnalyses CapturePass::run(Module &M, ModuleAnalysisManager &) {
  SmallVector<GlobalVariable *, 4> Pointers = findCaptures(M);
  if (Pointers.empty())
    return PreservedAnalyses::all();
  SmallVector<Capture, 4> Caps;
  bool Ok = true;
  for (GlobalVariable *G : Pointers)
    Ok &= admit(M, *G, Caps);
  for (GlobalVariable *G : Pointers)
    G->eraseFromParent();
  inlineReaders(Caps);
  for (const Capture &K : Caps)
    Ok &= rewriteReads(K);
  if (!Ok)
    return PreservedAnalyses::none();
  emitRecords(M, Caps);
  for (const Capture &K : Caps)
    if (K.Var->use_empty() && K.Var->isDeclaration())
      K.Var->eraseFromParent();
  return PreservedAnalyses::none();
}
