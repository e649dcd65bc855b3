//===- KeepOrder.cpp - BPF code generation keeps the IR block order -------===//
//
// hupcall-layout puts the blocks in reverse post-order, so every jump goes
// forward, as the host verifier requires. Two generic machine passes the BPF
// target runs would move blocks against that order: machine block placement
// (for branch probabilities such as __builtin_expect, and trellises; it keeps
// a topological order only without a strong signal) and branch folding (a
// block moved after a predecessor, before a successor or to the end, for
// fall-throughs). Neither has a mode that keeps the order and no attribute
// turns them off, so they are left out of every BPF code generation pipeline
// built while the plugin is loaded (clang -fpass-plugin, llc -load), through
// LLVM's TargetPassConfig callback registry. They also removed the
// unconditional jump to the next block that instruction selection emits after
// each conditional branch; DropFallthroughJumps removes only those and moves
// nothing.
//
//===----------------------------------------------------------------------===//

#include "llvm/CodeGen/MachineFunctionPass.h"
#include "llvm/CodeGen/Passes.h"
#include "llvm/CodeGen/TargetPassConfig.h"
#include "llvm/Target/RegisterTargetPassConfigCallback.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace {

struct DropFallthroughJumps : MachineFunctionPass {
  static char ID;
  DropFallthroughJumps() : MachineFunctionPass(ID) {}

  StringRef getPassName() const override {
    return "hupcall: drop jumps to the next block";
  }

  // Whether execution falling off the end of MBB reaches Target: it is the
  // next block, or only empty blocks (which fall through) lie between.
  static bool fallsInto(const MachineBasicBlock &MBB,
                        const MachineBasicBlock *Target) {
    for (const MachineBasicBlock *Next = MBB.getNextNode(); Next;
         Next = Next->getNextNode()) {
      if (Next == Target)
        return true;
      if (Next->getFirstNonDebugInstr() != Next->end())
        return false;
    }
    return false;
  }

  bool runOnMachineFunction(MachineFunction &MF) override {
    bool Changed = false;
    for (MachineBasicBlock &MBB : MF) {
      auto Last = MBB.getLastNonDebugInstr();
      if (Last == MBB.end() || !Last->isUnconditionalBranch() ||
          !Last->getOperand(0).isMBB() ||
          !fallsInto(MBB, Last->getOperand(0).getMBB()))
        continue;
      Last->eraseFromParent();
      Changed = true;
    }
    return Changed;
  }
};

char DropFallthroughJumps::ID = 0;

// Registered when the plugin is loaded; changes only optimised BPF
// pipelines. The jump removal goes before the target's pre-emit passes, which
// count instructions to pick long jumps.
RegisterTargetPassConfigCallback KeepOrder([](TargetMachine &TM,
                                              PassManagerBase &,
                                              TargetPassConfig *PassConfig) {
  if (!TM.getTargetTriple().isBPF() ||
      TM.getOptLevel() == CodeGenOptLevel::None)
    return;
  PassConfig->disablePass(&MachineBlockPlacementID);
  PassConfig->disablePass(&BranchFolderPassID);
  PassConfig->insertPass(&PatchableFunctionID, new DropFallthroughJumps());
});

} // namespace
