#include "testing/rule_fixture.h"

#include <cstdio>
#include <utility>

#include "check/checker.h"
#include "common/severity.h"
#include "lang/ast_printer.h"

namespace konform::testing {
namespace {

constexpr char kExprLet[] = "expr_under_test";

std::string FormatDouble(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  std::string out = buffer;
  return out == "-0" ? "0" : out;
}

std::string OutcomeText(eval::Outcome outcome) {
  switch (outcome) {
    case eval::Outcome::kNotApplicable:
      return "not-applicable";
    case eval::Outcome::kPass:
      return "pass";
    case eval::Outcome::kFail:
      return "fail";
    case eval::Outcome::kError:
      return "error";
  }
  return "?";
}

std::string DescribeNode(const xml::NodeRef& node, const xml::Document& doc) {
  if (node.is_document()) return "/";
  return doc.PathOf(node);
}

Diag PlainDiag(std::string code, std::string file) {
  Diag diag;
  diag.code = std::move(code);
  diag.file = std::move(file);
  return diag;
}

}  // namespace

Date TestToday() { return DateFromCivil(2026, 6, 15); }

eval::EvalOptions TestOptions(std::string language) {
  eval::EvalOptions options;
  options.today = TestToday();
  options.language = std::move(language);
  return options;
}

std::string Diag::Short() const {
  return code + " " + std::to_string(line) + ":" + std::to_string(column);
}

std::ostream& operator<<(std::ostream& os, const Diag& diag) {
  return os << diag.file << ":" << diag.line << ":" << diag.column << ": " << diag.code << ": "
            << diag.message;
}

std::vector<Diag> TakeDiags(DiagnosticSink& sink, const SourceManager& sources) {
  std::vector<Diag> out;
  for (const Diagnostic& d : sink.TakeSorted(sources)) {
    Diag diag;
    diag.code = d.code;
    diag.message = d.message;
    SourcePos pos = d.span.valid() ? d.span.begin : d.pos;
    if (d.span.file != 0 && d.span.file <= sources.size()) {
      diag.file = sources.Get(d.span.file).path();
    } else {
      diag.file = d.file;
    }
    diag.line = pos.line;
    diag.column = pos.column;
    out.push_back(std::move(diag));
  }
  return out;
}

std::string ShortList(const std::vector<Diag>& diags) {
  std::string out;
  for (const Diag& d : diags) {
    if (!out.empty()) out += ", ";
    out += d.Short();
  }
  return out;
}

std::string FullList(const std::vector<Diag>& diags) {
  std::string out;
  for (const Diag& d : diags) {
    out += d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.code +
           ": " + d.message + "\n";
  }
  return out;
}

ParsedFile ParseFile(std::string text, std::string path, const lang::ParseOptions& options) {
  ParsedFile result;
  uint32_t id = result.sources.Add(SourceFile(std::move(path), std::move(text)));
  DiagnosticSink sink;
  result.file = lang::ParseRuleFile(result.sources, id, sink, options);
  result.diagnostics = TakeDiags(sink, result.sources);
  return result;
}

ParsedExpr ParseExpr(std::string text, const lang::ParseOptions& options) {
  ParsedExpr result;
  uint32_t id = result.sources.Add(SourceFile("expr", std::move(text)));
  DiagnosticSink sink;
  result.expr = lang::ParseExpression(result.sources, id, sink, options);
  bool failed = sink.has_errors();
  result.diagnostics = TakeDiags(sink, result.sources);
  if (result.expr && !failed) result.dump = lang::DumpExpr(*result.expr);
  return result;
}

CompiledRules CompileRules(const std::vector<RuleText>& files) {
  CompiledRules result;
  DiagnosticSink sink;
  std::vector<lang::RuleFile> parsed;
  bool parse_failed = false;
  for (const RuleText& file : files) {
    uint32_t id = result.sources.Add(SourceFile(file.path, file.text));
    std::optional<lang::RuleFile> ast = lang::ParseRuleFile(result.sources, id, sink);
    if (ast) {
      parsed.push_back(std::move(*ast));
    } else {
      parse_failed = true;
    }
  }
  if (!parse_failed) {
    std::optional<check::CheckedRules> checked = check::Check(std::move(parsed), sink);
    if (checked && !sink.has_errors()) {
      result.rules = std::make_unique<eval::RuleSet>(eval::Compile(std::move(*checked)));
    }
  }
  result.diagnostics = TakeDiags(sink, result.sources);
  return result;
}

CompiledRules CompileRules(std::string text, std::string path) {
  return CompileRules(std::vector<RuleText>{RuleText{std::move(path), std::move(text)}});
}

LoadedXml ParseXml(std::string text, const xml::LoadLimits& limits, std::string path) {
  LoadedXml result;
  DiagnosticSink sink;
  SourceManager none;
  result.doc = xml::Document::Parse(std::move(path), std::move(text), limits, sink);
  result.diagnostics = TakeDiags(sink, none);
  return result;
}

std::string Describe(const eval::Value& value, const xml::Document& doc) {
  if (value.is_bool()) return value.as_bool() ? "true" : "false";
  if (value.is_number()) return FormatDouble(value.as_number());
  if (value.is_string()) return "\"" + value.as_string() + "\"";
  if (value.is_date()) return "date " + FormatIsoDate(value.as_date());
  if (value.is_nodes()) {
    std::string out = "[";
    for (size_t i = 0; i < value.nodes().size(); ++i) {
      if (i != 0) out += ", ";
      out += DescribeNode(value.nodes()[i], doc);
    }
    return out + "]";
  }
  if (value.is_set()) {
    std::string out = "{";
    for (size_t i = 0; i < value.set().items.size(); ++i) {
      if (i != 0) out += ", ";
      out += Describe(value.set().items[i], doc);
    }
    return out + "}";
  }
  return "error";
}

std::string ExprResult::Describe() const {
  if (!diagnostics.empty()) {
    return (compiled.ok() ? "document error: " : "compile error: ") + ShortList(diagnostics);
  }
  if (!evaluated || !doc) return "not evaluated";
  return testing::Describe(value, *doc);
}

std::string ExprResult::ErrorMessage() const {
  return evaluated && value.is_error() ? value.error().message : "";
}

std::string ExprResult::Display() const { return evaluated ? eval::ToDisplayString(value) : ""; }

ExprResult EvalExpr(std::string_view expr, std::string_view xml_text, std::string_view lets,
                    const eval::EvalOptions& options) {
  ExprResult result;
  std::string text(lets);
  if (!text.empty() && text.back() != '\n') text += '\n';
  text += std::string("let ") + kExprLet + " = " + std::string(expr) + "\n";
  result.compiled = CompileRules(text);
  if (!result.compiled.ok()) {
    result.diagnostics = result.compiled.diagnostics;
    return result;
  }
  LoadedXml loaded = ParseXml(std::string(xml_text));
  if (!loaded.doc) {
    result.diagnostics = loaded.diagnostics;
    if (result.diagnostics.empty()) result.diagnostics.push_back(PlainDiag("K4???", "doc.xml"));
    return result;
  }
  result.doc = std::move(loaded.doc);
  const check::CheckedFile& file = result.compiled.rules->files().at(0);
  const lang::Expr* value = nullptr;
  for (const lang::LetDecl& let : file.ast.lets) {
    if (let.name == kExprLet) value = let.value.get();
  }
  if (value == nullptr) {
    result.diagnostics.push_back(PlainDiag("no-let", "test.rules"));
    return result;
  }
  eval::Evaluator evaluator(*result.compiled.rules);
  result.value = evaluator.EvaluateExpr(*result.doc, 0, *value, options);
  result.evaluated = true;
  return result;
}

std::string Finding::Short() const {
  return rule + " " + outcome + " " + std::to_string(line) + ":" + std::to_string(column) + " " +
         path;
}

std::ostream& operator<<(std::ostream& os, const Finding& finding) {
  return os << finding.Short() << " \"" << finding.message << "\"";
}

std::string RulesResult::OutcomeOf(const std::string& rule_id) const {
  auto it = outcomes.find(rule_id);
  return it == outcomes.end() ? "missing" : it->second.outcome;
}

RulesResult EvalRules(std::string_view rules_text, std::string_view xml_text,
                      const eval::EvalOptions& options) {
  RulesResult result;
  CompiledRules compiled = CompileRules(std::string(rules_text));
  if (!compiled.ok()) {
    result.diagnostics = compiled.diagnostics;
    return result;
  }
  LoadedXml loaded = ParseXml(std::string(xml_text));
  if (!loaded.doc) {
    result.diagnostics = loaded.diagnostics;
    if (result.diagnostics.empty()) result.diagnostics.push_back(PlainDiag("K4???", "doc.xml"));
    return result;
  }
  const xml::Document& doc = *loaded.doc;
  eval::Evaluator evaluator(*compiled.rules);
  eval::DocumentResult evaluated = evaluator.Evaluate(doc, options);
  for (const eval::RuleSummary& summary : evaluated.rules) {
    RuleOutcome outcome;
    outcome.outcome = OutcomeText(summary.outcome);
    outcome.passed = summary.passed;
    outcome.failed = summary.failed;
    outcome.errors = summary.errors;
    result.outcomes[summary.rule->decl->id] = outcome;
  }
  for (const eval::RuleFinding& f : evaluated.findings) {
    Finding finding;
    finding.rule = f.rule->decl->id;
    finding.outcome = OutcomeText(f.outcome);
    finding.severity = SeverityName(f.rule->severity);
    finding.message = f.message;
    finding.hint = f.hint;
    if (f.node.node || f.node.attribute) {
      SourcePos pos = doc.PosOf(f.node);
      finding.line = pos.line;
      finding.column = pos.column;
      finding.path = DescribeNode(f.node, doc);
    }
    result.findings.push_back(std::move(finding));
  }
  return result;
}

std::string RuleWithRequire(std::string_view expr, std::string_view message) {
  return "rule R-1 \"Titel\" {\n"
         "  severity error\n"
         "  area test\n"
         "  source \"Norm\"\n"
         "  require " +
         std::string(expr) +
         "\n"
         "  message \"" +
         std::string(message) +
         "\"\n"
         "}\n";
}

}  // namespace konform::testing
