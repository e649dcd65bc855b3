//===- Common.h - What the hupcall passes share -----------------*- C++ -*-===//
//
// The address spaces, the entry convention, the hva/mask placeholders that
// hupcall-translate leaves for hupcall-ctx-cache, diagnostics with source
// locations, and the one IR surgery every pass needs: changing a function's
// signature. The numbers come from abi.h, the single source of truth.
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_COMMON_H
#define HUPCALL_COMMON_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

#include "hupcall/abi.h"

namespace hupcall {

constexpr unsigned GuestAS = HU_AS_GUEST;
constexpr unsigned HostAS = HU_AS_HOST;

/// Arguments a BPF-to-BPF call passes in registers (r1-r5); there are no
/// stack arguments.
constexpr unsigned MaxBpfArgs = 5;

/// Names of the placeholders hupcall-translate calls for the window base and
/// mask; hupcall-ctx-cache replaces every call with the cached value.
constexpr llvm::StringLiteral HvaPlaceholder = "__hupcall_hva";
constexpr llvm::StringLiteral MaskPlaceholder = "__hupcall_mask";

/// Undefined functions with this prefix are hucc's stand-ins (kernel mode
/// replaces x86 assembly by calls to them and reports those that survive into
/// the object, with its own message); hupcall-check leaves them to hucc.
constexpr llvm::StringLiteral DriverStubPrefix = "hupcall.";

/// The inline assembly hupcall-translate masks with when the masked value is
/// itself an `and` (low bits cleared, PTR_ALIGN, tagged pointers): opaque to
/// the back end, whose combiner would otherwise reassociate `(x & C) & mask`
/// into `(x & mask) & C`, which no longer ends in the mask. hupcall-check
/// accepts exactly this assembly.
constexpr llvm::StringLiteral MaskAsm = "$0 &= $2";
constexpr llvm::StringLiteral MaskAsmConstraints = "=r,0,r";

/// Module flag hupcall-translate sets: a translated module is never annotated
/// and translated again (its host addresses would be masked as guest ones).
constexpr llvm::StringLiteral TranslatedFlag = "hupcall.translated";

/// Function attribute hupcall-check sets on a function whose frame it
/// reported as too large: the frame check after code generation
/// (StackFrame.cpp) does not report it again.
constexpr llvm::StringLiteral FrameReportedAttr = "hupcall.frame-reported";

/// A hyperupcall entry: a defined function in a `hupcall/<event>` section.
bool isEntry(const llvm::Function &F);

/// Is CB inline assembly with no instructions and no result, such as the
/// kernel's barrier(), `asm volatile("" ::: "memory")`? It emits nothing.
bool isEmptyAsm(const llvm::CallBase &CB);

/// Is CB hupcall-translate's mask (MaskAsm)?
bool isMaskAsm(const llvm::CallBase &CB);

/// The pointer type of the given address space.
llvm::PointerType *ptrTy(llvm::LLVMContext &C, unsigned AS);

/// Is V a pointer (scalar, not a vector of pointers) in address space AS?
bool isPtrInAS(const llvm::Value *V, unsigned AS);

/// The function CB calls directly, even while CB still has the function type
/// of a signature a pass just changed (CallBase::getCalledFunction() then
/// returns null).
llvm::Function *directCallee(const llvm::CallBase &CB);

/// A call of helper Id (`call imm` in BPF: the callee is the id as an
/// address) with i64 arguments, returning i64.
llvm::CallInst *callHelper(llvm::IRBuilder<> &B, unsigned Id,
                           llvm::ArrayRef<llvm::Value *> Args);

/// The address a load, store, atomicrmw or cmpxchg accesses; null otherwise.
llvm::Value *accessPointer(llvm::Instruction &I);

// A naturally aligned 4- or 8-byte add, or, and, xor or exchange: one BPF
// atomic instruction (exact under any contention), which hupcall-translate
// bounds like a store; other read-modify-writes go through hupcall-atomics.
bool isBPFAtomic(const llvm::AtomicRMWInst &RMW);

/// Is T a pointer in a non-zero address space, or a function type with one?
bool hasNonZeroAS(llvm::Type *T);

/// A compile error at I's source location (clang prints file:line:col).
void diagnose(const llvm::Instruction &I, const llvm::Twine &Msg);
/// A compile warning at I's source location.
void warn(const llvm::Instruction &I, const llvm::Twine &Msg);
/// A compile error at F's location, for what has no instruction.
void diagnose(const llvm::Function &F, const llvm::Twine &Msg);

/// Declares (once) the placeholder `i64 Name()`, readnone.
llvm::Function *getPlaceholder(llvm::Module &M, llvm::StringRef Name);

/// Gives F's body to a new function of type NewTy, which takes F's name,
/// linkage, attributes and debug info; the first F->arg_size() arguments
/// replace F's, mutated to the new types where those differ. Calls to F are
/// left to the caller (they still name the old, now empty, F).
llvm::Function *retypeFunction(llvm::Function &F, llvm::FunctionType *NewTy);

/// Points CB at NewCallee of the same arity (types may differ in address
/// space only), re-declaring intrinsics; rebuilds the call when Extra
/// arguments are appended. Returns the call now in place.
llvm::CallBase *redirectCall(llvm::CallBase &CB, llvm::Function &NewCallee,
                             llvm::ArrayRef<llvm::Value *> Extra = {});

/// Re-declares the intrinsic CB calls for the pointer types its arguments
/// have now (e.g. llvm.memcpy.p0.p1.i64 after a source moved to the guest
/// address space). Returns false if the intrinsic is not overloaded so.
bool redeclareIntrinsic(llvm::CallBase &CB);

} // namespace hupcall

#endif
