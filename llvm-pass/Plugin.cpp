//===- Plugin.cpp - Registers the hupcall passes --------------------------===//
//
// `opt -load-pass-plugin=HupcallPass.so -passes=hupcall-annotate` (or any
// name parsePipelineElement knows, or hupcall for the whole sequence of
// addHupcallPipeline) runs one pass; `clang -fpass-plugin=HupcallPass.so` runs
// the sequence at the end of the optimisation pipeline, before the BPF
// backend's own IR passes. Kernel mode adds hupcall-retarget around it
// (Retarget.cpp). Loading the plugin also keeps BPF code generation from
// moving blocks (KeepOrder.cpp).
//
//===----------------------------------------------------------------------===//

#include "Annotate.h"
#include "AtomicAlign.h"
#include "Atomics.h"
#include "BitCounts.h"
#include "BitTestOrder.h"
#include "ByValue.h"
#include "Capture.h"
#include "Check.h"
#include "CtxCache.h"
#include "FoldRodata.h"
#include "GuestFunctions.h"
#include "Layout.h"
#include "LocalLoads.h"
#include "NoTables.h"
#include "NoVectorize.h"
#include "Retarget.h"
#include "SplitReturns.h"
#include "Strings.h"
#include "Translate.h"
#include "WideDiv.h"
#include "WideMul.h"

#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"
#include "llvm/Transforms/IPO/AlwaysInliner.h"
#include "llvm/Transforms/IPO/GlobalDCE.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/SROA.h"

using namespace llvm;
using namespace hupcall;

namespace {

// Annotation runs after inlining, SROA and the scalar optimisations, when the
// data flow is final (an inlined callee has its call site's provenance), so
// provenance is exact and the guest address space never meets an
// optimisation that would not expect it. The always-inliner then inlines the
// functions annotation found taking stack or context pointers (or too many
// arguments), GlobalDCE drops what no entry calls, EarlyCSE merges
// the masks of accesses to the same base, and hyperupcall-owned constants are
// folded into immediates. Nothing after that changes the CFG, so the blocks
// are laid out in reverse post-order there (every jump of an acyclic function
// forward), and the final check sees the code as it goes to the backend.
void addHupcallPipeline(ModulePassManager &MPM) {
  MPM.addPass(CapturePass()); // captured variables become env[] reads first
  MPM.addPass(ByValuePass());
  MPM.addPass(GuestFunctionsPass());
  MPM.addPass(createModuleToFunctionPassAdaptor(StringsPass()));
  MPM.addPass(AnnotatePass());
  MPM.addPass(AlwaysInlinerPass());
  MPM.addPass(GlobalDCEPass());
  MPM.addPass(
      createModuleToFunctionPassAdaptor(SROAPass(SROAOptions::ModifyCFG)));
  MPM.addPass(createModuleToFunctionPassAdaptor(AtomicsPass()));
  MPM.addPass(TranslatePass());
  MPM.addPass(CtxCachePass());
  MPM.addPass(createModuleToFunctionPassAdaptor(EarlyCSEPass()));
  MPM.addPass(FoldRodataPass());
  // widediv's leading-zero counts and multiplies for bitcounts and widemul.
  MPM.addPass(createModuleToFunctionPassAdaptor(WideDivPass()));
  MPM.addPass(createModuleToFunctionPassAdaptor(BitCountsPass()));
  MPM.addPass(createModuleToFunctionPassAdaptor(WideMulPass()));
  // After every pass that makes loads or selects.
  MPM.addPass(createModuleToFunctionPassAdaptor(LocalLoadsPass()));
  // r0 set only on the path that returns; the layout then places the blocks.
  MPM.addPass(createModuleToFunctionPassAdaptor(SplitReturnsPass()));
  MPM.addPass(createModuleToFunctionPassAdaptor(BitTestOrderPass()));
  MPM.addPass(createModuleToFunctionPassAdaptor(NoTablesPass()));
  MPM.addPass(createModuleToFunctionPassAdaptor(LayoutPass()));
  MPM.addPass(CheckPass());
}

bool parsePipelineElement(StringRef Name, ModulePassManager &MPM,
                          ArrayRef<PassBuilder::PipelineElement>) {
  if (Name == "hupcall-capture")
    MPM.addPass(CapturePass());
  else if (Name == "hupcall-byvalue")
    MPM.addPass(ByValuePass());
  else if (Name == "hupcall-guest-functions")
    MPM.addPass(GuestFunctionsPass());
  else if (Name == "hupcall-strings")
    MPM.addPass(createModuleToFunctionPassAdaptor(StringsPass()));
  else if (Name == "hupcall-annotate")
    MPM.addPass(AnnotatePass());
  else if (Name == "hupcall-atomics")
    MPM.addPass(createModuleToFunctionPassAdaptor(AtomicsPass()));
  else if (Name == "hupcall-translate")
    MPM.addPass(TranslatePass());
  else if (Name == "hupcall-ctx-cache")
    MPM.addPass(CtxCachePass());
  else if (Name == "hupcall-fold-rodata")
    MPM.addPass(FoldRodataPass());
  else if (Name == "hupcall-bitcounts")
    MPM.addPass(createModuleToFunctionPassAdaptor(BitCountsPass()));
  else if (Name == "hupcall-widediv")
    MPM.addPass(createModuleToFunctionPassAdaptor(WideDivPass()));
  else if (Name == "hupcall-widemul")
    MPM.addPass(createModuleToFunctionPassAdaptor(WideMulPass()));
  else if (Name == "hupcall-atomic-align")
    MPM.addPass(createModuleToFunctionPassAdaptor(AtomicAlignPass()));
  else if (Name == "hupcall-no-tables")
    MPM.addPass(createModuleToFunctionPassAdaptor(NoTablesPass()));
  else if (Name == "hupcall-no-vectorize")
    MPM.addPass(createModuleToFunctionPassAdaptor(NoVectorizePass()));
  else if (Name == "hupcall-local-loads")
    MPM.addPass(createModuleToFunctionPassAdaptor(LocalLoadsPass()));
  else if (Name == "hupcall-split-returns")
    MPM.addPass(createModuleToFunctionPassAdaptor(SplitReturnsPass()));
  else if (Name == "hupcall-bit-test-order")
    MPM.addPass(createModuleToFunctionPassAdaptor(BitTestOrderPass()));
  else if (Name == "hupcall-layout")
    MPM.addPass(createModuleToFunctionPassAdaptor(LayoutPass()));
  else if (Name == "hupcall-check")
    MPM.addPass(CheckPass());
  else if (Name == "hupcall")
    addHupcallPipeline(MPM);
  else
    return false;
  return true;
}

void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(parsePipelineElement);
  // Before any optimisation, while a packed field's address is still the
  // struct's plus its offset: its atomics claim what the offset allows.
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(createModuleToFunctionPassAdaptor(AtomicAlignPass()));
        // Before SimplifyCFG makes switch lookup tables.
        MPM.addPass(createModuleToFunctionPassAdaptor(NoTablesPass()));
      });
  // Before the loop and SLP vectorizers: BPF code stays scalar.
  PB.registerVectorizerStartEPCallback(
      [](FunctionPassManager &FPM, OptimizationLevel) {
        FPM.addPass(NoVectorizePass());
      });
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel, ThinOrFullLTOPhase) {
        addHupcallPipeline(MPM);
      });
  registerRetarget(PB); // kernel mode, after the pipeline's registration
}

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK __attribute__((visibility("default")))
PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "HupcallPass", HUPCALL_PASS_VERSION,
          registerCallbacks};
}
