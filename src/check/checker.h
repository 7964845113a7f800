// Semantic analysis: the second stage of the pipeline.
//
//   RuleFile (AST) ─► check::Check ─► CheckedRules ─► eval::Compile
//
// Runs named passes over all rule files together: required fields, duplicate rule ids
// (across files), `let` definitions (duplicates, cycles), then name resolution and static
// typing of every expression. Problems are reported into the sink with stable codes (K2xxx);
// the result is only produced when there are none. What the passes learn about each
// expression (its type, what a name refers to, a variable's slot, the compiled regular
// expression) is kept in side tables indexed by Expr::id, for the compiler.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "check/builtins.h"
#include "check/types.h"
#include "common/diagnostic.h"
#include "lang/ast.h"

namespace re2 {
class RE2;
}

namespace konform::check {

struct ExprInfo {
  Type type = Type::kAny;
  int let_index = -1;                     // NameRef: index into RuleFile::lets
  const BuiltinInfo* builtin = nullptr;   // Call
  int slot = -1;                          // variable path: the variable's slot
  bool constant = false;                  // value known when the pack is compiled
  std::shared_ptr<const re2::RE2> regex;  // `matches`: the compiled right-hand side
};

struct CheckedFile {
  lang::RuleFile ast;
  std::vector<ExprInfo> info;        // indexed by Expr::id (0 unused)
  std::vector<Type> let_types;       // indexed like ast.lets
  std::vector<uint32_t> rule_slots;  // per rule: variable slots its expressions need
};

struct CheckedRules {
  std::vector<CheckedFile> files;
};

std::optional<CheckedRules> Check(std::vector<lang::RuleFile> files, DiagnosticSink& sink);

}  // namespace konform::check
