// The rule language's abstract syntax tree.
//
// Built by lang::ParseRuleFile from the ANTLR parse tree, which is discarded afterwards; no
// ANTLR type appears here. Every node carries the span of the text it came from, so later
// stages (checker, compiler, evaluator) can report problems at the right place.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/date.h"
#include "common/severity.h"
#include "common/source.h"

namespace konform::lang {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Literal {
  std::variant<bool, double, std::string, Date> value;
};

struct SetLiteral {
  std::vector<ExprPtr> items;
};

// A bare word: a `let` name.
struct NameRef {
  std::string name;
};

enum class Axis {
  kChild,      // name or *
  kAttribute,  // @name or @*
  kText,       // text()
  kSelf,       // .
  kParent,     // ..
};

struct Step {
  Axis axis = Axis::kChild;
  bool descendant = false;  // preceded by `//`: applies to all descendants-or-self first
  std::string name;         // "*" matches any name; empty for text(), ., ..
  std::vector<ExprPtr> predicates;
  SourceSpan span;
};

enum class PathOrigin {
  kRoot,      // /a/b
  kVariable,  // $x/a
  kContext,   // @a, ./a, .., .
};

struct Path {
  PathOrigin origin = PathOrigin::kRoot;
  std::string variable;  // without '$', for kVariable (a rule variable or a let)
  std::vector<Step> steps;
};

enum class UnaryOp { kNot, kNegate };

enum class BinaryOp {
  kOr,
  kAnd,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIn,
  kMatches,
  kAdd,
  kSub,
  kMul,
  kDiv,
};

struct Unary {
  UnaryOp op;
  ExprPtr operand;
};

struct Binary {
  BinaryOp op;
  ExprPtr lhs;
  ExprPtr rhs;
};

struct Call {
  std::string function;
  std::vector<ExprPtr> args;
};

struct Quantified {
  bool every = true;  // false: some
  std::string variable;
  ExprPtr range;
  ExprPtr body;
};

struct Expr {
  uint32_t id = 0;  // unique within a RuleFile; keys side tables of later stages
  SourceSpan span;
  std::variant<Literal, SetLiteral, NameRef, Path, Unary, Binary, Call, Quantified> kind;
  bool parenthesized = false;  // written in parentheses (chained comparisons need them)
};

// A message or hint: literal text with `{expr}` holes.
struct Template {
  struct Part {
    std::string text;  // used when expr is null
    ExprPtr expr;
  };
  std::vector<Part> parts;
  SourceSpan span;
};

// Language code ("de", "en") → text. German is the default language.
using LocalizedText = std::map<std::string, std::string>;
using LocalizedTemplate = std::map<std::string, Template>;

struct ForEach {
  std::string variable;  // without '$'
  ExprPtr range;
  SourceSpan span;
};

struct RuleDecl {
  std::string id;
  SourceSpan id_span;
  LocalizedText title;
  std::optional<Severity> severity;
  SourceSpan severity_span;
  std::string area;  // empty: the pack's area
  std::vector<std::string> sources;
  ExprPtr when;
  std::optional<ForEach> for_each;
  ExprPtr require;
  ExprPtr at;
  LocalizedTemplate message;
  LocalizedTemplate hint;
  bool non_waivable = false;            // a legal duty: the board cannot waive it
  std::optional<Date> effective_from;   // the rule applies to proposals as of this date
  std::optional<Date> effective_until;  // ... and up to this date
  SourceSpan span;
  std::string text;  // the rule's source text, for `konform explain`
};

struct LetDecl {
  std::string name;
  ExprPtr value;
  SourceSpan span;
};

struct PackDecl {
  std::string name;
  LocalizedText title;
  std::string version;
  std::string area;
  SourceSpan span;
};

// A stage profile (self-check, board review, final approval...): which rules are active and
// with which severity. Empty `packs` and `rules` mean all.
struct ProfileDecl {
  std::string name;
  LocalizedText title;
  std::vector<std::pair<std::string, SourceSpan>> packs;
  std::vector<std::pair<std::string, SourceSpan>> rules;
  std::vector<std::pair<std::string, SourceSpan>> exclude;
  struct Override {
    std::string rule;
    Severity severity;
    SourceSpan span;
  };
  std::vector<Override> severities;
  SourceSpan span;
};

struct RuleFile {
  uint32_t file = 0;  // SourceManager id
  PackDecl pack;      // name defaults to the file's stem when the header is missing
  bool has_pack_header = false;
  std::vector<LetDecl> lets;
  std::vector<RuleDecl> rules;
  std::vector<ProfileDecl> profiles;
  uint32_t expr_count = 0;  // ids handed out: 1..expr_count
};

const char* BinaryOpName(BinaryOp op);

}  // namespace konform::lang
