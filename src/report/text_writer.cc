// Compiler-style text: one block per finding, a verdict line per document, a summary.
#include <map>

#include "report/writer.h"

namespace konform::report {
namespace {

struct Labels {
  const char* source;
  const char* hint;
  const char* path;
  const char* not_evaluable;
  const char* verdict[4];
  const char* error_one;
  const char* error_many;
  const char* warning_one;
  const char* warning_many;
  const char* info_one;
  const char* info_many;
  const char* eval_error_one;
  const char* eval_error_many;
  const char* rules;
  const char* not_applicable;
  const char* documents;
  const char* none;
};

const Labels kGerman = {
    "Quelle",
    "Hinweis",
    "Pfad",
    "Regel nicht auswertbar",
    {"freigabefähig", "freigabefähig mit Auflagen", "nicht freigabefähig", "nicht geprüft"},
    "Fehler",
    "Fehler",
    "Warnung",
    "Warnungen",
    "Hinweis",
    "Hinweise",
    "Auswertungsfehler",
    "Auswertungsfehler",
    "Regeln",
    "nicht anwendbar",
    "Dokumente",
    "keine Befunde"};

const Labels kEnglish = {
    "Source",
    "Hint",
    "Path",
    "rule could not be evaluated",
    {"approvable", "approvable with conditions", "not approvable", "not checked"},
    "error",
    "errors",
    "warning",
    "warnings",
    "info",
    "infos",
    "evaluation error",
    "evaluation errors",
    "rules",
    "not applicable",
    "documents",
    "no findings"};

const char* kReset = "\033[0m";
const char* kBold = "\033[1m";

const char* SeverityColor(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "\033[1;31m";
    case Severity::kWarning:
      return "\033[1;35m";
    case Severity::kInfo:
      return "\033[1;36m";
  }
  return "";
}

const char* VerdictColor(Verdict verdict) {
  switch (verdict) {
    case Verdict::kApprovable:
      return "\033[1;32m";
    case Verdict::kApprovableWithConditions:
      return "\033[1;33m";
    default:
      return "\033[1;31m";
  }
}

std::string Count(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void WriteExcerpt(const Finding& finding, bool color, std::ostream& out) {
  if (finding.line_text.empty() || finding.line_text.size() > 300) return;
  std::string number = std::to_string(finding.pos.line);
  out << "    " << number << " | " << finding.line_text << "\n";
  out << std::string(number.size() + 4, ' ') << " | ";
  // Reproduce tabs so the caret sits under the column (columns count code points).
  uint32_t column = 1;
  for (size_t i = 0; i < finding.line_text.size() && column < finding.pos.column; ++i) {
    unsigned char c = static_cast<unsigned char>(finding.line_text[i]);
    if ((c & 0xC0) == 0x80) continue;
    out << (c == '\t' ? '\t' : ' ');
    ++column;
  }
  if (color) out << "\033[1;32m";
  out << '^' << std::string(finding.width > 1 ? finding.width - 1 : 0, '~');
  if (color) out << kReset;
  out << "\n";
}

}  // namespace

void WriteText(const Report& report, const WriteOptions& options, std::ostream& out) {
  const Labels& l = report.language == "en" ? kEnglish : kGerman;
  std::map<std::string, const RuleInfo*> rules;
  for (const RuleInfo& rule : report.rules) rules[rule.id] = &rule;
  const bool color = options.color;

  for (const Problem& problem : report.diagnostics) out << problem.rendered;

  size_t per_verdict[4] = {0, 0, 0, 0};
  for (const DocumentReport& doc : report.documents) {
    ++per_verdict[static_cast<int>(doc.verdict)];
    for (const Problem& problem : doc.problems) out << problem.rendered;
    for (const Finding& f : doc.findings) {
      if (color) out << kBold;
      out << f.document << ":" << f.pos.line << ":" << f.pos.column << ": ";
      if (color) out << kReset << SeverityColor(f.severity);
      out << SeverityName(f.severity) << "[" << f.rule_id << "]";
      if (color) out << kReset;
      if (f.status == Status::kError) {
        out << " " << l.not_evaluable << ": " << f.message << "\n";
      } else {
        out << " " << f.message << "\n";
      }
      if (options.quiet) continue;
      WriteExcerpt(f, color, out);
      out << "   = " << l.path << ": " << f.node_path << "\n";
      auto rule = rules.find(f.rule_id);
      if (rule != rules.end()) {
        for (const std::string& source : rule->second->sources) {
          out << "   = " << l.source << ": " << source << "\n";
        }
      }
      if (!f.hint.empty()) out << "   = " << l.hint << ": " << f.hint << "\n";
      out << "\n";
    }
    if (options.quiet && doc.verdict == Verdict::kApprovable) continue;
    if (color) out << kBold;
    out << doc.path << ": ";
    if (color) out << kReset << VerdictColor(doc.verdict);
    out << l.verdict[static_cast<int>(doc.verdict)];
    if (color) out << kReset;
    if (doc.verdict != Verdict::kNotChecked) {
      const Counts& c = doc.counts;
      std::string parts;
      if (c.errors == 0 && c.warnings == 0 && c.infos == 0 && c.evaluation_errors == 0) {
        parts = l.none;
      } else {
        parts = Count(c.errors, l.error_one, l.error_many) + ", " +
                Count(c.warnings, l.warning_one, l.warning_many) + ", " +
                Count(c.infos, l.info_one, l.info_many);
        if (c.evaluation_errors != 0) {
          parts += ", " + Count(c.evaluation_errors, l.eval_error_one, l.eval_error_many);
        }
      }
      out << " — " << parts << " (" << report.rules.size() << " " << l.rules << ", "
          << doc.rules_not_applicable << " " << l.not_applicable << ")";
    }
    out << "\n";
  }
  if (report.documents.size() > 1) {
    out << "\n" << report.documents.size() << " " << l.documents << ": ";
    bool first = true;
    for (int v = 0; v < 4; ++v) {
      if (per_verdict[v] == 0) continue;
      out << (first ? "" : ", ") << per_verdict[v] << " " << l.verdict[v];
      first = false;
    }
    out << "\n";
  }
}

}  // namespace konform::report
