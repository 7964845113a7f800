// JUnit XML for CI test views: one test suite per rule pack, one test case per rule and
// document. A case fails on unwaived errors and warnings, is an error when the rule could not
// be evaluated, and is skipped when the rule is not in force on the document's date. Infos
// and waived findings pass and are listed in the case's system-out.
#include <algorithm>
#include <map>
#include <sstream>
#include <vector>

#include "report/escape.h"
#include "report/writer.h"

namespace konform::report {
namespace {

struct Labels {
  const char* path;
  const char* hint;
  const char* not_evaluable;
  const char* more;  // "(+N more)"
  const char* not_in_force;
  const char* in_force_from;
  const char* in_force_until;
  const char* waived;
  const char* requested;
  const char* waiver;
  const char* conditions;
  const char* request;
  const char* request_note;
  const char* valid_until;
  const char* baseline_new;
  const char* baseline_unchanged;
  const char* fixed;
  const char* checkable;  // test case for a document that could not be checked
  const char* not_checked;
};

const Labels kGerman = {"Pfad",
                        "Hinweis",
                        "Regel nicht auswertbar",
                        "weitere",
                        "nicht in Kraft am",
                        "gilt ab",
                        "gilt bis",
                        "[ausgenommen]",
                        "[Ausnahme beantragt]",
                        "Ausnahme",
                        "Auflagen",
                        "Ausnahme beantragt",
                        "noch nicht vom Gremium gewährt, der Befund gilt weiter",
                        "gültig bis",
                        "[neu]",
                        "[unverändert]",
                        "behoben",
                        "Dokument prüfbar",
                        "Dokument nicht geprüft"};

const Labels kEnglish = {"Path",
                         "Hint",
                         "rule could not be evaluated",
                         "more",
                         "not in force on",
                         "in force from",
                         "in force until",
                         "[waived]",
                         "[waiver requested]",
                         "Waiver",
                         "Conditions",
                         "Waiver requested",
                         "not granted by the board yet, the finding stands",
                         "valid until",
                         "[new]",
                         "[unchanged]",
                         "fixed",
                         "document can be checked",
                         "document not checked"};

enum class Outcome { kPass, kFailure, kError, kSkipped };

struct Case {
  std::string classname;
  std::string name;
  Outcome outcome = Outcome::kPass;
  std::string type;
  std::string message;
  std::string text;        // body of <failure>, <error> or <skipped>
  std::string system_out;  // infos, waived and fixed findings
};

// A finding as the text report prints it, without the excerpt.
std::string FindingText(const Finding& f, bool baseline, const Labels& l) {
  std::string out = f.document + ":" + std::to_string(f.pos.line) + ":" +
                    std::to_string(f.pos.column) + ": " + SeverityName(f.severity) + "[" +
                    f.rule_id + "]";
  if (f.waived()) {
    out += std::string(" ") + l.waived;
  } else if (f.waiver) {
    out += std::string(" ") + l.requested;
  }
  if (baseline) {
    out += std::string(" ") +
           (f.baseline == BaselineState::kUnchanged ? l.baseline_unchanged : l.baseline_new);
  }
  out += " " + (f.status == Status::kError ? std::string(l.not_evaluable) + ": " : "") + f.message;
  out += std::string("\n   = ") + l.path + ": " + f.node_path + "\n";
  if (!f.hint.empty()) out += std::string("   = ") + l.hint + ": " + f.hint + "\n";
  if (f.waived()) {
    const WaiverMark& w = *f.waiver;
    out += std::string("   = ") + l.waiver + " " + w.id + " (" + w.approved_by + ", " + w.decision +
           ", " + l.valid_until + " " + w.expires + "): " + w.justification + "\n";
    if (!w.conditions.empty())
      out += std::string("   = ") + l.conditions + ": " + w.conditions + "\n";
  } else if (f.waiver) {
    out += std::string("   = ") + l.request + ": " + f.waiver->justification + " — " +
           l.request_note + "\n";
  }
  return out;
}

// The message attribute: the first finding's message, and how many more there are.
std::string Summary(const std::vector<const Finding*>& findings, const Labels& l) {
  if (findings.empty()) return "";
  std::string out = findings.front()->message;
  if (findings.size() > 1) {
    out += " (+" + std::to_string(findings.size() - 1) + " " + l.more + ")";
  }
  return out;
}

Case RuleCase(const RuleInfo& rule, const DocumentReport& doc,
              const std::vector<const Finding*>& findings, const std::vector<const Finding*>& fixed,
              const Report& report, const Labels& l) {
  Case c;
  c.classname = doc.path;
  const std::string title = Localized(rule.title, report.language);
  c.name = title.empty() ? rule.id : rule.id + " " + title;
  std::vector<const Finding*> errors;    // could not be evaluated
  std::vector<const Finding*> failures;  // unwaived errors and warnings
  Severity worst = Severity::kInfo;
  for (const Finding* f : findings) {
    if (f->status == Status::kError) {
      errors.push_back(f);
    } else if (!f->waived() && f->severity != Severity::kInfo) {
      failures.push_back(f);
      worst = std::min(worst, f->severity);
    } else {
      c.system_out += FindingText(*f, report.baseline, l);
    }
  }
  for (const Finding* f : fixed) {
    c.system_out += doc.path + ": " + l.fixed + " [" + f->rule_id + "] " + f->message + " (" +
                    f->node_path + ")\n";
  }
  if (!errors.empty()) {
    c.outcome = Outcome::kError;
    c.type = "evaluation-error";
    c.message = std::string(l.not_evaluable) + ": " + Summary(errors, l);
    for (const Finding* f : errors) c.text += FindingText(*f, report.baseline, l);
    for (const Finding* f : failures) c.text += FindingText(*f, report.baseline, l);
  } else if (!failures.empty()) {
    c.outcome = Outcome::kFailure;
    c.type = SeverityName(worst);
    c.message = Summary(failures, l);
    for (const Finding* f : failures) c.text += FindingText(*f, report.baseline, l);
  } else if ((!rule.effective_from.empty() && doc.as_of < rule.effective_from) ||
             (!rule.effective_until.empty() && rule.effective_until < doc.as_of)) {
    c.outcome = Outcome::kSkipped;
    c.type = "not-in-force";
    c.message = std::string(l.not_in_force) + " " + doc.as_of;
    if (!rule.effective_from.empty())
      c.message += std::string("; ") + l.in_force_from + " " + rule.effective_from;
    if (!rule.effective_until.empty())
      c.message += std::string("; ") + l.in_force_until + " " + rule.effective_until;
  }
  return c;
}

std::string ProblemText(const Problem& p) {
  std::string out = p.file;
  if (p.pos.valid()) out += ":" + std::to_string(p.pos.line) + ":" + std::to_string(p.pos.column);
  return out + ": " + p.severity + "[" + p.code + "]: " + p.message + "\n";
}

struct Suite {
  std::string name;
  const PackInfo* pack = nullptr;
  std::vector<Case> cases;
  std::string system_out;
};

void WriteSuite(const Suite& suite, const Report& report, std::ostream& out, size_t totals[3]) {
  size_t failures = 0, errors = 0, skipped = 0;
  for (const Case& c : suite.cases) {
    failures += c.outcome == Outcome::kFailure;
    errors += c.outcome == Outcome::kError;
    skipped += c.outcome == Outcome::kSkipped;
  }
  totals[0] += suite.cases.size();
  totals[1] += failures;
  totals[2] += errors;
  out << "  <testsuite name=\"" << XmlAttribute(suite.name) << "\" tests=\"" << suite.cases.size()
      << "\" failures=\"" << failures << "\" errors=\"" << errors << "\" skipped=\"" << skipped
      << "\"";
  if (suite.pack != nullptr) {
    out << " file=\"" << XmlAttribute(suite.pack->file) << "\"";
    if (!suite.pack->version.empty()) {
      out << " version=\"" << XmlAttribute(suite.pack->version) << "\"";
    }
  }
  out << ">\n";
  // The evidence, so that a CI archive of this file shows what the verdicts rest on.
  std::vector<std::pair<std::string, std::string>> properties = {
      {"konform.version", report.tool_version},
      {"profile", report.profile},
      {"asOf", report.as_of}};
  if (suite.pack != nullptr) {
    properties.emplace_back("pack.title", Localized(suite.pack->title, report.language));
    for (const Evidence& e : report.evidence) {
      if (e.kind == "rule-pack" && e.name == suite.pack->name && e.file == suite.pack->file) {
        properties.emplace_back("pack.sha256", e.sha256);
      }
    }
  }
  for (const Evidence& e : report.evidence) {
    if (e.kind == "waivers") properties.emplace_back("waivers.sha256:" + e.file, e.sha256);
  }
  for (const DocumentReport& doc : report.documents) {
    if (!doc.sha256.empty()) properties.emplace_back("document.sha256:" + doc.path, doc.sha256);
  }
  out << "    <properties>\n";
  for (const auto& [name, value] : properties) {
    out << "      <property name=\"" << XmlAttribute(name) << "\" value=\"" << XmlAttribute(value)
        << "\"/>\n";
  }
  out << "    </properties>\n";
  for (const Case& c : suite.cases) {
    out << "    <testcase classname=\"" << XmlAttribute(c.classname) << "\" name=\""
        << XmlAttribute(c.name) << "\"";
    if (c.outcome == Outcome::kPass && c.system_out.empty()) {
      out << "/>\n";
      continue;
    }
    out << ">\n";
    const char* element = c.outcome == Outcome::kFailure ? "failure"
                          : c.outcome == Outcome::kError ? "error"
                                                         : "skipped";
    if (c.outcome != Outcome::kPass) {
      out << "      <" << element << " type=\"" << XmlAttribute(c.type) << "\" message=\""
          << XmlAttribute(c.message) << "\"";
      if (c.text.empty()) {
        out << "/>\n";
      } else {
        out << ">" << XmlText(c.text) << "</" << element << ">\n";
      }
    }
    if (!c.system_out.empty())
      out << "      <system-out>" << XmlText(c.system_out) << "</system-out>\n";
    out << "    </testcase>\n";
  }
  if (!suite.system_out.empty()) {
    out << "    <system-out>" << XmlText(suite.system_out) << "</system-out>\n";
  }
  out << "  </testsuite>\n";
}

}  // namespace

void WriteJunit(const Report& report, std::ostream& out) {
  const Labels& l = report.language == "en" ? kEnglish : kGerman;

  // Suites in pack order; rules of a pack the report does not list get a suite of their own.
  std::vector<Suite> suites;
  std::map<std::string, size_t> suite_of;
  for (const PackInfo& pack : report.packs) {
    if (!suite_of.emplace(pack.name, suites.size()).second) continue;
    suites.push_back({pack.name, &pack, {}, {}});
  }
  std::map<std::string, std::vector<const RuleInfo*>> rules_of;
  for (const RuleInfo& rule : report.rules) {
    if (suite_of.emplace(rule.pack, suites.size()).second)
      suites.push_back({rule.pack, nullptr, {}, {}});
    rules_of[rule.pack].push_back(&rule);
  }

  Suite problems{"konform", nullptr, {}, {}};
  for (const DocumentReport& doc : report.documents) {
    if (doc.verdict == Verdict::kNotChecked) {
      Case c;
      c.classname = doc.path;
      c.name = l.checkable;
      c.outcome = Outcome::kError;
      c.type = doc.problems.empty() ? "not-checked" : doc.problems.front().code;
      c.message = doc.problems.empty() ? l.not_checked : doc.problems.front().message;
      for (const Problem& p : doc.problems) c.text += ProblemText(p);
      problems.cases.push_back(std::move(c));
      continue;
    }
    std::map<std::string, std::vector<const Finding*>> findings, fixed;
    for (const Finding& f : doc.findings) findings[f.rule_id].push_back(&f);
    for (const Finding& f : doc.fixed) fixed[f.rule_id].push_back(&f);
    for (Suite& suite : suites) {
      for (const RuleInfo* rule : rules_of[suite.name]) {
        suite.cases.push_back(RuleCase(*rule, doc, findings[rule->id], fixed[rule->id], report, l));
      }
    }
  }
  for (const Problem& p : report.diagnostics) {
    if (p.severity != "error") {
      problems.system_out += ProblemText(p);
      continue;
    }
    Case c;
    c.classname = p.file;
    c.name = p.code;
    c.outcome = Outcome::kError;
    c.type = p.code;
    c.message = p.message;
    c.text = ProblemText(p);
    problems.cases.push_back(std::move(c));
  }
  if (!problems.cases.empty() || !problems.system_out.empty())
    suites.push_back(std::move(problems));

  // Totals first: render the suites into a buffer while counting.
  std::ostringstream body;
  size_t totals[3] = {0, 0, 0};
  for (const Suite& suite : suites) WriteSuite(suite, report, body, totals);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"" << XmlAttribute(report.tool_name) << "\" tests=\"" << totals[0]
      << "\" failures=\"" << totals[1] << "\" errors=\"" << totals[2] << "\">\n";
  out << body.str();
  out << "</testsuites>\n";
}

}  // namespace konform::report
