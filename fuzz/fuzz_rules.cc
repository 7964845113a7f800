// libFuzzer target: arbitrary bytes as a rule file, through the whole front end
// (lang::ParseRuleFile ─► check::Check ─► eval::Compile, as engine::Engine::LoadRules chains
// them), then the compiled rules evaluated on a small fixed proposal. Diagnostics are
// formatted and ASTs dumped, as `konform lint` and `konform lint --dump-ast` do.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "check/checker.h"
#include "common/date.h"
#include "common/diagnostic.h"
#include "common/source.h"
#include "eval/evaluator.h"
#include "eval/program.h"
#include "lang/ast_printer.h"
#include "lang/parser.h"
#include "xml/document.h"

namespace konform {
namespace {

// Small on purpose: rules may nest quantifiers, whose cost grows with the node count to the
// power of the nesting depth; this keeps each evaluation short while still giving every kind
// of path, value and conversion something to work on.
constexpr char kProposal[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<proposal schemaVersion="1.0">
  <metadata id="FUZZ-2026-001" submissionDate="2026-03-01" ministry="BMI">
    <title>Fuzz &amp; Co</title>
  </metadata>
  <timeline start="2026-04-01" end="2027-12-31">
    <milestone id="m1" type="goLive" date="2026-10-01" status="planned"><name>Go-Live</name></milestone>
    <milestone id="m2" type="closure" date="2028-03-31"/>
  </timeline>
  <budget total="1200000.50" currency="EUR">
    <fundingSource share="60"/><fundingSource share="40.0"/><fundingSource share="viel"/>
  </budget>
  <architecture>
    <component id="portal" type="webApp" hosting="cloud">
      <protectionNeed confidentiality="high" integrity="normal" availability="veryHigh"/>
      <tls minVersion="1.2">true</tls>
    </component>
    <component id="portal" type="ai" license="MIT OR Apache-2.0"><![CDATA[x < y]]></component>
  </architecture>
  <data personalData="true"><category id="c1" legalBasis="art6-1-e" retention="P5Y"/></data>
  <waiverRequests><waiverRequest rule="SEC-001" until="2026-12-31">weil</waiverRequest></waiverRequests>
</proposal>
)";

const xml::Document& FixedDocument() {
  static const std::unique_ptr<xml::Document> doc = [] {
    DiagnosticSink sink;
    auto parsed = xml::Document::Parse("fuzz.xml", kProposal, xml::LoadLimits{}, sink);
    if (!parsed) __builtin_trap();  // the fixed document itself must be well-formed
    return parsed;
  }();
  return *doc;
}

void CompileAndRun(const uint8_t* data, size_t size) {
  const xml::Document& doc = FixedDocument();
  SourceManager sources;
  uint32_t id =
      sources.Add(SourceFile("fuzz.rules", std::string(reinterpret_cast<const char*>(data), size)));
  DiagnosticSink sink;
  std::optional<lang::RuleFile> file = lang::ParseRuleFile(sources, id, sink);
  if (file) {
    for (const lang::RuleDecl& rule : file->rules) (void)lang::DumpRule(rule);
    for (const lang::LetDecl& let : file->lets) {
      if (let.value) (void)lang::DumpExpr(*let.value);
    }
    bool clean = !sink.has_errors();
    std::vector<lang::RuleFile> files;
    files.push_back(std::move(*file));
    std::optional<check::CheckedRules> checked = check::Check(std::move(files), sink);
    if (checked && clean) {
      eval::RuleSet rules = eval::Compile(std::move(*checked));
      eval::Evaluator evaluator(rules);
      eval::EvalOptions options;
      options.today = DateFromCivil(2026, 6, 15);
      for (const char* language : {"de", "en"}) {
        options.language = language;
        eval::DocumentResult result = evaluator.Evaluate(doc, options);
        for (const eval::RuleFinding& finding : result.findings) {
          // As the engine locates findings: no node means the root element.
          xml::NodeRef node = finding.node;
          if (!node.node) node = xml::NodeRef{doc.root(), {}};
          (void)doc.PathOf(node);
          (void)doc.StablePathOf(node);
          (void)doc.PosOf(node);
        }
      }
    }
  }
  for (const Diagnostic& d : sink.TakeSorted(sources)) (void)FormatDiagnostic(d, sources);
}

}  // namespace
}  // namespace konform

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  konform::CompileAndRun(data, size);
  return 0;
}
