#include "engine/waivers.h"

#include <cstring>
#include <set>

#include "common/sha256.h"

namespace konform::engine {
namespace {

Diagnostic WaiverProblem(const std::string& file, SourcePos pos, const char* code,
                         DiagSeverity severity, std::string message) {
  Diagnostic d;
  d.code = code;
  d.severity = severity;
  d.file = file;
  d.pos = pos;
  d.message = std::move(message);
  return d;
}

bool StartsWithPath(const std::string& path, const std::string& prefix) {
  if (path.compare(0, prefix.size(), prefix) != 0) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/' || path[prefix.size()] == '[';
}

}  // namespace

std::optional<WaiverFile> LoadWaiverFile(const std::string& path, const xml::LoadLimits& limits,
                                         DiagnosticSink& sink) {
  std::unique_ptr<xml::Document> doc = xml::Document::Load(path, limits, sink);
  if (!doc) return std::nullopt;
  WaiverFile file;
  file.path = path;
  file.sha256 = Sha256Hex(doc->source().text());
  size_t errors_before = sink.error_count();
  auto error = [&](pugi::xml_node node, const char* code, std::string message) {
    sink.Report(WaiverProblem(path, doc->PosOf(xml::NodeRef{node, {}}), code, DiagSeverity::kError,
                              std::move(message)));
  };
  pugi::xml_node root = doc->root();
  if (std::strcmp(root.name(), "waivers") != 0) {
    error(root, "K6001",
          "a waiver file has the root element <waivers>, not <" + std::string(root.name()) + ">");
    return std::nullopt;
  }
  std::set<std::string> ids;
  for (pugi::xml_node node = root.first_child(); node; node = node.next_sibling()) {
    if (node.type() != pugi::node_element) continue;
    if (std::strcmp(node.name(), "waiver") != 0) {
      error(node, "K6001", "unexpected element <" + std::string(node.name()) + "> in <waivers>");
      continue;
    }
    Waiver w;
    w.pos = doc->PosOf(xml::NodeRef{node, {}});
    auto required = [&](const char* name, std::string& out) {
      out = node.attribute(name).value();
      if (out.empty()) error(node, "K6001", std::string("waiver lacks the attribute ") + name);
    };
    auto date = [&](const char* name, Date& out) {
      std::string text;
      required(name, text);
      if (text.empty()) return;
      std::optional<Date> parsed = ParseIsoDate(text);
      if (!parsed) {
        error(
            node, "K6002",
            std::string("waiver attribute ") + name + "='" + text + "' is not a date (YYYY-MM-DD)");
      } else {
        out = *parsed;
      }
    };
    required("id", w.id);
    required("rule", w.rule_id);
    required("proposal", w.proposal_id);
    required("decision", w.decision);
    required("approvedBy", w.approved_by);
    date("granted", w.granted);
    date("expires", w.expires);
    w.path = node.attribute("path").value();
    std::string scratch;
    w.justification =
        std::string(xml::NodeValue(xml::NodeRef{node.child("justification"), {}}, scratch));
    if (w.justification.empty()) error(node, "K6001", "waiver lacks a <justification>");
    w.conditions = std::string(xml::NodeValue(xml::NodeRef{node.child("conditions"), {}}, scratch));
    if (!w.id.empty() && !ids.insert(w.id).second) {
      error(node, "K6001", "duplicate waiver id '" + w.id + "'");
    }
    if (w.expires < w.granted) error(node, "K6002", "waiver expires before it is granted");
    file.waivers.push_back(std::move(w));
  }
  if (sink.error_count() != errors_before) return std::nullopt;
  return file;
}

bool WaiverPathCovers(const std::string& waiver_path, const report::Finding& finding) {
  return waiver_path.empty() || StartsWithPath(finding.stable_path, waiver_path) ||
         StartsWithPath(finding.node_path, waiver_path);
}

void ApplyWaivers(const WaiverFile& file, const eval::RuleSet& rules, report::Report& report,
                  std::vector<Diagnostic>& problems) {
  for (const Waiver& w : file.waivers) {
    const eval::CompiledRule* rule = rules.Find(w.rule_id);
    if (rule == nullptr) {
      problems.push_back(WaiverProblem(
          file.path, w.pos, "K6102", DiagSeverity::kWarning,
          "waiver '" + w.id + "' names the rule '" + w.rule_id + "', which does not exist"));
      continue;
    }
    bool proposal_checked = false, expired = false, matched = false;
    for (report::DocumentReport& doc : report.documents) {
      if (doc.proposal_id.empty() || doc.proposal_id != w.proposal_id) continue;
      proposal_checked = true;
      std::optional<Date> as_of = ParseIsoDate(doc.as_of);
      if (as_of && w.expires < *as_of) {
        expired = true;
        continue;
      }
      for (report::Finding& finding : doc.findings) {
        if (finding.rule_id != w.rule_id || finding.status != report::Status::kFail ||
            !WaiverPathCovers(w.path, finding)) {
          continue;
        }
        matched = true;
        if (rule->decl->non_waivable) continue;
        report::WaiverMark mark;
        mark.state = report::WaiverMark::State::kGranted;
        mark.id = w.id;
        mark.justification = w.justification;
        mark.conditions = w.conditions;
        mark.decision = w.decision;
        mark.approved_by = w.approved_by;
        mark.granted = FormatIsoDate(w.granted);
        mark.expires = FormatIsoDate(w.expires);
        mark.file = file.path;
        mark.pos = w.pos;
        finding.waiver = std::move(mark);
      }
    }
    if (rule->decl->non_waivable) {
      problems.push_back(
          WaiverProblem(file.path, w.pos, "K6104", DiagSeverity::kWarning,
                        "waiver '" + w.id + "' is rejected: rule " + w.rule_id +
                            " implements a legal duty and cannot be waived (non-waivable)"));
    } else if (expired) {
      problems.push_back(WaiverProblem(file.path, w.pos, "K6101", DiagSeverity::kWarning,
                                       "waiver '" + w.id + "' for " + w.rule_id + " in " +
                                           w.proposal_id + " expired on " +
                                           FormatIsoDate(w.expires)));
    } else if (proposal_checked && !matched) {
      problems.push_back(WaiverProblem(
          file.path, w.pos, "K6103", DiagSeverity::kWarning,
          "waiver '" + w.id + "' matches no finding of " + w.rule_id + " in " + w.proposal_id +
              (w.path.empty() ? "" : " at " + w.path) + "; remove it if the issue is resolved"));
    }
  }
}

}  // namespace konform::engine
