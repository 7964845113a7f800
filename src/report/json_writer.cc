// JSON report, shape version 1 (documented in README.md, "JSON report").
#include "report/escape.h"
#include "report/writer.h"

namespace konform::report {
namespace {

void WriteMap(const std::map<std::string, std::string>& map, std::ostream& out) {
  out << "{";
  bool first = true;
  for (const auto& [key, value] : map) {
    out << (first ? "" : ", ") << JsonString(key) << ": " << JsonString(value);
    first = false;
  }
  out << "}";
}

void WriteProblem(const Problem& p, const char* indent, std::ostream& out) {
  out << indent << "{\"code\": " << JsonString(p.code)
      << ", \"severity\": " << JsonString(p.severity) << ", \"file\": " << JsonString(p.file)
      << ", \"line\": " << p.pos.line << ", \"column\": " << p.pos.column
      << ", \"message\": " << JsonString(p.message) << "}";
}

void WriteFinding(const Finding& f, bool baseline, std::ostream& out) {
  out << "{\"ruleId\": " << JsonString(f.rule_id)
      << ", \"severity\": " << JsonString(SeverityName(f.severity))
      << ", \"status\": " << JsonString(StatusName(f.status))
      << ", \"message\": " << JsonString(f.message);
  if (!f.hint.empty()) out << ", \"hint\": " << JsonString(f.hint);
  out << ", \"fingerprint\": " << JsonString(f.fingerprint);
  if (baseline) out << ", \"baselineState\": " << JsonString(BaselineStateName(f.baseline));
  if (f.waiver) {
    const WaiverMark& w = *f.waiver;
    out << ", \"waiver\": {\"state\": "
        << JsonString(w.state == WaiverMark::State::kGranted ? "granted" : "requested")
        << ", \"id\": " << JsonString(w.id)
        << ", \"justification\": " << JsonString(w.justification)
        << ", \"conditions\": " << JsonString(w.conditions)
        << ", \"decision\": " << JsonString(w.decision)
        << ", \"approvedBy\": " << JsonString(w.approved_by)
        << ", \"granted\": " << JsonString(w.granted) << ", \"expires\": " << JsonString(w.expires)
        << ", \"file\": " << JsonString(w.file) << ", \"line\": " << w.pos.line << "}";
  }
  out << ", \"location\": {\"file\": " << JsonString(f.document) << ", \"line\": " << f.pos.line
      << ", \"column\": " << f.pos.column << ", \"path\": " << JsonString(f.node_path)
      << ", \"stablePath\": " << JsonString(f.stable_path) << "}}";
}

}  // namespace

void WriteJson(const Report& report, std::ostream& out) {
  out << "{\n";
  out << "  \"format\": \"konform-report\",\n";
  out << "  \"formatVersion\": 1,\n";
  out << "  \"tool\": {\"name\": " << JsonString(report.tool_name)
      << ", \"version\": " << JsonString(report.tool_version) << "},\n";
  out << "  \"language\": " << JsonString(report.language) << ",\n";
  out << "  \"profile\": " << JsonString(report.profile) << ",\n";
  out << "  \"asOf\": " << JsonString(report.as_of) << ",\n";
  out << "  \"evidence\": [";
  for (size_t i = 0; i < report.evidence.size(); ++i) {
    const Evidence& e = report.evidence[i];
    out << (i ? "," : "") << "\n    {\"kind\": " << JsonString(e.kind)
        << ", \"name\": " << JsonString(e.name) << ", \"version\": " << JsonString(e.version)
        << ", \"file\": " << JsonString(e.file) << ", \"sha256\": " << JsonString(e.sha256) << "}";
  }
  out << (report.evidence.empty() ? "" : "\n  ") << "],\n";
  out << "  \"packs\": [";
  for (size_t i = 0; i < report.packs.size(); ++i) {
    const PackInfo& p = report.packs[i];
    out << (i ? "," : "") << "\n    {\"name\": " << JsonString(p.name) << ", \"title\": ";
    WriteMap(p.title, out);
    out << ", \"version\": " << JsonString(p.version) << ", \"file\": " << JsonString(p.file)
        << ", \"rules\": " << p.rule_count << "}";
  }
  out << (report.packs.empty() ? "" : "\n  ") << "],\n";
  out << "  \"rules\": [";
  for (size_t i = 0; i < report.rules.size(); ++i) {
    const RuleInfo& r = report.rules[i];
    out << (i ? "," : "") << "\n    {\"id\": " << JsonString(r.id) << ", \"title\": ";
    WriteMap(r.title, out);
    out << ", \"severity\": " << JsonString(SeverityName(r.severity))
        << ", \"area\": " << JsonString(r.area) << ", \"pack\": " << JsonString(r.pack)
        << ", \"sources\": [";
    for (size_t s = 0; s < r.sources.size(); ++s) {
      out << (s ? ", " : "") << JsonString(r.sources[s]);
    }
    out << "]}";
  }
  out << (report.rules.empty() ? "" : "\n  ") << "],\n";
  out << "  \"documents\": [";
  size_t per_verdict[4] = {0, 0, 0, 0};
  for (size_t d = 0; d < report.documents.size(); ++d) {
    const DocumentReport& doc = report.documents[d];
    ++per_verdict[static_cast<int>(doc.verdict)];
    out << (d ? "," : "") << "\n    {\n";
    out << "      \"path\": " << JsonString(doc.path) << ",\n";
    out << "      \"proposalId\": " << JsonString(doc.proposal_id) << ",\n";
    out << "      \"asOf\": " << JsonString(doc.as_of) << ",\n";
    out << "      \"sha256\": " << JsonString(doc.sha256) << ",\n";
    out << "      \"verdict\": " << JsonString(VerdictName(doc.verdict)) << ",\n";
    out << "      \"counts\": {\"error\": " << doc.counts.errors
        << ", \"warning\": " << doc.counts.warnings << ", \"info\": " << doc.counts.infos
        << ", \"evaluationError\": " << doc.counts.evaluation_errors
        << ", \"waived\": " << doc.counts.waived << ", \"requested\": " << doc.counts.requested
        << "},\n";
    out << "      \"rules\": {\"applicable\": " << doc.rules_applicable
        << ", \"notApplicable\": " << doc.rules_not_applicable
        << ", \"passed\": " << doc.rules_passed << "},\n";
    for (const auto* list : {&doc.findings, &doc.fixed}) {
      out << "      \"" << (list == &doc.findings ? "findings" : "fixed") << "\": [";
      for (size_t k = 0; k < list->size(); ++k) {
        out << (k ? "," : "") << "\n        ";
        WriteFinding((*list)[k], report.baseline, out);
      }
      out << (list->empty() ? "" : "\n      ") << "],\n";
    }
    out << "      \"problems\": [";
    for (size_t i = 0; i < doc.problems.size(); ++i) {
      out << (i ? "," : "") << "\n";
      WriteProblem(doc.problems[i], "        ", out);
    }
    out << (doc.problems.empty() ? "" : "\n      ") << "]\n";
    out << "    }";
  }
  out << (report.documents.empty() ? "" : "\n  ") << "],\n";
  out << "  \"diagnostics\": [";
  for (size_t i = 0; i < report.diagnostics.size(); ++i) {
    out << (i ? "," : "") << "\n";
    WriteProblem(report.diagnostics[i], "    ", out);
  }
  out << (report.diagnostics.empty() ? "" : "\n  ") << "],\n";
  out << "  \"summary\": {\"documents\": " << report.documents.size()
      << ", \"approvable\": " << per_verdict[0]
      << ", \"approvableWithConditions\": " << per_verdict[1]
      << ", \"notApprovable\": " << per_verdict[2] << ", \"notChecked\": " << per_verdict[3]
      << "}\n";
  out << "}\n";
}

}  // namespace konform::report
