//===- StackFrame.cpp - the BPF frame limit, with hyperupcall advice ------===//
//
// hupcall-check estimates a function's frame from its local variables, but
// the frame the BPF back end lays out also holds the registers it spills:
// values live across a call (a helper call keeps only r6-r9), more values
// than registers. Such a frame can pass the estimate and still exceed the
// 512 bytes of HU_STACK_SIZE. The back end then reports "Looks like the BPF
// stack limit is exceeded" at every access beyond the limit, with advice
// for kernel BPF (per-cpu array maps) that a hyperupcall cannot follow.
//
// So while the plugin is loaded, BPF code generation runs with the back
// end's own limit out of the way (unless -bpf-stack-size was given) and
// CheckFrameSize, after the frame is laid out, reports a frame over
// HU_STACK_SIZE once per function, at the function's line, with its size,
// what fills it and what a hyperupcall can do about it. A function
// hupcall-check already reported (FrameReportedAttr) is not reported again.
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "hupcall/abi.h"

#include "llvm/CodeGen/MachineFrameInfo.h"
#include "llvm/CodeGen/MachineFunctionPass.h"
#include "llvm/CodeGen/Passes.h"
#include "llvm/CodeGen/TargetPassConfig.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Target/RegisterTargetPassConfigCallback.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;
using namespace hupcall;

namespace {

struct CheckFrameSize : MachineFunctionPass {
  static char ID;
  CheckFrameSize() : MachineFunctionPass(ID) {}

  StringRef getPassName() const override {
    return "hupcall: the BPF stack frame limit";
  }

  bool runOnMachineFunction(MachineFunction &MF) override {
    const MachineFrameInfo &MFI = MF.getFrameInfo();
    uint64_t Bytes = MFI.getStackSize();
    const Function &F = MF.getFunction();
    if (Bytes <= HU_STACK_SIZE || F.hasFnAttribute(FrameReportedAttr))
      return false;
    uint64_t Spilled = 0;
    for (int I = MFI.getObjectIndexBegin(), E = MFI.getObjectIndexEnd(); I < E;
         ++I)
      if (!MFI.isDeadObjectIndex(I) && MFI.isSpillSlotObjectIndex(I))
        Spilled += MFI.getObjectSize(I);
    F.getContext().diagnose(DiagnosticInfoUnsupported(
        F,
        "hupcall: stack frame of " + Twine(Bytes) + " bytes (" +
            Twine(Spilled) +
            " of them registers the code keeps there, values live across a "
            "call or more values than registers) exceeds the " +
            Twine(HU_STACK_SIZE) +
            "-byte BPF stack: keep large data in guest memory and read it "
            "through a pointer, keep fewer values across helper calls, or "
            "move part of the work into a __attribute__((noinline)) function "
            "taking guest pointers and scalars (each call has a frame of its "
            "own)",
        DiagnosticLocation(F.getSubprogram())));
    return false;
  }
};

char CheckFrameSize::ID = 0;

// The back end's limit, raised out of the way unless the command line set it.
void raiseBackendLimit() {
  cl::Option *Limit = cl::getRegisteredOptions().lookup("bpf-stack-size");
  if (Limit && !Limit->getNumOccurrences())
    Limit->addOccurrence(0, "bpf-stack-size", "1000000000");
}

// Registered when the plugin is loaded; after the frame is laid out.
RegisterTargetPassConfigCallback FrameLimit([](TargetMachine &TM,
                                               PassManagerBase &,
                                               TargetPassConfig *PassConfig) {
  if (!TM.getTargetTriple().isBPF())
    return;
  raiseBackendLimit();
  PassConfig->insertPass(&PrologEpilogCodeInserterID, new CheckFrameSize());
});

} // namespace
