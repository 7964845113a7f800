// GitLab Code Quality report: a JSON array of issues, one per line.
//
// Severities: a rule that could not be evaluated and a document that could not be read are
// "blocker" (konform fails closed), error "critical", warning "major", info and waived
// findings "info". GitLab matches issues between branches by fingerprint: the finding's
// fingerprint survives reformatting, and repeats within one report are made unique.
#include <map>

#include "common/sha256.h"
#include "report/escape.h"
#include "report/writer.h"

namespace konform::report {
namespace {

struct Labels {
  const char* not_evaluable;
  const char* waived;
  const char* requested;
};

const Labels kGerman = {"Regel nicht auswertbar", "ausgenommen", "Ausnahme beantragt"};
const Labels kEnglish = {"rule could not be evaluated", "waived", "waiver requested"};

const char* IssueSeverity(const Finding& f) {
  if (f.status == Status::kError) return "blocker";
  if (f.waived()) return "info";
  switch (f.severity) {
    case Severity::kError:
      return "critical";
    case Severity::kWarning:
      return "major";
    case Severity::kInfo:
      return "info";
  }
  return "critical";
}

const char* ProblemSeverity(const std::string& severity) {
  if (severity == "error") return "blocker";
  if (severity == "warning") return "minor";
  return "info";
}

class Issues {
 public:
  explicit Issues(std::ostream& out) : out_(out) {}

  void Add(const std::string& check, const std::string& description, const char* severity,
           const std::string& fingerprint, const std::string& path, uint32_t line) {
    // A second issue with the same fingerprint would be merged with the first by GitLab.
    std::string unique = fingerprint;
    if (size_t n = seen_[fingerprint]++; n != 0) {
      unique = Sha256Hex(fingerprint + "\n" + std::to_string(n)).substr(0, 32);
    }
    out_ << (first_ ? "\n  " : ",\n  ");
    first_ = false;
    out_ << "{\"type\": \"issue\", \"engine_name\": \"konform\", \"check_name\": "
         << JsonString(ValidUtf8(check))
         << ", \"description\": " << JsonString(ValidUtf8(description)) << ", \"severity\": \""
         << severity << "\", \"fingerprint\": " << JsonString(unique)
         << ", \"location\": {\"path\": " << JsonString(ValidUtf8(path))
         << ", \"lines\": {\"begin\": " << (line == 0 ? 1 : line) << "}}}";
  }
  void Finish() { out_ << (first_ ? "]\n" : "\n]\n"); }

 private:
  std::ostream& out_;
  std::map<std::string, size_t> seen_;
  bool first_ = true;
};

std::string ProblemFingerprint(const Problem& p, const std::string& file) {
  return Sha256Hex(p.code + "\n" + file + "\n" + std::to_string(p.pos.line) + "\n" +
                   std::to_string(p.pos.column) + "\n" + p.message)
      .substr(0, 32);
}

}  // namespace

void WriteGitlab(const Report& report, std::ostream& out) {
  const Labels& l = report.language == "en" ? kEnglish : kGerman;
  out << "[";
  Issues issues(out);
  for (const Problem& p : report.diagnostics) {
    if (p.file.empty()) continue;  // GitLab needs a path to show an issue
    issues.Add(p.code, p.code + ": " + p.message, ProblemSeverity(p.severity),
               ProblemFingerprint(p, p.file), p.file, p.pos.line);
  }
  for (const DocumentReport& doc : report.documents) {
    for (const Problem& p : doc.problems) {
      const std::string& file = p.file.empty() ? doc.path : p.file;
      issues.Add(p.code, p.code + ": " + p.message, ProblemSeverity(p.severity),
                 ProblemFingerprint(p, file), file, p.pos.line);
    }
    for (const Finding& f : doc.findings) {
      std::string description = f.rule_id;
      if (f.waived()) {
        description +=
            " [" + std::string(l.waived) + (f.waiver->id.empty() ? "" : " " + f.waiver->id) + "]";
      } else if (f.waiver) {
        description += " [" + std::string(l.requested) + "]";
      }
      description += ": ";
      if (f.status == Status::kError) description += std::string(l.not_evaluable) + ": ";
      description += f.message;
      issues.Add(f.rule_id, description, IssueSeverity(f), f.fingerprint, f.document, f.pos.line);
    }
  }
  issues.Finish();
}

}  // namespace konform::report
