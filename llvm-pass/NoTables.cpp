//===- NoTables.cpp - hupcall-no-tables: switches as compare chains -------===//
//
// A dense switch becomes a table in a data section, which the loader does not
// map: SimplifyCFG makes a `switch.table` lookup table in .rodata late in the
// optimisation pipeline, and with -mcpu=v4 the BPF back end lowers a switch to
// an indirect jump through a table in .jumptables. Both leave a function with
// "no-jump-tables"="true" alone (clang's -fno-jump-tables sets it, and hucc
// passes that flag). This pass sets it on every function, so that plain clang
// with the plugin gets compare chains too: at the start of the optimisation
// pipeline, before SimplifyCFG, and again in the plugin's own pipeline (opt
// -passes=hupcall, then llc).
//
//===----------------------------------------------------------------------===//

#include "NoTables.h"

#include "llvm/IR/Function.h"

using namespace llvm;
using namespace hupcall;

PreservedAnalyses NoTablesPass::run(Function &F, FunctionAnalysisManager &) {
  if (F.getFnAttribute("no-jump-tables").getValueAsString() != "true")
    F.addFnAttr("no-jump-tables", "true");
  return PreservedAnalyses::all(); // an attribute: no analysis changes
}
