//===- RetargetDiag.cpp - Kernel-mode diagnostics at user lines ----------===//

#include "RetargetDiag.h"

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticHandler.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace hupcall {

namespace {

enum class State { Ignore, Warn, Error };

cl::ValuesClass states() {
  return cl::values(clEnumValN(State::Ignore, "ignore", "say nothing"),
                    clEnumValN(State::Warn, "warning", "a warning"),
                    clEnumValN(State::Error, "error", "an error"));
}

cl::opt<State> AsmRemovedState("hupcall-asm-removed",
                               cl::desc("Kernel mode: x86 assembly or builtin "
                                        "removed (-Whupcall-asm-removed)"),
                               cl::init(State::Warn), states());
cl::opt<State> AsmGotoState("hupcall-asm-goto",
                            cl::desc("Kernel mode: asm goto replaced by its "
                                     "fall-through path (-Whupcall-asm-goto)"),
                            cl::init(State::Warn), states());
cl::opt<State> AttributeWarningState(
    "hupcall-attribute-warning",
    cl::desc("Kernel mode: a kept call to a function with the warning "
             "attribute (-Wattribute-warning)"),
    cl::init(State::Warn), states());

constexpr StringLiteral Failed = "hupcall: kernel-mode compile failed "
                                 "(see the errors above)";

std::string fullPath(StringRef Dir, StringRef File) {
  if (File.starts_with("/") || Dir.empty())
    return File.str();
  return (Dir + "/" + File).str();
}

// The compile unit's file (the source named on the command line), or null.
const DIFile *mainFile(const Function &F) {
  const DISubprogram *SP = F.getSubprogram();
  return SP && SP->getUnit() ? SP->getUnit()->getFile() : nullptr;
}

// "FILE:LINE:COL", the main file named as on the command line, as clang
// names it; a header as its DIFile names it.
std::string format(StringRef AbsPath, StringRef File, unsigned Line,
                   unsigned Col, const DIFile *Main) {
  if (Main && AbsPath == fullPath(Main->getDirectory(), Main->getFilename()))
    File = Main->getFilename();
  return (File + ":" + Twine(Line) + ":" + Twine(Col)).str();
}

std::string format(const DILocation &L, const DIFile *Main) {
  return format(fullPath(L.getDirectory(), L.getFilename()), L.getFilename(),
                L.getLine(), L.getColumn(), Main);
}

// Clang's handler when it compiles IR prints a located diagnostic after a
// bare "error: "; this one prints it first at its location, then lets the
// next handler fail the compile once.
class SourceDiagHandler : public DiagnosticHandler {
public:
  explicit SourceDiagHandler(std::unique_ptr<DiagnosticHandler> Next)
      : Next(std::move(Next)) {}

  bool handleDiagnostics(const DiagnosticInfo &DI) override {
    // SourceDiags::finish's own: the compile fails once, whoever says so.
    if (const auto *G = dyn_cast<DiagnosticInfoGeneric>(&DI);
        G && G->getMsgStr().str() == Failed) {
      if (Forwarded)
        return true;
      Forwarded = true;
      return Next->handleDiagnostics(DI);
    }
    const auto *U = dyn_cast<DiagnosticInfoUnsupported>(&DI);
    if (!U || !U->isLocationAvailable() ||
        (DI.getSeverity() != DS_Error && DI.getSeverity() != DS_Warning))
      return Next->handleDiagnostics(DI);
    StringRef File;
    unsigned Line, Col;
    U->getLocation(File, Line, Col);
    bool Error = DI.getSeverity() == DS_Error;
    errs() << format(U->getAbsolutePath(), File, Line, Col,
                     mainFile(U->getFunction()))
           << (Error ? ": error: " : ": warning: ") << U->getMessage() << "\n";
    if (!Error || Forwarded)
      return true;
    Forwarded = true;
    return Next->handleDiagnostics(DiagnosticInfoGeneric(Failed));
  }
  bool isAnalysisRemarkEnabled(StringRef P) const override {
    return Next->isAnalysisRemarkEnabled(P);
  }
  bool isMissedOptRemarkEnabled(StringRef P) const override {
    return Next->isMissedOptRemarkEnabled(P);
  }
  bool isPassedOptRemarkEnabled(StringRef P) const override {
    return Next->isPassedOptRemarkEnabled(P);
  }
  bool isAnyRemarkEnabled() const override {
    return Next->isAnyRemarkEnabled();
  }

private:
  std::unique_ptr<DiagnosticHandler> Next;
  bool Forwarded = false;
};

} // namespace

std::string sourceLocation(const Instruction &I) {
  const Function &F = *I.getFunction();
  const DILocation *DL = I.getDebugLoc().get();
  if (!DL)
    return (F.getParent()->getSourceFileName() + ": in function '" +
            F.getName() + "'")
        .str();
  const DIFile *Main = mainFile(F);
  std::string MainPath =
      Main ? fullPath(Main->getDirectory(), Main->getFilename()) : "";
  for (const DILocation *L = DL; L; L = L->getInlinedAt())
    if (fullPath(L->getDirectory(), L->getFilename()) == MainPath)
      return format(*L, Main);
  return format(*DL, Main);
}

SourceDiags::SourceDiags(LLVMContext &C) : C(C) {}

void SourceDiags::error(const Twine &Where, const Twine &Msg) {
  errs() << Where << ": error: " << Msg << "\n";
  ++Errors;
}

void SourceDiags::warn(Warning W, const Twine &Where, const Twine &Msg) {
  const cl::opt<State> &S = W == Warning::AsmRemoved ? AsmRemovedState
                            : W == Warning::AsmGoto  ? AsmGotoState
                                                     : AttributeWarningState;
  // Clang's own warning keeps clang's name; the option carries hupcall-.
  StringRef Name =
      W == Warning::AttributeWarning ? "attribute-warning" : S.ArgStr;
  if (S == State::Ignore)
    return;
  bool Error = S == State::Error;
  errs() << Where << (Error ? ": error: " : ": warning: ") << Msg << " ["
         << (Error ? "-Werror," : "") << "-W" << Name << "]\n";
  Errors += Error;
}

bool SourceDiags::finish() {
  if (Errors)
    C.emitError(Failed);
  return Errors;
}

void installSourceDiagnostics(LLVMContext &C) {
  static const DiagnosticHandler *Installed;
  if (C.getDiagHandlerPtr() == Installed)
    return;
  auto H = std::make_unique<SourceDiagHandler>(C.getDiagnosticHandler());
  Installed = H.get();
  C.setDiagnosticHandler(std::move(H));
}

} // namespace hupcall
