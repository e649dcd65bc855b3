//===- BitTestJumps.cpp - BPF code generation: jset for a bit test --------===//
//
// The BPF back end lowers `if (x & C)` to `rX &= C; if rX != 0 goto L` (or
// `== 0`): it never selects BPF's jset, `if rX & C goto L`, which does both
// in one instruction (and the JIT in one `test`). When the masked value has
// no other use, the and goes: `!= 0 goto L` becomes `jset x, C, L`, and
// `== 0 goto L` (else F) becomes `jset x, C, F; ja L`: one instruction fewer
// on the path to F, as many on the path to L (none more if L comes next and
// the ja is dropped). The copy of x that the two-address and needed when x
// lives on (trace's `w4 = w5; w4 &= 2`) goes too. Runs on SSA machine code
// before register allocation, in the BPF code generation of any compile that
// loads the plugin (as KeepOrder.cpp).
//
//===----------------------------------------------------------------------===//

#include "llvm/CodeGen/MachineFunctionPass.h"
#include "llvm/CodeGen/MachineInstrBuilder.h"
#include "llvm/CodeGen/MachineRegisterInfo.h"
#include "llvm/CodeGen/Passes.h"
#include "llvm/CodeGen/TargetInstrInfo.h"
#include "llvm/CodeGen/TargetPassConfig.h"
#include "llvm/CodeGen/TargetSubtargetInfo.h"
#include "llvm/Target/RegisterTargetPassConfigCallback.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace {

// The BPF opcodes the pass reads and writes, found by name: the target's
// generated opcode enum is not installed with LLVM.
struct Opcodes {
  unsigned And = ~0u, And32 = ~0u, Jeq = ~0u, Jeq32 = ~0u, Jne = ~0u,
           Jne32 = ~0u, Jset = ~0u, Jset32 = ~0u, Ja = ~0u;
  explicit Opcodes(const TargetInstrInfo &TII) {
    for (unsigned Op = 0, N = TII.getNumOpcodes(); Op < N; ++Op) {
      StringRef Name = TII.getName(Op);
      for (auto [Want, Slot] :
           {std::pair<StringRef, unsigned *>{"AND_ri", &And},
            {"AND_ri_32", &And32},
            {"JEQ_ri", &Jeq},
            {"JEQ_ri_32", &Jeq32},
            {"JNE_ri", &Jne},
            {"JNE_ri_32", &Jne32},
            {"JSET_ri", &Jset},
            {"JSET_ri_32", &Jset32},
            {"JMP", &Ja}})
        if (Name == Want)
          *Slot = Op;
    }
  }
  bool complete() const {
    return And != ~0u && And32 != ~0u && Jeq != ~0u && Jeq32 != ~0u &&
           Jne != ~0u && Jne32 != ~0u && Jset != ~0u && Jset32 != ~0u &&
           Ja != ~0u;
  }
};

struct BitTestJumps : MachineFunctionPass {
  static char ID;
  BitTestJumps() : MachineFunctionPass(ID) {}

  StringRef getPassName() const override {
    return "hupcall: jset for a bit test";
  }

  // `%a = and %x, C; j{eq,ne} %a, 0, L` with %a used by the jump alone.
  static bool rewrite(MachineBasicBlock &MBB, MachineInstr &J, const Opcodes &O,
                      const TargetInstrInfo &TII, MachineRegisterInfo &MRI) {
    unsigned Op = J.getOpcode();
    bool Wide = Op == O.Jeq || Op == O.Jne;
    bool Eq = Op == O.Jeq || Op == O.Jeq32;
    if (!(Wide || Op == O.Jeq32 || Op == O.Jne32) || !J.getOperand(0).isReg() ||
        !J.getOperand(1).isImm() || J.getOperand(1).getImm() != 0)
      return false;
    Register A = J.getOperand(0).getReg();
    MachineInstr *And = A.isVirtual() ? MRI.getUniqueVRegDef(A) : nullptr;
    if (!And || And->getParent() != &MBB ||
        And->getOpcode() != (Wide ? O.And : O.And32) ||
        !MRI.hasOneNonDBGUse(A) || !And->getOperand(1).getReg().isVirtual() ||
        !And->getOperand(2).isImm())
      return false;
    MachineBasicBlock *L = J.getOperand(2).getMBB();
    MachineBasicBlock *F = nullptr;
    MachineInstr *Next = J.getNextNode();
    if (Eq) {
      // Where the jump falls: the ja after it, or the next block.
      if (Next && Next->getOpcode() == O.Ja)
        F = Next->getOperand(0).getMBB();
      else if (!Next && MBB.getNextNode() && MBB.isSuccessor(MBB.getNextNode()))
        F = MBB.getNextNode();
      else
        return false;
    }
    const DebugLoc &DL = J.getDebugLoc();
    Register X = And->getOperand(1).getReg();
    int64_t C = And->getOperand(2).getImm();
    BuildMI(MBB, J, DL, TII.get(Wide ? O.Jset : O.Jset32))
        .addReg(X)
        .addImm(C)
        .addMBB(Eq ? F : L);
    if (Eq) {
      if (Next && Next->getOpcode() == O.Ja)
        Next->getOperand(0).setMBB(L);
      else
        BuildMI(MBB, MBB.end(), DL, TII.get(O.Ja)).addMBB(L);
    }
    J.eraseFromParent();
    And->eraseFromParent();
    MRI.clearKillFlags(X); // x is now read at the jump, after the and was
    return true;
  }

  bool runOnMachineFunction(MachineFunction &MF) override {
    const TargetInstrInfo &TII = *MF.getSubtarget().getInstrInfo();
    Opcodes O(TII);
    if (!O.complete())
      return false;
    MachineRegisterInfo &MRI = MF.getRegInfo();
    bool Changed = false;
    for (MachineBasicBlock &MBB : MF)
      for (MachineInstr &J : make_early_inc_range(MBB.terminators()))
        if (rewrite(MBB, J, O, TII, MRI)) {
          Changed = true;
          break; // the block's terminators changed
        }
    return Changed;
  }
};

char BitTestJumps::ID = 0;

RegisterTargetPassConfigCallback BitTests([](TargetMachine &TM,
                                             PassManagerBase &,
                                             TargetPassConfig *PassConfig) {
  if (!TM.getTargetTriple().isBPF() ||
      TM.getOptLevel() == CodeGenOptLevel::None)
    return;
  PassConfig->insertPass(&PeepholeOptimizerLegacyID, new BitTestJumps());
});

} // namespace
