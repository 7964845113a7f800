// Helpers for the unit tests: compile rule text, load inline XML, evaluate expressions and
// rules, and turn the results into short strings that tables can compare against.
//
// Note: this namespace is konform::testing; inside namespace konform, refer to GoogleTest as
// ::testing.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.h"
#include "common/diagnostic.h"
#include "common/source.h"
#include "eval/evaluator.h"
#include "eval/program.h"
#include "eval/value.h"
#include "lang/ast.h"
#include "lang/parser.h"
#include "xml/document.h"

namespace konform::testing {

// The evaluation date of all tests unless a test sets another: 2026-06-15.
Date TestToday();
eval::EvalOptions TestOptions(std::string language = "de");

// A diagnostic reduced to what tests assert on.
struct Diag {
  std::string code;
  std::string file;  // path of the rule file or document
  uint32_t line = 0;
  uint32_t column = 0;
  std::string message;

  // "K2005 3:7"
  std::string Short() const;
};
std::ostream& operator<<(std::ostream& os, const Diag& diag);

// Converts the sink's diagnostics (sorted, without duplicates) into Diags.
std::vector<Diag> TakeDiags(DiagnosticSink& sink, const SourceManager& sources);
// "K2005 3:7, K2008 4:1" (empty when there are none).
std::string ShortList(const std::vector<Diag>& diags);
// The diagnostics in full, for failure messages.
std::string FullList(const std::vector<Diag>& diags);

// One rule file given to the compiler.
struct RuleText {
  std::string path;
  std::string text;
};

// Result of parsing one rule file.
struct ParsedFile {
  SourceManager sources;
  std::vector<Diag> diagnostics;
  std::optional<lang::RuleFile> file;
};
ParsedFile ParseFile(std::string text, std::string path = "test.rules",
                     const lang::ParseOptions& options = {});

// Result of parsing one expression (lang::ParseExpression; positions on line 1).
struct ParsedExpr {
  SourceManager sources;
  std::vector<Diag> diagnostics;
  lang::ExprPtr expr;
  std::string dump;  // lang::DumpExpr, empty when parsing failed
};
ParsedExpr ParseExpr(std::string text, const lang::ParseOptions& options = {});

// Rule files compiled into a RuleSet: parse, check, compile.
struct CompiledRules {
  SourceManager sources;
  std::vector<Diag> diagnostics;
  std::unique_ptr<eval::RuleSet> rules;  // null when any stage reported an error

  bool ok() const { return rules != nullptr; }
};
CompiledRules CompileRules(const std::vector<RuleText>& files);
CompiledRules CompileRules(std::string text, std::string path = "test.rules");

// Parses inline XML with the default limits (or the given ones).
struct LoadedXml {
  std::vector<Diag> diagnostics;
  std::unique_ptr<xml::Document> doc;
};
LoadedXml ParseXml(std::string text, const xml::LoadLimits& limits = {},
                   std::string path = "doc.xml");

// A canonical description of a value for table comparisons:
//   booleans    true / false
//   numbers     3, -2.5            (%.15g)
//   strings     "text"             (quoted, no escaping)
//   dates       date 2026-06-15
//   node sets   [/a/b[1], /a/b[2]/@id]  (Document::PathOf of each node, "/" for the document)
//   sets        {"a", 1}
//   errors      error
std::string Describe(const eval::Value& value, const xml::Document& doc);

// The result of evaluating one expression against a document.
struct ExprResult {
  std::vector<Diag> diagnostics;  // compile or document problems; then there is no value
  CompiledRules compiled;
  std::unique_ptr<xml::Document> doc;
  eval::Value value;
  bool evaluated = false;

  // Describe(value), or "compile error: K2005 1:9" / "document error: ...".
  std::string Describe() const;
  // The error message of an error value, "" otherwise.
  std::string ErrorMessage() const;
  // eval::ToDisplayString of the value (as interpolation shows it).
  std::string Display() const;
};

// Evaluates `expr` against `xml_text`. The expression becomes `let expr_under_test = EXPR`
// in a rule file after `lets` (more `let` definitions, one per line), and is evaluated with
// Evaluator::EvaluateExpr (context node: the document).
ExprResult EvalExpr(std::string_view expr, std::string_view xml_text, std::string_view lets = "",
                    const eval::EvalOptions& options = TestOptions());

// One failed or erroneous result of a rule.
struct Finding {
  std::string rule;
  std::string outcome;  // "fail" or "error"
  std::string severity;
  std::string message;
  std::string hint;
  uint32_t line = 0;  // Document::PosOf the node
  uint32_t column = 0;
  std::string path;  // Document::PathOf the node

  // "R-1 fail 3:5 /proposal/component[2]"
  std::string Short() const;
};
std::ostream& operator<<(std::ostream& os, const Finding& finding);

struct RuleOutcome {
  std::string outcome;  // "not-applicable", "pass", "fail", "error"
  uint32_t passed = 0;
  uint32_t failed = 0;
  uint32_t errors = 0;
};

struct RulesResult {
  std::vector<Diag> diagnostics;  // compile or document problems
  std::vector<Finding> findings;
  std::map<std::string, RuleOutcome> outcomes;  // by rule id

  bool ok() const { return diagnostics.empty(); }
  // The summary outcome of a rule, or "missing".
  std::string OutcomeOf(const std::string& rule_id) const;
};

// Compiles `rules_text` (one rule file) and evaluates it against `xml_text`.
RulesResult EvalRules(std::string_view rules_text, std::string_view xml_text,
                      const eval::EvalOptions& options = TestOptions());

// A complete rule around one `require` expression, for short tests:
//   rule R-1 "Titel" {            (line 1)
//     severity error
//     area test
//     source "Norm"
//     require EXPR                (line 5, EXPR starts at column 11)
//     message "MESSAGE"
//   }
std::string RuleWithRequire(std::string_view expr, std::string_view message = "Meldung");

}  // namespace konform::testing
