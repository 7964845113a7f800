// The rule packs compiled into the binary (generated from rules/*.rules at build time).
#pragma once

#include <string_view>
#include <vector>

namespace konform {

struct EmbeddedRulePack {
  const char* path;  // e.g. "rules/security.rules"
  std::string_view text;
};

const std::vector<EmbeddedRulePack>& EmbeddedRulePacks();

}  // namespace konform
