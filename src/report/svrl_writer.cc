// ISO Schematron SVRL (ISO/IEC 19757-3:2025, Annex D).
//
// Per document, an active pattern for each rule pack; per rule with findings a fired rule;
// per finding a failed assertion at its node. Rules that could not be evaluated are
// svrl:error elements of their pattern, documents that could not be read svrl:error elements
// of the report. Passing rules are not listed: the report does not say which rules fired.
#include <map>
#include <set>
#include <vector>

#include "report/escape.h"
#include "report/writer.h"

namespace konform::report {
namespace {

struct Labels {
  const char* not_evaluable;
  const char* as_of;
  const char* as_of_default;
  const char* profile;
  const char* pack;
  const char* waivers;
  const char* document;
};

const Labels kGerman = {"Regel nicht auswertbar",
                        "Stichtag",
                        "je Dokument Einreichungsdatum, sonst heute",
                        "Profil",
                        "Regelpaket",
                        "Ausnahmen",
                        "Dokument"};
const Labels kEnglish = {"rule could not be evaluated",
                         "as of",
                         "per document its submission date, else today",
                         "profile",
                         "rule pack",
                         "waivers",
                         "document"};

bool IsNameStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

bool IsNameChar(unsigned char c) {
  return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// Attributes typed NCName or NMTOKEN are written only when the value fits (non-ASCII
// letters are accepted as name characters; the writers only see UTF-8 from parsed input).
bool IsNcName(std::string_view text) {
  if (text.empty() || !IsNameStart(static_cast<unsigned char>(text[0]))) return false;
  for (char c : text) {
    if (!IsNameChar(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsNmToken(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsNameChar(static_cast<unsigned char>(c)) && c != ':') return false;
  }
  return true;
}

// The node paths of a rule's findings without positions, as an XPath union: the context
// the rule fired on.
std::string Context(const std::vector<const Finding*>& findings) {
  std::set<std::string> seen;
  std::string out;
  for (const Finding* f : findings) {
    std::string path;
    int depth = 0;
    for (char c : f->node_path) {
      if (c == '[') ++depth;
      if (depth == 0) path += c;
      if (c == ']' && depth > 0) --depth;
    }
    if (path.empty()) path = "/";
    if (seen.insert(path).second) out += (out.empty() ? "" : " | ") + path;
  }
  return out;
}

void Property(const char* name, const std::string& value, std::ostream& out,
              const char* role = nullptr) {
  if (value.empty()) return;
  out << "      <svrl:property-reference property=\"" << name << "\"";
  if (role != nullptr) out << " role=\"" << role << "\"";
  out << "><svrl:text>" << XmlText(value) << "</svrl:text></svrl:property-reference>\n";
}

void WriteFailedAssert(const Finding& f, const RuleInfo* rule, bool baseline,
                       const std::string& language, std::ostream& out) {
  out << "    <svrl:failed-assert";
  if (IsNcName(f.rule_id)) out << " id=\"" << XmlAttribute(f.rule_id) << "\"";
  out << " location=\"" << XmlAttribute(f.node_path) << "\" test=\"" << XmlAttribute(f.rule_id)
      << "\" role=\"" << SeverityName(f.severity) << "\"";
  std::string flags;
  if (f.waived()) flags += " waived";
  if (f.waiver && !f.waived()) flags += " waiver-requested";
  if (baseline) flags += f.baseline == BaselineState::kUnchanged ? " unchanged" : " new";
  if (!flags.empty()) out << " flag=\"" << flags.substr(1) << "\"";
  out << " severity=\"" << SeverityName(f.severity) << "\">\n";
  if (!f.hint.empty()) {
    out << "      <svrl:diagnostic-reference diagnostic=\"hint\"><svrl:text xml:lang=\""
        << XmlAttribute(language) << "\">" << XmlText(f.hint)
        << "</svrl:text></svrl:diagnostic-reference>\n";
  }
  Property("line", std::to_string(f.pos.line), out);
  Property("column", std::to_string(f.pos.column), out);
  Property("stable-path", f.stable_path, out);
  Property("fingerprint", f.fingerprint, out);
  if (rule != nullptr) {
    for (const std::string& source : rule->sources) Property("source", source, out);
  }
  if (f.waiver) {
    const WaiverMark& w = *f.waiver;
    const char* state = f.waived() ? "granted" : "requested";
    Property("waiver", w.id.empty() ? std::string(state) : w.id, out, state);
    Property("waiver-decision", w.decision, out);
    Property("waiver-approved-by", w.approved_by, out);
    Property("waiver-granted", w.granted, out);
    Property("waiver-expires", w.expires, out);
    Property("waiver-justification", w.justification, out);
    Property("waiver-conditions", w.conditions, out);
  }
  out << "      <svrl:text xml:lang=\"" << XmlAttribute(language) << "\">" << XmlText(f.message)
      << "</svrl:text>\n";
  out << "    </svrl:failed-assert>\n";
}

void WriteError(const std::string& document, const std::string& location, const std::string& code,
                const std::string& message, const char* indent, std::ostream& out) {
  out << indent << "<svrl:error";
  if (!document.empty()) out << " document=\"" << XmlAttribute(UriFromPath(document)) << "\"";
  out << " location=\"" << XmlAttribute(location.empty() ? "/" : location) << "\"";
  if (!code.empty()) out << " code=\"" << XmlAttribute(code) << "\"";
  out << ">" << XmlText(message) << "</svrl:error>\n";
}

std::string Position(const Problem& p) {
  if (!p.pos.valid()) return "";
  return std::to_string(p.pos.line) + ":" + std::to_string(p.pos.column) + ": ";
}

}  // namespace

void WriteSvrl(const Report& report, std::ostream& out) {
  const Labels& l = report.language == "en" ? kEnglish : kGerman;
  std::map<std::string, const RuleInfo*> rules;
  for (const RuleInfo& rule : report.rules) rules[rule.id] = &rule;

  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<svrl:schematron-output xmlns:svrl=\"http://purl.oclc.org/dsdl/svrl\" title=\""
      << XmlAttribute(report.tool_name + " " + report.tool_version) << "\"";
  // A stage profile selects the active rules, as a Schematron phase selects patterns.
  if (IsNmToken(report.profile)) out << " phase=\"" << XmlAttribute(report.profile) << "\"";
  out << ">\n";

  // Errors of the run come first: documents that could not be read, unusable inputs.
  bool any_error = false;
  for (const DocumentReport& doc : report.documents) {
    for (const Problem& p : doc.problems) {
      WriteError(p.file.empty() ? doc.path : p.file, "/", p.code, Position(p) + p.message, "  ",
                 out);
      any_error = true;
    }
  }
  for (const Problem& p : report.diagnostics) {
    if (p.severity != "error") continue;
    WriteError(p.file, "/", p.code, Position(p) + p.message, "  ", out);
    any_error = true;
  }

  // Human-readable text: verdicts, warnings about inputs, and the evidence.
  auto text = [&](const std::string& line) {
    out << "  <svrl:text xml:lang=\"" << XmlAttribute(report.language) << "\">" << XmlText(line)
        << "</svrl:text>\n";
  };
  for (const DocumentReport& doc : report.documents) {
    text(doc.path + ": " + VerdictText(doc.verdict, report.language));
  }
  for (const Problem& p : report.diagnostics) {
    if (p.severity == "error") continue;
    text(p.file + (p.pos.valid() ? ":" + Position(p) : ": ") + p.severity + "[" + p.code +
         "]: " + p.message);
  }
  text(report.tool_name + " " + report.tool_version +
       (report.profile.empty() ? "" : ", " + std::string(l.profile) + " " + report.profile) + ", " +
       l.as_of + " " + (report.as_of.empty() ? l.as_of_default : report.as_of));
  for (const Evidence& e : report.evidence) {
    if (e.kind == "rule-pack") {
      text(std::string(l.pack) + " " + e.name + (e.version.empty() ? "" : " " + e.version) + " (" +
           e.file + ") sha256:" + e.sha256);
    } else {
      text(std::string(l.waivers) + " " + e.file + " sha256:" + e.sha256);
    }
  }
  for (const DocumentReport& doc : report.documents) {
    if (doc.sha256.empty()) continue;
    text(std::string(l.document) + " " + doc.path + " (" + l.as_of + " " + doc.as_of +
         ") sha256:" + doc.sha256);
  }

  // Pack names in report order, then packs only known from their rules.
  std::vector<std::pair<std::string, const PackInfo*>> packs;
  std::set<std::string> pack_names;
  for (const PackInfo& pack : report.packs) {
    if (pack_names.insert(pack.name).second) packs.emplace_back(pack.name, &pack);
  }
  for (const RuleInfo& rule : report.rules) {
    if (pack_names.insert(rule.pack).second) packs.emplace_back(rule.pack, nullptr);
  }

  bool any_pattern = false;
  for (const DocumentReport& doc : report.documents) {
    if (doc.verdict == Verdict::kNotChecked) continue;
    // Findings by pack, then by rule id (std::map keeps rule ids sorted).
    std::map<std::string, std::map<std::string, std::vector<const Finding*>>> by_pack;
    for (const Finding& f : doc.findings) {
      auto rule = rules.find(f.rule_id);
      by_pack[rule == rules.end() ? std::string() : rule->second->pack][f.rule_id].push_back(&f);
    }
    for (const auto& [name, pack] : packs) {
      out << "  <svrl:active-pattern";
      if (IsNcName(name)) out << " id=\"" << XmlAttribute(name) << "\"";
      out << " documents=\"" << XmlAttribute(UriFromPath(doc.path)) << "\"";
      const std::string title = pack ? Localized(pack->title, report.language) : "";
      if (!title.empty()) out << " name=\"" << XmlAttribute(title) << "\"";
      const auto& pack_findings = by_pack[name];
      bool has_errors = false;
      for (const auto& [rule_id, findings] : pack_findings) {
        for (const Finding* f : findings) has_errors = has_errors || f->status == Status::kError;
      }
      any_pattern = true;
      if (!has_errors) {
        out << "/>\n";
      } else {
        out << ">\n";
        for (const auto& [rule_id, findings] : pack_findings) {
          for (const Finding* f : findings) {
            if (f->status != Status::kError) continue;
            WriteError(doc.path, f->node_path, rule_id,
                       std::string(l.not_evaluable) + ": " + f->message, "    ", out);
          }
        }
        out << "  </svrl:active-pattern>\n";
      }
      for (const auto& [rule_id, findings] : pack_findings) {
        std::vector<const Finding*> failed;
        for (const Finding* f : findings) {
          if (f->status == Status::kFail) failed.push_back(f);
        }
        if (failed.empty()) continue;
        auto rule = rules.find(rule_id);
        const RuleInfo* info = rule == rules.end() ? nullptr : rule->second;
        out << "  <svrl:fired-rule";
        if (IsNcName(rule_id)) out << " id=\"" << XmlAttribute(rule_id) << "\"";
        const std::string rule_title = info ? Localized(info->title, report.language) : "";
        if (!rule_title.empty()) out << " name=\"" << XmlAttribute(rule_title) << "\"";
        out << " context=\"" << XmlAttribute(Context(failed)) << "\"";
        if (info != nullptr && !info->area.empty()) {
          out << " role=\"" << XmlAttribute(info->area) << "\"";
        }
        out << " document=\"" << XmlAttribute(UriFromPath(doc.path)) << "\"/>\n";
        for (const Finding* f : failed) {
          WriteFailedAssert(*f, info, report.baseline, report.language, out);
        }
      }
    }
  }
  // The schema needs at least one pattern or error; a run without documents has neither.
  if (!any_pattern && !any_error) out << "  <svrl:active-pattern/>\n";
  out << "</svrl:schematron-output>\n";
}

}  // namespace konform::report
