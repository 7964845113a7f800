// AST serialization: every shipped rule pack survives parse → serialize → deserialize with
// every field intact, and malformed blobs (truncated, bit-flipped, lying headers) are
// refused without crashing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "engine/embedded_rules.h"
#include "lang/ast_printer.h"
#include "lang/ast_serialize.h"
#include "lang/parser.h"
#include "testing/rule_fixture.h"

namespace konform {
namespace {

using lang::DeserializeRuleFile;
using lang::SerializeRuleFile;

constexpr uint32_t kLoadedFileId = 7;

// Every field of an AST as text, so two trees compare with a readable diff. Span files print
// as "F" when they are `file` (the id differs between the parsed and the loaded tree).
class FullDump {
 public:
  explicit FullDump(uint32_t file) : file_(file) {}

  std::string Of(const lang::RuleFile& f) {
    out_ << "file " << (f.file == file_ ? "F" : std::to_string(f.file)) << " exprs " << f.expr_count
         << " header " << f.has_pack_header << "\n";
    out_ << "pack " << f.pack.name << " version " << f.pack.version << " area " << f.pack.area;
    Text(f.pack.title);
    Span(f.pack.span);
    out_ << "\n";
    for (const lang::LetDecl& let : f.lets) {
      out_ << "let " << let.name;
      Span(let.span);
      Node(let.value);
      out_ << "\n";
    }
    for (const lang::RuleDecl& r : f.rules) Rule(r);
    for (const lang::ProfileDecl& p : f.profiles) {
      out_ << "profile " << p.name;
      Text(p.title);
      for (const auto* list : {&p.packs, &p.rules, &p.exclude}) {
        out_ << " [";
        for (const auto& [name, span] : *list) {
          out_ << " " << name;
          Span(span);
        }
        out_ << " ]";
      }
      for (const lang::ProfileDecl::Override& o : p.severities) {
        out_ << " override " << o.rule << " " << SeverityName(o.severity);
        Span(o.span);
      }
      Span(p.span);
      out_ << "\n";
    }
    return out_.str();
  }

 private:
  void Span(const SourceSpan& s) {
    out_ << " <" << (s.file == file_ ? "F" : std::to_string(s.file)) << ":" << s.begin.line << ":"
         << s.begin.column << "-" << s.end.line << ":" << s.end.column << ">";
  }
  void Text(const lang::LocalizedText& text) {
    for (const auto& [lang, value] : text) out_ << " " << lang << "=\"" << value << "\"";
  }
  void Templates(const char* what, const lang::LocalizedTemplate& templates) {
    for (const auto& [lang, tmpl] : templates) {
      out_ << "\n  " << what << " " << lang;
      Span(tmpl.span);
      for (const lang::Template::Part& part : tmpl.parts) {
        out_ << " part \"" << part.text << "\"";
        Node(part.expr);
      }
    }
  }
  void Date(const std::optional<konform::Date>& date) {
    out_ << " " << (date ? FormatIsoDate(*date) : "-");
  }
  void Rule(const lang::RuleDecl& r) {
    out_ << "rule " << r.id;
    Span(r.id_span);
    Text(r.title);
    out_ << " severity " << (r.severity ? SeverityName(*r.severity) : "-");
    Span(r.severity_span);
    out_ << " area " << r.area << " sources";
    for (const std::string& source : r.sources) out_ << " \"" << source << "\"";
    out_ << "\n  when";
    Node(r.when);
    if (r.for_each) {
      out_ << "\n  for " << r.for_each->variable;
      Span(r.for_each->span);
      Node(r.for_each->range);
    }
    out_ << "\n  require";
    Node(r.require);
    out_ << "\n  at";
    Node(r.at);
    Templates("message", r.message);
    Templates("hint", r.hint);
    out_ << "\n  non-waivable " << r.non_waivable;
    Date(r.effective_from);
    Date(r.effective_until);
    Span(r.span);
    out_ << "\n  text \"" << r.text << "\"\n";
  }
  void Node(const lang::ExprPtr& e) {
    if (!e) {
      out_ << " null";
      return;
    }
    out_ << " (#" << e->id << (e->parenthesized ? " paren" : "");
    Span(e->span);
    out_ << " k" << e->kind.index();
    if (const auto* literal = std::get_if<lang::Literal>(&e->kind)) {
      out_ << " v" << literal->value.index();
      if (const double* d = std::get_if<double>(&literal->value)) {
        out_ << " " << std::hexfloat << *d << std::defaultfloat;
      }
      out_ << " " << lang::DumpExpr(*e);
    } else if (const auto* set = std::get_if<lang::SetLiteral>(&e->kind)) {
      for (const lang::ExprPtr& item : set->items) Node(item);
    } else if (const auto* name = std::get_if<lang::NameRef>(&e->kind)) {
      out_ << " " << name->name;
    } else if (const auto* path = std::get_if<lang::Path>(&e->kind)) {
      out_ << " origin " << static_cast<int>(path->origin) << " $" << path->variable;
      for (const lang::Step& step : path->steps) {
        out_ << " step " << static_cast<int>(step.axis) << " " << step.descendant << " "
             << step.name;
        Span(step.span);
        for (const lang::ExprPtr& predicate : step.predicates) Node(predicate);
      }
    } else if (const auto* unary = std::get_if<lang::Unary>(&e->kind)) {
      out_ << " op " << static_cast<int>(unary->op);
      Node(unary->operand);
    } else if (const auto* binary = std::get_if<lang::Binary>(&e->kind)) {
      out_ << " op " << static_cast<int>(binary->op);
      Node(binary->lhs);
      Node(binary->rhs);
    } else if (const auto* call = std::get_if<lang::Call>(&e->kind)) {
      out_ << " " << call->function;
      for (const lang::ExprPtr& arg : call->args) Node(arg);
    } else if (const auto* q = std::get_if<lang::Quantified>(&e->kind)) {
      out_ << " " << (q->every ? "every" : "some") << " " << q->variable;
      Node(q->range);
      Node(q->body);
    }
    out_ << ")";
  }

  uint32_t file_;
  std::ostringstream out_;
};

std::string SourceDir() {
  const char* dir = std::getenv("KONFORM_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

struct Pack {
  std::string path;
  testing::ParsedFile parsed;
  std::string blob;
};

const std::vector<Pack>& Packs() {
  static const std::vector<Pack>* packs = [] {
    auto* out = new std::vector<Pack>;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(SourceDir() + "/rules")) {
      if (entry.path().extension() == ".rules") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const std::filesystem::path& file : files) {
      std::ifstream in(file, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      Pack pack;
      pack.path = "rules/" + file.filename().string();
      pack.parsed = testing::ParseFile(text.str(), pack.path);
      if (pack.parsed.file) pack.blob = SerializeRuleFile(*pack.parsed.file);
      out->push_back(std::move(pack));
    }
    return out;
  }();
  return *packs;
}

// Parse → serialize → deserialize must give the same tree, field by field.
void ExpectRoundTrip(const lang::RuleFile& parsed, const std::string& blob) {
  std::optional<lang::RuleFile> loaded = DeserializeRuleFile(blob, kLoadedFileId);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->file, kLoadedFileId);
  EXPECT_EQ(FullDump(parsed.file).Of(parsed), FullDump(kLoadedFileId).Of(*loaded));
  ASSERT_EQ(loaded->rules.size(), parsed.rules.size());
  for (size_t i = 0; i < parsed.rules.size(); ++i) {
    EXPECT_EQ(lang::DumpRule(loaded->rules[i]), lang::DumpRule(parsed.rules[i]));
    EXPECT_EQ(loaded->rules[i].text, parsed.rules[i].text);
  }
  ASSERT_EQ(loaded->lets.size(), parsed.lets.size());
  for (size_t i = 0; i < parsed.lets.size(); ++i) {
    ASSERT_TRUE(loaded->lets[i].value);
    EXPECT_EQ(lang::DumpExpr(*loaded->lets[i].value), lang::DumpExpr(*parsed.lets[i].value));
  }
  EXPECT_EQ(loaded->expr_count, parsed.expr_count);
  // Serializing the loaded tree again gives the same bytes.
  EXPECT_EQ(SerializeRuleFile(*loaded), blob);
}

TEST(AstSerialize, EveryShippedPackRoundTrips) {
  ASSERT_GE(Packs().size(), 8u);
  size_t rules = 0;
  for (const Pack& pack : Packs()) {
    SCOPED_TRACE(pack.path);
    ASSERT_TRUE(pack.parsed.file.has_value()) << testing::FullList(pack.parsed.diagnostics);
    ASSERT_TRUE(pack.parsed.diagnostics.empty()) << testing::FullList(pack.parsed.diagnostics);
    ExpectRoundTrip(*pack.parsed.file, pack.blob);
    rules += pack.parsed.file->rules.size();
  }
  EXPECT_GE(rules, 129u);
}

// The blobs compiled into the binary (tools/precompile_packs) are those of today's parser.
TEST(AstSerialize, EmbeddedPacksMatchTheirText) {
  ASSERT_FALSE(EmbeddedRulePacks().empty());
  for (const EmbeddedRulePack& pack : EmbeddedRulePacks()) {
    SCOPED_TRACE(pack.path);
    testing::ParsedFile parsed = testing::ParseFile(std::string(pack.text), pack.path);
    ASSERT_TRUE(parsed.file.has_value()) << testing::FullList(parsed.diagnostics);
    EXPECT_EQ(SerializeRuleFile(*parsed.file), pack.ast);
    ExpectRoundTrip(*parsed.file, std::string(pack.ast));
  }
}

// Fields the shipped packs may not use: pack header, profiles, hints, every literal and
// expression kind, dates, paths of every axis and origin.
TEST(AstSerialize, EveryConstructRoundTrips) {
  const char* kText = R"rules(pack demo {
  title "Demo"
  title en "Demo EN"
  version "1.2"
  area security
}
let limit = -2.5 * (3 + 4)
let names = {"a", "b", 2026-01-31, true, false}
rule R-1 "Titel" {
  title en "Title"
  severity warning
  area governance
  source "Norm 1"
  source "Norm 2"
  when exists(/proposal/@id) and not (count(//component) > limit)
  for each $c in /proposal/component[@kind = "x"][position() <= 2]
  require every $p in $c/part satisfies ($p/@size >= 1 or some $q in ../* satisfies $q/text() matches "^a")
  at $c/.
  message "Fehlt: {$c/@name} ({count($c/part)})"
  message en "Missing: {$c/@name}"
  hint "Bitte {limit} prüfen"
  non-waivable
  effective-from 2025-08-02
  effective-until 2030-12-31
}
rule R-2 {
  title de "Zwei"
  require @id in names
  message "m"
}
profile board {
  title "Gremium"
  title en "Board"
  packs demo
  rules R-1, R-2
  exclude R-2
  severity R-1 error
  severity R-2 info
}
)rules";
  testing::ParsedFile parsed = testing::ParseFile(kText, "rules/demo.rules");
  ASSERT_TRUE(parsed.file.has_value()) << testing::FullList(parsed.diagnostics);
  ASSERT_TRUE(parsed.diagnostics.empty()) << testing::FullList(parsed.diagnostics);
  const lang::RuleFile& file = *parsed.file;
  ASSERT_EQ(file.profiles.size(), 1u);
  EXPECT_FALSE(file.profiles[0].severities.empty());
  ASSERT_EQ(file.rules.size(), 2u);
  EXPECT_TRUE(file.rules[0].for_each.has_value());
  EXPECT_FALSE(file.rules[0].hint.empty());
  EXPECT_TRUE(file.rules[0].effective_until.has_value());
  ExpectRoundTrip(file, SerializeRuleFile(file));
}

// Trees the parser does not build (null children, unusual values) are encoded faithfully too.
TEST(AstSerialize, HandBuiltTreeRoundTrips) {
  lang::RuleFile file;
  file.file = 3;
  file.pack.name = "hand";
  uint32_t next_id = 1;
  auto make = [&next_id](auto kind) {
    auto expr = std::make_unique<lang::Expr>();
    expr->id = next_id++;
    expr->kind = std::move(kind);
    return expr;
  };
  lang::SetLiteral set;
  set.items.push_back(nullptr);
  set.items.push_back(make(lang::Literal{std::nan("")}));
  set.items.push_back(make(lang::Literal{-0.0}));
  set.items.push_back(make(lang::Literal{Date{-800000}}));
  set.items.push_back(make(lang::Literal{std::string("\0\xff\"\n", 4)}));
  lang::LetDecl let;
  let.name = "weird";
  let.value = make(std::move(set));
  let.value->parenthesized = true;
  let.span = SourceSpan{3, {4294967295u, 1}, {1, 4294967295u}};
  file.lets.push_back(std::move(let));
  lang::RuleDecl rule;
  rule.id = "R";
  rule.require = make(lang::Binary{lang::BinaryOp::kMatches, nullptr, nullptr});
  rule.message["de"].parts.push_back({"only text", nullptr});
  file.rules.push_back(std::move(rule));
  file.expr_count = next_id - 1;
  ExpectRoundTrip(file, SerializeRuleFile(file));
}

TEST(AstSerialize, SpansTakeTheGivenFileId) {
  const Pack& pack = Packs().front();
  ASSERT_TRUE(pack.parsed.file.has_value());
  std::optional<lang::RuleFile> loaded = DeserializeRuleFile(pack.blob, 42);
  ASSERT_TRUE(loaded.has_value());
  ASSERT_FALSE(loaded->rules.empty());
  EXPECT_EQ(loaded->file, 42u);
  EXPECT_EQ(loaded->rules[0].span.file, 42u);
  ASSERT_TRUE(loaded->rules[0].require);
  EXPECT_EQ(loaded->rules[0].require->span.file, 42u);
}

TEST(AstSerialize, RefusesMalformedHeaders) {
  const std::string& blob = Packs().front().blob;
  ASSERT_GT(blob.size(), 8u);
  EXPECT_FALSE(DeserializeRuleFile("", 1));
  EXPECT_FALSE(DeserializeRuleFile("KAST", 1));
  std::string bad_magic = blob;
  bad_magic[0] = 'X';
  EXPECT_FALSE(DeserializeRuleFile(bad_magic, 1));
  std::string other_version = blob;
  ++other_version[4];
  EXPECT_FALSE(DeserializeRuleFile(other_version, 1));
  EXPECT_FALSE(DeserializeRuleFile(blob + '\0', 1)) << "trailing bytes";
}

// An expression nested deeper than the reader allows is refused, not recursed into.
TEST(AstSerialize, RefusesExcessiveNesting) {
  lang::RuleFile file;
  lang::ExprPtr expr = std::make_unique<lang::Expr>();
  expr->id = 1;
  expr->kind = lang::Literal{true};
  for (uint32_t id = 2; id <= 5000; ++id) {
    auto outer = std::make_unique<lang::Expr>();
    outer->id = id;
    outer->kind = lang::Unary{lang::UnaryOp::kNot, std::move(expr)};
    expr = std::move(outer);
  }
  file.expr_count = 5000;
  file.lets.push_back(lang::LetDecl{"deep", std::move(expr), {}});
  EXPECT_FALSE(DeserializeRuleFile(SerializeRuleFile(file), 1));
  // Unwind iteratively: the default destructor would recurse 5000 levels.
  lang::ExprPtr e = std::move(file.lets[0].value);
  while (e) {
    auto* unary = std::get_if<lang::Unary>(&e->kind);
    lang::ExprPtr next = unary ? std::move(unary->operand) : nullptr;
    e = std::move(next);
  }
}

TEST(AstSerialize, RefusesBadExpressionIds) {
  auto blob_with_ids = [](uint32_t first, uint32_t second, uint32_t count) {
    lang::RuleFile file;
    for (uint32_t id : {first, second}) {
      auto expr = std::make_unique<lang::Expr>();
      expr->id = id;
      expr->kind = lang::NameRef{"x"};
      file.lets.push_back(lang::LetDecl{"x", std::move(expr), {}});
    }
    file.expr_count = count;
    return SerializeRuleFile(file);
  };
  EXPECT_TRUE(DeserializeRuleFile(blob_with_ids(1, 2, 2), 1));
  EXPECT_FALSE(DeserializeRuleFile(blob_with_ids(1, 1, 2), 1)) << "repeated id";
  EXPECT_FALSE(DeserializeRuleFile(blob_with_ids(0, 2, 2), 1)) << "id 0";
  EXPECT_FALSE(DeserializeRuleFile(blob_with_ids(1, 3, 2), 1)) << "id above expr_count";
}

// Every strict prefix is incomplete; none may crash or read past its end (the copy makes
// the sanitizer build see any overread).
TEST(AstSerialize, TruncationsAreRefused) {
  std::mt19937 random(20240501);
  for (const Pack& pack : Packs()) {
    SCOPED_TRACE(pack.path);
    const std::string& blob = pack.blob;
    std::vector<size_t> lengths;
    for (size_t n = 0; n < 64 && n < blob.size(); ++n) lengths.push_back(n);
    for (size_t n = 1; n <= 16 && n <= blob.size(); ++n) lengths.push_back(blob.size() - n);
    for (int i = 0; i < 64; ++i) lengths.push_back(random() % blob.size());
    for (size_t length : lengths) {
      std::string prefix = blob.substr(0, length);
      EXPECT_FALSE(DeserializeRuleFile(prefix, 1)) << "length " << length;
    }
  }
}

// Random bit flips and byte overwrites: the result may be nullopt or some tree, but the
// reader must neither crash nor read out of bounds, and a tree it returns must be sound
// (ids within expr_count, as later stages index side tables by them).
TEST(AstSerialize, CorruptionNeverCrashes) {
  std::mt19937 random(7);
  size_t accepted = 0;
  for (const Pack& pack : Packs()) {
    SCOPED_TRACE(pack.path);
    for (int i = 0; i < 300; ++i) {
      std::string blob = pack.blob;
      int changes = 1 + static_cast<int>(random() % 3);
      for (int c = 0; c < changes; ++c) {
        size_t at = random() % blob.size();
        if (random() % 2 == 0) {
          blob[at] = static_cast<char>(blob[at] ^ (1 << (random() % 8)));
        } else {
          blob[at] = static_cast<char>(random());
        }
      }
      std::optional<lang::RuleFile> loaded = DeserializeRuleFile(blob, 1);
      if (!loaded) continue;
      ++accepted;
      for (const lang::RuleDecl& rule : loaded->rules) {
        for (const lang::ExprPtr* e : {&rule.when, &rule.require, &rule.at}) {
          if (*e) {
            EXPECT_GE((*e)->id, 1u);
            EXPECT_LE((*e)->id, loaded->expr_count);
          }
        }
        lang::DumpRule(rule);
      }
    }
  }
  // Flips inside strings and spans go unnoticed; that is fine, the point is safety.
  RecordProperty("accepted", static_cast<int>(accepted));
}

}  // namespace
}  // namespace konform
