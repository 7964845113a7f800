#include "engine/baseline.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "common/file_reader.h"
#include "common/sha256.h"

namespace konform::engine {

std::optional<Baseline> LoadBaseline(const std::string& path, DiagnosticSink& sink,
                                     uint64_t max_bytes) {
  auto problem = [&](const std::string& message) {
    Diagnostic d;
    d.code = "K7001";
    d.file = path;
    d.message = message;
    sink.Report(std::move(d));
    return std::nullopt;
  };
  // Read like a document: a regular file only (never a FIFO or device), by size first.
  DiagnosticSink read_sink;
  std::optional<std::string> text = ReadBoundedFile(path, max_bytes, read_sink);
  if (!text) {
    for (Diagnostic d : read_sink.diagnostics()) {
      d.message = "cannot read the baseline: " + d.message;
      sink.Report(std::move(d));
    }
    return std::nullopt;
  }
  Baseline baseline;
  baseline.path = path;
  baseline.sha256 = Sha256Hex(*text);
  nlohmann::json json = nlohmann::json::parse(*text, nullptr, false);
  text.reset();  // the parsed form is all that is needed from here
  if (json.is_discarded()) return problem("the baseline is not valid JSON");
  if (!json.is_object() || json.value("format", "") != "konform-report" ||
      !json.contains("documents") || !json["documents"].is_array()) {
    return problem("the baseline is not a konform JSON report (konform check --format json)");
  }
  for (const nlohmann::json& doc : json["documents"]) {
    if (!doc.is_object() || !doc.contains("findings") || !doc["findings"].is_array()) continue;
    for (const nlohmann::json& f : doc["findings"]) {
      if (!f.is_object() || !f.contains("fingerprint") || !f["fingerprint"].is_string()) {
        return problem("a finding in the baseline has no fingerprint");
      }
      BaselineEntry entry;
      entry.rule_id = f.value("ruleId", "");
      entry.message = f.value("message", "");
      entry.document = doc.value("path", "");
      entry.proposal_id = doc.value("proposalId", "");
      if (f.contains("location") && f["location"].is_object()) {
        entry.node_path = f["location"].value("path", "");
        entry.stable_path = f["location"].value("stablePath", "");
      }
      entry.severity = ParseSeverity(f.value("severity", "error")).value_or(Severity::kError);
      baseline.entries[f["fingerprint"].get<std::string>()] = std::move(entry);
    }
  }
  return baseline;
}

Baseline BaselineFromReport(const report::Report& report, const std::string& document) {
  Baseline baseline;
  for (const report::DocumentReport& doc : report.documents) {
    for (const report::Finding& f : doc.findings) {
      BaselineEntry entry;
      entry.rule_id = f.rule_id;
      entry.message = f.message;
      entry.document = document;
      entry.proposal_id = doc.proposal_id;
      entry.node_path = f.node_path;
      entry.stable_path = f.stable_path;
      entry.severity = f.severity;
      baseline.entries[f.fingerprint] = std::move(entry);
    }
  }
  return baseline;
}

void ApplyBaseline(const Baseline& baseline, report::Report& report) {
  report.baseline = true;
  std::set<std::string> seen;
  for (report::DocumentReport& doc : report.documents) {
    for (report::Finding& finding : doc.findings) {
      bool known = baseline.entries.count(finding.fingerprint) != 0;
      finding.baseline = known ? report::BaselineState::kUnchanged : report::BaselineState::kNew;
      seen.insert(finding.fingerprint);
    }
  }
  for (const auto& [fingerprint, entry] : baseline.entries) {
    if (seen.count(fingerprint)) continue;
    for (report::DocumentReport& doc : report.documents) {
      bool same = entry.proposal_id.empty() ? doc.path == entry.document
                                            : doc.proposal_id == entry.proposal_id;
      if (!same || doc.verdict == report::Verdict::kNotChecked) continue;
      report::Finding fixed;
      fixed.rule_id = entry.rule_id;
      fixed.severity = entry.severity;
      fixed.message = entry.message;
      fixed.document = doc.path;
      fixed.node_path = entry.node_path;
      fixed.stable_path = entry.stable_path;
      fixed.fingerprint = fingerprint;
      fixed.baseline = report::BaselineState::kAbsent;
      doc.fixed.push_back(std::move(fixed));
      break;
    }
  }
  for (report::DocumentReport& doc : report.documents) {
    std::sort(doc.fixed.begin(), doc.fixed.end(),
              [](const report::Finding& a, const report::Finding& b) {
                return std::tie(a.node_path, a.rule_id, a.message) <
                       std::tie(b.node_path, b.rule_id, b.message);
              });
  }
}

}  // namespace konform::engine
