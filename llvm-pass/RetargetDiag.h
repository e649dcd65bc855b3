//===- RetargetDiag.h - Kernel-mode diagnostics at user lines ---*- C++ -*-===//
//
// Kernel mode compiles IR, not C, in its BPF step, and clang compiling IR
// has no source manager: it would print a located diagnostic as
// "error: FILE:LINE:COL: in function F TYPE: MESSAGE". These diagnostics are
// printed as clang prints them for C, "FILE:LINE:COL: error: MESSAGE", at the
// line of the user's source file that led to the code (not into a header),
// and hucc's warnings follow its -W flags, which hucc passes as the options
// -hupcall-asm-removed= and -hupcall-asm-goto= (ignore, warning, error).
//
//===----------------------------------------------------------------------===//

#ifndef HUPCALL_RETARGET_DIAG_H
#define HUPCALL_RETARGET_DIAG_H

#include "llvm/ADT/Twine.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/LLVMContext.h"

#include <string>

namespace hupcall {

/// hucc's kernel-mode warnings (clang-wrapper/warnings.h names them); the
/// last is clang's, printed here at the user's line.
enum class Warning { AsmRemoved, AsmGoto, AttributeWarning };

/// "FILE:LINE:COL" of I's innermost inlined frame in the main source file
/// (the frame itself when none is: a header function not inlined), or
/// "SOURCE: in function 'F'" when I has no debug location.
std::string sourceLocation(const llvm::Instruction &I);

/// Prints kernel mode's diagnostics and fails the compile after an error.
class SourceDiags {
public:
  explicit SourceDiags(llvm::LLVMContext &C);
  void error(const llvm::Twine &Where, const llvm::Twine &Msg);
  /// As the flags say: nothing, a warning, or an error ("[-Werror,-W...]").
  void warn(Warning W, const llvm::Twine &Where, const llvm::Twine &Msg);
  /// After the last diagnostic: one error for the process when there were
  /// errors (clang and opt then exit 1). Returns whether there were.
  bool finish();

private:
  llvm::LLVMContext &C;
  unsigned Errors = 0;
};

/// Routes the other passes' and the backend's located diagnostics through
/// the same format, for the rest of the compile (once per context).
void installSourceDiagnostics(llvm::LLVMContext &C);

} // namespace hupcall

#endif
