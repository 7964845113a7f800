// The compiled rule set: the third stage of the pipeline.
//
//   CheckedRules ─► eval::Compile ─► RuleSet (immutable) ─► eval::Evaluator, one per thread
//
// Compiling resolves what evaluation would otherwise look up again and again: constant
// values (literals, sets with their hash sets), which paths do not depend on variables or
// the context node (their results and hash indexes are computed once per document), and
// the regular expressions (compiled by the checker). A RuleSet is never modified after
// Compile and may be shared by any number of threads.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "check/checker.h"
#include "eval/value.h"

namespace konform::eval {

struct CompiledRule {
  const lang::RuleDecl* decl = nullptr;
  uint32_t file = 0;  // index into RuleSet::files()
  Severity severity = Severity::kError;
  std::string area;
  std::string pack;
  uint32_t slots = 0;  // variable slots its expressions need
};

// Per rule file: facts about expressions, indexed by Expr::id.
struct FileTables {
  std::vector<std::optional<Value>> constants;  // set for constant expressions
  std::vector<int32_t> path_cache;              // context-free paths: their cache slot; else -1
  uint32_t let_base = 0;  // this file's lets start here in the per-document cache
};

// A stage profile resolved against the rule set: per rule (in rules() order) whether it
// is active and its severity under the profile.
struct Profile {
  std::string name;
  std::map<std::string, std::string> title;
  std::vector<bool> active;
  std::vector<Severity> severity;
};

class RuleSet {
 public:
  const std::vector<CompiledRule>& rules() const { return rules_; }
  const std::vector<check::CheckedFile>& files() const { return checked_.files; }
  const FileTables& tables(uint32_t file) const { return tables_[file]; }
  uint32_t path_cache_slots() const { return path_cache_slots_; }
  uint32_t let_count() const { return let_count_; }
  const CompiledRule* Find(const std::string& id) const;
  const std::vector<Profile>& profiles() const { return profiles_; }
  const Profile* FindProfile(const std::string& name) const;

 private:
  friend RuleSet Compile(check::CheckedRules checked);
  check::CheckedRules checked_;
  std::vector<FileTables> tables_;
  std::vector<CompiledRule> rules_;
  std::vector<Profile> profiles_;
  uint32_t path_cache_slots_ = 0;
  uint32_t let_count_ = 0;
};

RuleSet Compile(check::CheckedRules checked);

}  // namespace konform::eval
