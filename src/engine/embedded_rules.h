// Data compiled into the binary at build time: the rule packs (rules/*.rules) and the proposal
// skeleton (schema/skeleton.xml).
#pragma once

#include <string_view>
#include <vector>

namespace konform {

struct EmbeddedRulePack {
  const char* path;  // e.g. "rules/security.rules"
  std::string_view text;
  std::string_view ast;  // lang::SerializeRuleFile of the parsed pack (tools/precompile_packs)
};

const std::vector<EmbeddedRulePack>& EmbeddedRulePacks();

// The annotated proposal skeleton (schema/skeleton.xml) that `konform init` writes.
std::string_view EmbeddedSkeleton();

}  // namespace konform
