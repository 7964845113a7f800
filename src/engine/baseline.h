// Re-review against an earlier report: `konform check --baseline previous.json` marks each
// finding new or unchanged, and lists what the revision fixed, by finding fingerprint.
#pragma once

#include <cstdint>
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

// Baselines are limited to 64 MiB, like documents by default: a JSON report with some 70,000
// findings. Reading and parsing one of that size takes about 1 s and 260 MB.
inline constexpr uint64_t kMaxBaselineBytes = uint64_t{64} << 20;

// Reads a JSON report written by `konform check --format json`; nullopt with a diagnostic if
// the file cannot be read as a document could not (K5001: missing, not a regular file such
// as a FIFO or /dev/zero, unreadable; K5003: larger than `max_bytes`, refused by its size
// before it is read) or is not such a report (K7001).
std::optional<Baseline> LoadBaseline(const std::string& path, DiagnosticSink& sink,
                                     uint64_t max_bytes = kMaxBaselineBytes);

// A baseline made from a report in memory (for `konform diff`); `document` replaces the
// document path of its entries, so that they match a renamed revision.
Baseline BaselineFromReport(const report::Report& report, const std::string& document);

// Sets every finding's baseline state, and adds the baseline's findings that are gone to the
// `fixed` list of the document they belonged to (matched by proposal id, else by path).
void ApplyBaseline(const Baseline& baseline, report::Report& report);

}  // namespace konform::engine
