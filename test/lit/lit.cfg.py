# lit configuration for hupcall: the pass, hucc, the verifier, the loader and end to end.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "hupcall"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".ll", ".c", ".s", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.hupcall_obj_root, "test", "lit")

# LLVM's tools by their plain names (FileCheck, not, count, opt, llc, llvm-mc, llvm-objdump, ...).
llvm_config.with_system_environment(["HOME", "TMPDIR"])
llvm_config.use_default_substitutions()
config.environment["PATH"] = os.pathsep.join(
    [config.hupcall_bin_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])

config.substitutions.append(("%clang", os.path.join(config.llvm_tools_dir, "clang")))
config.substitutions.append(("%plugin", config.plugin_path))
config.substitutions.append(("%hucc", os.path.join(config.hupcall_bin_dir, "hucc")))
config.substitutions.append(("%hu-load", os.path.join(config.hupcall_bin_dir, "hu-load")))
config.substitutions.append(("%hupcall_include", config.hupcall_include_dir))
config.substitutions.append(("%hupcall_src", config.hupcall_src_root))
config.substitutions.append(("%hupcall_bin", config.hupcall_bin_dir))
config.substitutions.append(("%host_cc", config.host_cc))
config.substitutions.append(("%shared", config.hupcall_shared_dir))

# Features a test can REQUIRES: on.
if os.path.exists(config.plugin_path):
    config.available_features.add("plugin")
for tool in ["hucc", "hu-load"]:
    if os.path.exists(os.path.join(config.hupcall_bin_dir, tool)):
        config.available_features.add(tool)
if os.path.isdir(os.path.join(config.hupcall_shared_dir, "bpf_conformance")):
    config.available_features.add("conformance-data")

# Debian's linux-headers-<version>-amd64 (scripts/install-deps.sh installs linux-headers-amd64):
# kernel-mode tests of hucc against real x86-64 kernel headers; skipped on a machine without them.
import glob

for arch in sorted(glob.glob("/usr/src/linux-headers-*-amd64"), reverse=True):
    common = arch[: -len("-amd64")] + "-common"
    if os.path.isdir(os.path.join(common, "include", "linux")):
        config.available_features.add("linux-headers")
        config.substitutions.append(("%linux_arch", arch))
        config.substitutions.append(("%linux_common", common))
        break
