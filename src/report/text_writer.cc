// Compiler-style text: one block per finding, a verdict line per document with the
// conditions of approval, a summary, and the evidence needed to reproduce the decision.
//
// Meant for terminals: every text that comes from the input (file names, source lines,
// messages and hints with document values, paths, waiver fields) goes through Safe() or
// Prose(), which show control characters as `\x1b`, `\x07`, ... (common/terminal_text.h):
// a document can neither send escape sequences to the terminal nor forge lines of the report.
#include <map>

#include "common/terminal_text.h"
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
  const char* waived_count;
  const char* rules;
  const char* not_applicable;
  const char* documents;
  const char* none;
  const char* waived;        // marker on a waived finding
  const char* requested;     // marker on a finding with a requested waiver
  const char* waiver;        // "= Ausnahme: ..."
  const char* request;       // "= Ausnahme beantragt: ..."
  const char* request_note;  // why a request changes nothing
  const char* valid_until;
  const char* baseline_new;
  const char* baseline_unchanged;
  const char* fixed;
  const char* conditions;
  const char* to_close;       // warnings to close
  const char* by_waiver;      // findings accepted by waiver
  const char* requested_for;  // requested waivers
  const char* evidence;
  const char* profile;
  const char* as_of;
  const char* as_of_default;
  const char* pack;
  const char* waivers;
  const char* document;
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
    "ausgenommen",
    "Regeln",
    "nicht anwendbar",
    "Dokumente",
    "keine Befunde",
    "[ausgenommen]",
    "[Ausnahme beantragt]",
    "Ausnahme",
    "Ausnahme beantragt",
    "noch nicht vom Gremium gewährt, der Befund gilt weiter",
    "gültig bis",
    "[neu]",
    "[unverändert]",
    "behoben",
    "Auflagen",
    "zu beheben",
    "per Ausnahme zugelassen",
    "Ausnahme beantragt für",
    "Nachweis",
    "Profil",
    "Stichtag",
    "je Dokument Einreichungsdatum, sonst heute",
    "Regelpaket",
    "Ausnahmen",
    "Dokument"};

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
    "waived",
    "rules",
    "not applicable",
    "documents",
    "no findings",
    "[waived]",
    "[waiver requested]",
    "Waiver",
    "Waiver requested",
    "not granted by the board yet, the finding stands",
    "valid until",
    "[new]",
    "[unchanged]",
    "fixed",
    "Conditions",
    "to close",
    "accepted by waiver",
    "waiver requested for",
    "Evidence",
    "profile",
    "as of",
    "per document its submission date, else today",
    "rule pack",
    "waivers",
    "document"};

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

// A name from the input (file, path, id, date), for one line of the report: control
// characters escaped, a line break too (`\n`).
std::string Safe(std::string_view text) { return TerminalText(text); }

// Prose from the input (message, hint, justification, source): a line break with the blanks
// around it is the document's formatting and becomes one space, as in the Markdown report;
// other control characters are escaped.
std::string Prose(std::string_view text) {
  if (text.find_first_of("\r\n") == std::string_view::npos) return TerminalText(text);
  std::string folded;
  folded.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '\r' && text[i] != '\n') {
      folded += text[i++];
      continue;
    }
    while (!folded.empty() && (folded.back() == ' ' || folded.back() == '\t')) folded.pop_back();
    while (i < text.size() &&
           (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) {
      ++i;
    }
    folded += ' ';
  }
  return TerminalText(folded);
}

void WriteExcerpt(const Finding& finding, bool color, std::ostream& out) {
  // The line escaped, the caret still under the column (tabs and escapes reproduced). Lines
  // over 300 bytes get no excerpt (minified input), nor does the part of a long line that
  // the engine keeps.
  if (finding.line_text.empty() || finding.line_cut) return;
  out << RenderSourceLine(finding.pos.line, finding.line_text, finding.pos.column, finding.width,
                          color);
}

// "GOV-003, SEC-014" from the findings selected by `pick`, each rule once.
template <typename Pick>
std::string RuleList(const std::vector<Finding>& findings, Pick pick) {
  std::string out;
  std::vector<std::string> seen;
  for (const Finding& f : findings) {
    if (!pick(f)) continue;
    std::string item = Safe(f.rule_id);
    if (f.waiver && !f.waiver->id.empty() && f.waived()) item += " (" + Safe(f.waiver->id) + ")";
    bool known = false;
    for (const std::string& s : seen) known = known || s == item;
    if (known) continue;
    seen.push_back(item);
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

void WriteConditions(const DocumentReport& doc, const Labels& l, std::ostream& out) {
  std::string warnings = RuleList(doc.findings, [](const Finding& f) {
    return f.status == Status::kFail && !f.waived() && f.severity == Severity::kWarning;
  });
  std::string waived = RuleList(doc.findings, [](const Finding& f) { return f.waived(); });
  std::string requested = RuleList(doc.findings, [](const Finding& f) {
    return f.waiver && f.waiver->state == WaiverMark::State::kRequested;
  });
  std::string parts;
  if (!warnings.empty()) {
    parts += Count(doc.counts.warnings, l.warning_one, l.warning_many) + " " + l.to_close + " (" +
             warnings + ")";
  }
  if (!waived.empty()) {
    parts += (parts.empty() ? "" : "; ") + std::to_string(doc.counts.waived) + " " + l.by_waiver +
             " (" + waived + ")";
  }
  if (!requested.empty())
    parts += (parts.empty() ? "" : "; ") + std::string(l.requested_for) + " " + requested;
  if (!parts.empty()) out << "   " << l.conditions << ": " << parts << "\n";
}

void WriteFinding(const Finding& f, const Report& report, const Labels& l,
                  const std::map<std::string, const RuleInfo*>& rules, const WriteOptions& options,
                  std::ostream& out) {
  const bool color = options.color;
  if (color) out << kBold;
  out << Safe(f.document) << ":" << f.pos.line << ":" << f.pos.column << ": ";
  if (color) out << kReset << SeverityColor(f.severity);
  out << SeverityName(f.severity) << "[" << Safe(f.rule_id) << "]";
  if (color) out << kReset;
  if (f.waived()) {
    out << " " << l.waived;
  } else if (f.waiver) {
    out << " " << l.requested;
  }
  if (report.baseline) {
    out << " " << (f.baseline == BaselineState::kNew ? l.baseline_new : l.baseline_unchanged);
  }
  if (f.status == Status::kError) {
    out << " " << l.not_evaluable << ": " << Prose(f.message) << "\n";
  } else {
    out << " " << Prose(f.message) << "\n";
  }
  if (options.quiet) return;
  WriteExcerpt(f, color, out);
  out << "   = " << l.path << ": " << Safe(f.node_path) << "\n";
  auto rule = rules.find(f.rule_id);
  if (rule != rules.end()) {
    for (const std::string& source : rule->second->sources) {
      out << "   = " << l.source << ": " << Prose(source) << "\n";
    }
  }
  if (!f.hint.empty()) out << "   = " << l.hint << ": " << Prose(f.hint) << "\n";
  if (f.waived()) {
    const WaiverMark& w = *f.waiver;
    out << "   = " << l.waiver << " " << Safe(w.id) << " (" << Safe(w.approved_by) << ", "
        << Safe(w.decision) << ", " << l.valid_until << " " << Safe(w.expires)
        << "): " << Prose(w.justification) << "\n";
    if (!w.conditions.empty()) {
      out << "   = " << l.conditions << ": " << Prose(w.conditions) << "\n";
    }
  } else if (f.waiver) {
    out << "   = " << l.request;
    if (!f.waiver->expires.empty()) {
      out << " (" << l.valid_until << " " << Safe(f.waiver->expires) << ")";
    }
    out << ": " << Prose(f.waiver->justification) << " — " << l.request_note << "\n";
  }
  out << "\n";
}

void WriteEvidence(const Report& report, const Labels& l, std::ostream& out) {
  out << "\n" << l.evidence << ": " << report.tool_name << " " << report.tool_version;
  if (!report.profile.empty()) out << ", " << l.profile << " " << Safe(report.profile);
  out << ", " << l.as_of << " " << (report.as_of.empty() ? l.as_of_default : report.as_of) << "\n";
  for (const Evidence& e : report.evidence) {
    if (e.kind == "rule-pack") {
      out << "  " << l.pack << " " << Safe(e.name)
          << (e.version.empty() ? "" : " " + Safe(e.version)) << " (" << Safe(e.file)
          << ") sha256:" << e.sha256 << "\n";
    } else {
      out << "  " << l.waivers << " " << Safe(e.file) << " sha256:" << e.sha256 << "\n";
    }
  }
  for (const DocumentReport& doc : report.documents) {
    if (doc.sha256.empty()) continue;
    out << "  " << l.document << " " << Safe(doc.path) << " (" << l.as_of << " " << doc.as_of
        << ") sha256:" << doc.sha256 << "\n";
  }
}

}  // namespace

const char* VerdictText(Verdict verdict, const std::string& language) {
  return (language == "en" ? kEnglish : kGerman).verdict[static_cast<int>(verdict)];
}

void WriteText(const Report& report, const WriteOptions& options, std::ostream& out) {
  const Labels& l = report.language == "en" ? kEnglish : kGerman;
  std::map<std::string, const RuleInfo*> rules;
  for (const RuleInfo& rule : report.rules) rules[rule.id] = &rule;
  const bool color = options.color;

  // Problems come rendered (location, message, excerpt): several lines by design.
  for (const Problem& problem : report.diagnostics) out << TerminalLines(problem.rendered);

  size_t per_verdict[4] = {0, 0, 0, 0};
  for (const DocumentReport& doc : report.documents) {
    ++per_verdict[static_cast<int>(doc.verdict)];
    for (const Problem& problem : doc.problems) out << TerminalLines(problem.rendered);
    for (const Finding& f : doc.findings) WriteFinding(f, report, l, rules, options, out);
    for (const Finding& f : doc.fixed) {
      out << Safe(doc.path) << ": " << l.fixed << " [" << Safe(f.rule_id) << "] "
          << Prose(f.message) << " (" << Safe(f.node_path) << ")\n";
    }
    if (options.quiet && doc.verdict == Verdict::kApprovable) continue;
    if (options.summary_only && report.documents.size() > 1 &&
        doc.verdict != Verdict::kNotChecked) {
      continue;
    }
    if (color) out << kBold;
    out << Safe(doc.path) << ": ";
    if (color) out << kReset << VerdictColor(doc.verdict);
    out << l.verdict[static_cast<int>(doc.verdict)];
    if (color) out << kReset;
    if (doc.verdict != Verdict::kNotChecked) {
      const Counts& c = doc.counts;
      std::string parts;
      if (c.errors == 0 && c.warnings == 0 && c.infos == 0 && c.evaluation_errors == 0 &&
          c.waived == 0) {
        parts = l.none;
      } else {
        parts = Count(c.errors, l.error_one, l.error_many) + ", " +
                Count(c.warnings, l.warning_one, l.warning_many) + ", " +
                Count(c.infos, l.info_one, l.info_many);
        if (c.evaluation_errors != 0) {
          parts += ", " + Count(c.evaluation_errors, l.eval_error_one, l.eval_error_many);
        }
        if (c.waived != 0) parts += ", " + std::to_string(c.waived) + " " + l.waived_count;
      }
      out << " — " << parts << " (" << report.rules.size() << " " << l.rules << ", "
          << doc.rules_not_applicable << " " << l.not_applicable << ")";
    }
    out << "\n";
    if (doc.verdict != Verdict::kNotChecked) WriteConditions(doc, l, out);
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
  if (!options.quiet && !report.documents.empty()) WriteEvidence(report, l, out);
}

}  // namespace konform::report
