// Markdown for a merge-request comment (GitHub and GitLab flavours): an overview table of the
// verdicts, then per document its counts, conditions and a table of findings, and the
// evidence in a collapsed block.
#include <algorithm>
#include <vector>

#include "common/terminal_text.h"
#include "report/escape.h"
#include "report/writer.h"

namespace konform::report {
namespace {

struct Labels {
  const char* heading;
  const char* checked[2];  // "N documents checked": one, many
  const char* document;
  const char* proposal;
  const char* verdict;
  const char* counts[4][2];  // errors, warnings, infos, evaluation errors: one, many
  const char* column_counts[6];
  const char* as_of;
  const char* rules;
  const char* not_applicable;
  const char* none;
  const char* location;
  const char* severity;
  const char* rule;
  const char* message;
  const char* severities[3];
  const char* not_evaluable;
  const char* waived;
  const char* requested;
  const char* baseline_new;
  const char* baseline_unchanged;
  const char* fixed;
  const char* must_fix;
  const char* conditions;
  const char* to_close;
  const char* by_waiver;
  const char* requested_for;
  const char* waiver_conditions;
  const char* problems;
  const char* inputs;
  const char* evidence;
  const char* profile;
  const char* as_of_default;
  const char* pack;
  const char* waivers;
};

const Labels kGerman = {
    "Prüfergebnis",
    {"Dokument geprüft", "Dokumente geprüft"},
    "Dokument",
    "Vorhaben",
    "Urteil",
    {{"Fehler", "Fehler"},
     {"Warnung", "Warnungen"},
     {"Hinweis", "Hinweise"},
     {"Auswertungsfehler", "Auswertungsfehler"}},
    {"Fehler", "Warnungen", "Hinweise", "Nicht auswertbar", "Ausgenommen", "Beantragt"},
    "Stichtag",
    "Regeln",
    "nicht anwendbar",
    "keine Befunde",
    "Fundstelle",
    "Schwere",
    "Regel",
    "Meldung",
    {"Fehler", "Warnung", "Hinweis"},
    "nicht auswertbar",
    "ausgenommen",
    "Ausnahme beantragt",
    "neu",
    "unverändert",
    "Behoben",
    "Vor einer Freigabe zu beheben",
    "Auflagen",
    "zu beheben",
    "per Ausnahme zugelassen",
    "Ausnahme beantragt für",
    "Auflagen des Gremiums zu",
    "Nicht geprüft",
    "Eingaben",
    "Nachweis",
    "Profil",
    "je Dokument Einreichungsdatum, sonst heute",
    "Regelpaket",
    "Ausnahmen"};

const Labels kEnglish = {"Check result",
                         {"document checked", "documents checked"},
                         "Document",
                         "Proposal",
                         "Verdict",
                         {{"error", "errors"},
                          {"warning", "warnings"},
                          {"info", "infos"},
                          {"evaluation error", "evaluation errors"}},
                         {"Errors", "Warnings", "Infos", "Not evaluable", "Waived", "Requested"},
                         "as of",
                         "rules",
                         "not applicable",
                         "no findings",
                         "Location",
                         "Severity",
                         "Rule",
                         "Message",
                         {"error", "warning", "info"},
                         "not evaluable",
                         "waived",
                         "waiver requested",
                         "new",
                         "unchanged",
                         "Fixed",
                         "To fix before approval",
                         "Conditions",
                         "to close",
                         "accepted by waiver",
                         "waiver requested for",
                         "Conditions set by the board for",
                         "Not checked",
                         "Inputs",
                         "Evidence",
                         "profile",
                         "per document its submission date, else today",
                         "rule pack",
                         "waivers"};

// Symbols next to the words, so that the verdict does not rest on colour or on the icon.
const char* kVerdictIcons[4] = {"\u2705", "\u26A0\uFE0F", "\u274C", "\u26D4"};

std::string Count(size_t n, const char* const forms[2]) {
  return std::to_string(n) + " " + forms[n == 1 ? 0 : 1];
}

// A code span for a path; GFM tables need `|` escaped even there. Control characters are
// shown as in the text report (a backslash is literal in a code span).
std::string Code(const std::string& text) {
  if (text.find('`') != std::string::npos) return MarkdownText(text);
  std::string out = "`";
  for (char c : EscapeControls(ValidUtf8(text), "\t\n\r")) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "`";
}

std::string CountsText(const Counts& c, const Labels& l) {
  if (c.errors == 0 && c.warnings == 0 && c.infos == 0 && c.evaluation_errors == 0 &&
      c.waived == 0) {
    return l.none;
  }
  std::string out = Count(c.errors, l.counts[0]) + ", " + Count(c.warnings, l.counts[1]) + ", " +
                    Count(c.infos, l.counts[2]);
  if (c.evaluation_errors != 0) out += ", " + Count(c.evaluation_errors, l.counts[3]);
  if (c.waived != 0) out += ", " + std::to_string(c.waived) + " " + l.waived;
  return out;
}

// "GOV-003, SEC-014" from the findings selected by `pick`, each rule once.
template <typename Pick>
std::string RuleList(const std::vector<Finding>& findings, Pick pick) {
  std::vector<std::string> seen;
  std::string out;
  for (const Finding& f : findings) {
    if (!pick(f)) continue;
    std::string item = f.rule_id;
    if (f.waived() && !f.waiver->id.empty()) item += " (" + f.waiver->id + ")";
    bool known = false;
    for (const std::string& s : seen) known = known || s == item;
    if (known) continue;
    seen.push_back(item);
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

void WriteConditions(const DocumentReport& doc, const Labels& l, std::ostream& out) {
  const std::string blocking = RuleList(doc.findings, [](const Finding& f) {
    return f.status == Status::kError || (!f.waived() && f.severity == Severity::kError);
  });
  if (!blocking.empty()) {
    out << "**" << l.must_fix << ":** " << MarkdownText(blocking) << "\n\n";
  }
  const std::string warnings = RuleList(doc.findings, [](const Finding& f) {
    return f.status == Status::kFail && !f.waived() && f.severity == Severity::kWarning;
  });
  const std::string waived = RuleList(doc.findings, [](const Finding& f) { return f.waived(); });
  const std::string requested = RuleList(doc.findings, [](const Finding& f) {
    return f.waiver && f.waiver->state == WaiverMark::State::kRequested;
  });
  std::string parts;
  if (!warnings.empty()) {
    parts += Count(doc.counts.warnings, l.counts[1]) + " " + l.to_close + " (" + warnings + ")";
  }
  if (!waived.empty()) {
    parts += (parts.empty() ? "" : "; ") + std::to_string(doc.counts.waived) + " " + l.by_waiver +
             " (" + waived + ")";
  }
  if (!requested.empty()) {
    parts += (parts.empty() ? "" : "; ") + std::string(l.requested_for) + " " + requested;
  }
  if (!parts.empty()) out << "**" << l.conditions << ":** " << MarkdownText(parts) << "\n\n";
  // What the board attached to its waivers, once per waiver.
  std::vector<std::string> seen;
  for (const Finding& f : doc.findings) {
    if (!f.waived() || f.waiver->conditions.empty()) continue;
    if (std::find(seen.begin(), seen.end(), f.waiver->id) != seen.end()) continue;
    seen.push_back(f.waiver->id);
    out << "**" << l.waiver_conditions << " " << MarkdownText(f.waiver->id) << ":** "
        << MarkdownText(f.waiver->conditions) << "\n\n";
  }
}

void WriteFindings(const DocumentReport& doc, bool baseline, const Labels& l, std::ostream& out) {
  if (doc.findings.empty()) return;
  out << "| " << l.location << " | " << l.severity << " | " << l.rule << " | " << l.message
      << " |\n";
  out << "|---|---|---|---|\n";
  for (const Finding& f : doc.findings) {
    const char* severity =
        f.status == Status::kError ? l.not_evaluable : l.severities[static_cast<int>(f.severity)];
    std::string marks;
    if (f.waived()) {
      marks += std::string(l.waived) + (f.waiver->id.empty() ? "" : " " + f.waiver->id);
    } else if (f.waiver) {
      marks += l.requested;
    }
    if (baseline) {
      marks += (marks.empty() ? "" : ", ") + std::string(f.baseline == BaselineState::kUnchanged
                                                             ? l.baseline_unchanged
                                                             : l.baseline_new);
    }
    out << "| " << Code(f.document + ":" + std::to_string(f.pos.line)) << " | " << severity << " | "
        << MarkdownText(f.rule_id) << " | " << MarkdownText(f.message);
    if (!marks.empty()) out << " *(" << MarkdownText(marks) << ")*";
    out << " |\n";
  }
  out << "\n";
}

std::string ProblemLine(const Problem& p) {
  std::string where = p.file;
  if (p.pos.valid()) where += ":" + std::to_string(p.pos.line) + ":" + std::to_string(p.pos.column);
  return "- " + Code(where) + " " + MarkdownText(p.severity + "[" + p.code + "]: " + p.message) +
         "\n";
}

void WriteEvidence(const Report& report, const Labels& l, std::ostream& out) {
  out << "<details><summary>" << l.evidence << "</summary>\n\n";
  out << "- " << MarkdownText(report.tool_name + " " + report.tool_version);
  if (!report.profile.empty()) out << ", " << l.profile << " " << MarkdownText(report.profile);
  out << ", " << l.as_of << " "
      << MarkdownText(report.as_of.empty() ? l.as_of_default : report.as_of) << "\n";
  for (const Evidence& e : report.evidence) {
    if (e.kind == "rule-pack") {
      out << "- " << l.pack << " " << MarkdownText(e.name)
          << (e.version.empty() ? "" : " " + MarkdownText(e.version)) << " (" << Code(e.file)
          << ") sha256:" << Code(e.sha256) << "\n";
    } else {
      out << "- " << l.waivers << " " << Code(e.file) << " sha256:" << Code(e.sha256) << "\n";
    }
  }
  for (const DocumentReport& doc : report.documents) {
    if (doc.sha256.empty()) continue;
    out << "- " << l.document << " " << Code(doc.path) << " (" << l.as_of << " "
        << MarkdownText(doc.as_of) << ") sha256:" << Code(doc.sha256) << "\n";
  }
  out << "\n</details>\n";
}

}  // namespace

void WriteMarkdown(const Report& report, std::ostream& out) {
  const Labels& l = report.language == "en" ? kEnglish : kGerman;
  size_t per_verdict[4] = {0, 0, 0, 0};
  for (const DocumentReport& doc : report.documents) ++per_verdict[static_cast<int>(doc.verdict)];

  out << "## " << l.heading << ": " << Count(report.documents.size(), l.checked);
  // Worst verdicts first: they are what the reviewer has to act on.
  for (int v : {2, 3, 1, 0}) {
    if (per_verdict[v] == 0) continue;
    out << " · " << kVerdictIcons[v] << " " << per_verdict[v] << " "
        << VerdictText(static_cast<Verdict>(v), report.language);
  }
  out << "\n\n";

  if (!report.diagnostics.empty()) {
    out << "**" << l.inputs << ":**\n\n";
    for (const Problem& p : report.diagnostics) out << ProblemLine(p);
    out << "\n";
  }

  if (!report.documents.empty()) {
    out << "| " << l.document << " | " << l.proposal << " | " << l.verdict;
    for (const char* column : l.column_counts) out << " | " << column;
    out << " |\n|---|---|---|--:|--:|--:|--:|--:|--:|\n";
    for (const DocumentReport& doc : report.documents) {
      const int v = static_cast<int>(doc.verdict);
      const Counts& c = doc.counts;
      out << "| " << Code(doc.path) << " | " << MarkdownText(doc.proposal_id) << " | "
          << kVerdictIcons[v] << " " << VerdictText(doc.verdict, report.language);
      if (doc.verdict == Verdict::kNotChecked) {
        out << " | | | | | | |\n";
        continue;
      }
      out << " | " << c.errors << " | " << c.warnings << " | " << c.infos << " | "
          << c.evaluation_errors << " | " << c.waived << " | " << c.requested << " |\n";
    }
    out << "\n";
  }

  for (const DocumentReport& doc : report.documents) {
    const int v = static_cast<int>(doc.verdict);
    out << "### " << kVerdictIcons[v] << " " << Code(doc.path) << " — "
        << VerdictText(doc.verdict, report.language) << "\n\n";
    if (doc.verdict == Verdict::kNotChecked) {
      for (const Problem& p : doc.problems) out << ProblemLine(p);
      out << "\n";
      continue;
    }
    std::string facts;
    if (!doc.proposal_id.empty()) facts += MarkdownText(doc.proposal_id) + " · ";
    facts += std::string(l.as_of) + " " + MarkdownText(doc.as_of) + " · " +
             MarkdownText(CountsText(doc.counts, l)) + " (" + std::to_string(report.rules.size()) +
             " " + l.rules + ", " + std::to_string(doc.rules_not_applicable) + " " +
             l.not_applicable + ")";
    out << facts << "\n\n";
    WriteConditions(doc, l, out);
    WriteFindings(doc, report.baseline, l, out);
    if (!doc.fixed.empty()) {
      out << "**" << l.fixed << ":**\n\n";
      for (const Finding& f : doc.fixed) {
        out << "- " << MarkdownText(f.rule_id) << ": " << MarkdownText(f.message) << " ("
            << Code(f.node_path) << ")\n";
      }
      out << "\n";
    }
  }
  if (!report.documents.empty()) WriteEvidence(report, l, out);
}

}  // namespace konform::report
