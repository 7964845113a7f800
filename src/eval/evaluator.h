// Evaluation of a compiled RuleSet against one document: the last stage before reporting.
//
// For each rule the result is not applicable, pass, fail or error (fail closed: an error is
// never a pass). A `for each` rule yields one result per node. The evaluator keeps
// per-document caches (lets, results of context-free paths, hash indexes for `in`,
// `unique` and `occurrences`), so one Evaluator must not be shared between threads; create
// one per worker. The RuleSet itself is shared read-only.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "eval/program.h"
#include "xml/document.h"

namespace konform::eval {

enum class Outcome { kNotApplicable, kPass, kFail, kError };

const char* OutcomeName(Outcome outcome);

// One failed or erroneous result, located at a node of the document.
struct RuleFinding {
  const CompiledRule* rule = nullptr;
  Outcome outcome = Outcome::kFail;  // kFail or kError
  xml::NodeRef node;
  std::string message;  // interpolated, in the requested language; for errors the reason
  std::string hint;
};

// How a rule fared on a document, over all its nodes.
struct RuleSummary {
  const CompiledRule* rule = nullptr;
  bool active = true;                         // false: switched off by the profile, not evaluated
  Outcome outcome = Outcome::kNotApplicable;  // worst of its results
  uint32_t passed = 0;
  uint32_t failed = 0;
  uint32_t errors = 0;
};

struct DocumentResult {
  std::vector<RuleSummary> rules;  // in RuleSet::rules() order
  std::vector<RuleFinding> findings;
};

struct EvalOptions {
  Date today;                                 // what today() returns
  std::string language = "de";                // messages and hints; falls back to German
  const std::vector<bool>* active = nullptr;  // per rule (RuleSet order); null: all active
};

class Evaluator {
 public:
  explicit Evaluator(const RuleSet& rules) : rules_(rules) {}

  DocumentResult Evaluate(const xml::Document& doc, const EvalOptions& options);

  // Evaluates a single expression of a rule file (tests and tools). `context` is the context
  // node; slots are empty.
  Value EvaluateExpr(const xml::Document& doc, uint32_t file, const lang::Expr& expr,
                     const EvalOptions& options);

 private:
  struct HashIndex {
    // Keys view the document's text, or `joined` where a value had to be assembled.
    std::unordered_map<std::string_view, uint32_t> counts;
    std::deque<std::string> joined;
    uint32_t max_count = 0;
  };

  struct Frame {
    uint32_t file = 0;
    std::vector<Value> slots;
    xml::NodeRef context;
  };

  void Reset(const xml::Document& doc, const EvalOptions& options);
  void EvaluateRule(const CompiledRule& rule, DocumentResult& result);
  std::string Render(const lang::LocalizedTemplate& templates, Frame& frame);

  Value Eval(const lang::Expr& expr, Frame& frame);
  Value EvalPath(const lang::Expr& expr, const lang::Path& path, Frame& frame);
  // Follows a path; `info` is what the checker resolved for it (variable slot, let index).
  // Returns nothing on error (then `error` says why).
  std::optional<NodeSet> WalkPath(const lang::Path& path, const check::ExprInfo& info, Frame& frame,
                                  bool deepest, std::string* error);
  Value EvalBinary(const lang::Expr& expr, const lang::Binary& binary, Frame& frame);
  Value EvalCall(const lang::Expr& expr, const lang::Call& call, Frame& frame);
  Value EvalLet(uint32_t file, int index);
  Value ToCondition(const Value& value);
  const HashIndex& IndexOf(const lang::Expr& path_expr, const Value& nodes, Frame& frame,
                           HashIndex& scratch);
  xml::NodeRef Locate(const CompiledRule& rule, Frame& frame);

  const RuleSet& rules_;
  const xml::Document* doc_ = nullptr;
  EvalOptions options_;
  std::vector<std::optional<Value>> lets_;
  std::vector<std::optional<NodeSet>> paths_;
  // Working lists of WalkPath, one pair per nesting level (predicates walk paths too), kept
  // across documents so that walking a path allocates nothing once they have grown.
  std::vector<std::unique_ptr<NodeList[]>> walk_lists_;
  size_t walk_depth_ = 0;
  std::vector<std::unique_ptr<HashIndex>> indexes_;
  std::string scratch_;
};

}  // namespace konform::eval
