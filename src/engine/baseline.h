// Re-review against an earlier report: `konform check --baseline previous.json` marks each
// finding new or unchanged, and lists what the revision fixed, by finding fingerprint.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "common/diagnostic.h"
#include "report/report.h"

namespace konform::engine {

struct BaselineEntry {
  std::string rule_id;
  std::string message;
  std::string document;
  std::string proposal_id;
  std::string node_path;
  std::string stable_path;
  Severity severity = Severity::kError;
};

struct Baseline {
  std::string path;
  std::string sha256;
  std::map<std::string, BaselineEntry> entries;  // by fingerprint
};

// Reads a JSON report written by `konform check --format json`; nullopt with a diagnostic
// (K7001) if the file is not one.
std::optional<Baseline> LoadBaseline(const std::string& path, DiagnosticSink& sink);

// A baseline made from a report in memory (for `konform diff`); `document` replaces the
// document path of its entries, so that they match a renamed revision.
Baseline BaselineFromReport(const report::Report& report, const std::string& document);

// Sets every finding's baseline state, and adds the baseline's findings that are gone to the
// `fixed` list of the document they belonged to (matched by proposal id, else by path).
void ApplyBaseline(const Baseline& baseline, report::Report& report);

}  // namespace konform::engine
