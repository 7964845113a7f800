// GitHub Actions workflow commands: one annotation per finding on the file and line
// (`::error`, `::warning`, `::notice`), then a plain verdict line per document for the log.
// Waived findings no longer block approval and are annotated as notices.
#include "common/terminal_text.h"
#include "report/escape.h"
#include "report/writer.h"

namespace konform::report {
namespace {

struct Labels {
  const char* not_evaluable;
  const char* hint;
  const char* waived;
  const char* requested;
  const char* waiver;
  const char* conditions;
  const char* baseline_new;
  const char* baseline_unchanged;
  const char* fixed;
  const char* counts[4][2];  // errors, warnings, infos, evaluation errors: one, many
  const char* waived_count;
};

const Labels kGerman = {"Regel nicht auswertbar",
                        "Hinweis",
                        "ausgenommen",
                        "Ausnahme beantragt",
                        "Ausnahme",
                        "Auflagen",
                        "neu",
                        "unverändert",
                        "behoben",
                        {{"Fehler", "Fehler"},
                         {"Warnung", "Warnungen"},
                         {"Hinweis", "Hinweise"},
                         {"Auswertungsfehler", "Auswertungsfehler"}},
                        "ausgenommen"};
const Labels kEnglish = {"rule could not be evaluated",
                         "Hint",
                         "waived",
                         "waiver requested",
                         "Waiver",
                         "Conditions",
                         "new",
                         "unchanged",
                         "fixed",
                         {{"error", "errors"},
                          {"warning", "warnings"},
                          {"info", "infos"},
                          {"evaluation error", "evaluation errors"}},
                         "waived"};

std::string Count(size_t n, const char* const forms[2]) {
  return std::to_string(n) + " " + forms[n == 1 ? 0 : 1];
}

const char* Command(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "notice";
  }
  return "error";
}

const char* ProblemCommand(const std::string& severity) {
  if (severity == "error") return "error";
  if (severity == "warning") return "warning";
  return "notice";
}

void WriteAnnotation(const char* command, const std::string& file, SourcePos pos, uint32_t width,
                     const std::string& title, const std::string& message, std::ostream& out) {
  out << "::" << command << " ";
  if (!file.empty()) out << "file=" << GithubProperty(file) << ",";
  if (pos.valid()) {
    out << "line=" << pos.line << ",";
    if (pos.column != 0) {
      out << "col=" << pos.column << ",";
      if (width != 0) out << "endColumn=" << pos.column + width << ",";
    }
  }
  out << "title=" << GithubProperty(title) << "::" << GithubMessage(message) << "\n";
}

}  // namespace

void WriteGithub(const Report& report, std::ostream& out) {
  const Labels& l = report.language == "en" ? kEnglish : kGerman;
  for (const Problem& p : report.diagnostics) {
    WriteAnnotation(ProblemCommand(p.severity), p.file, p.pos, 0, p.code, p.message, out);
  }
  for (const DocumentReport& doc : report.documents) {
    for (const Problem& p : doc.problems) {
      WriteAnnotation(ProblemCommand(p.severity), p.file.empty() ? doc.path : p.file, p.pos, 0,
                      p.code, p.message, out);
    }
    for (const Finding& f : doc.findings) {
      std::string title = f.rule_id;
      if (f.waived()) {
        title +=
            " [" + std::string(l.waived) + (f.waiver->id.empty() ? "" : " " + f.waiver->id) + "]";
      } else if (f.waiver) {
        title += " [" + std::string(l.requested) + "]";
      }
      if (report.baseline) {
        title += " [" +
                 std::string(f.baseline == BaselineState::kUnchanged ? l.baseline_unchanged
                                                                     : l.baseline_new) +
                 "]";
      }
      std::string message =
          f.status == Status::kError ? std::string(l.not_evaluable) + ": " + f.message : f.message;
      if (!f.hint.empty()) message += "\n" + std::string(l.hint) + ": " + f.hint;
      if (f.waiver && !f.waiver->justification.empty()) {
        message += "\n" + std::string(f.waived() ? l.waiver : l.requested) +
                   (f.waiver->id.empty() ? "" : " " + f.waiver->id) + ": " +
                   f.waiver->justification;
      }
      if (f.waived() && !f.waiver->conditions.empty()) {
        message += "\n" + std::string(l.conditions) + ": " + f.waiver->conditions;
      }
      WriteAnnotation(f.waived() ? "notice" : Command(f.severity), f.document, f.pos, f.width,
                      title, message, out);
    }
    // Plain log lines: control characters visible, as in the text report.
    for (const Finding& f : doc.fixed) {
      out << TerminalText(ValidUtf8(doc.path)) << ": " << l.fixed << " [" << TerminalText(f.rule_id)
          << "] " << TerminalText(ValidUtf8(f.message)) << "\n";
    }
    out << TerminalText(ValidUtf8(doc.path)) << ": " << VerdictText(doc.verdict, report.language);
    if (doc.verdict != Verdict::kNotChecked) {
      const Counts& c = doc.counts;
      out << " — " << Count(c.errors, l.counts[0]) << ", " << Count(c.warnings, l.counts[1]) << ", "
          << Count(c.infos, l.counts[2]);
      if (c.evaluation_errors != 0) out << ", " << Count(c.evaluation_errors, l.counts[3]);
      if (c.waived != 0) out << ", " << c.waived << " " << l.waived_count;
    }
    out << "\n";
  }
}

}  // namespace konform::report
