// Board waivers: exceptions a governance board grants, kept in a waiver file outside the
// proposals (format: docs/waivers.md, schema/waivers.xsd).
//
// A waiver covers the findings of one rule in one proposal (optionally only below a node
// path) until it expires. A waived finding is still reported, marked with the waiver, and no
// longer blocks approval. Waivers for non-waivable rules are rejected; expired waivers,
// waivers for unknown rules and waivers that match nothing are reported as warnings, so the
// board's file stays clean.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/diagnostic.h"
#include "eval/program.h"
#include "report/report.h"
#include "xml/document.h"

namespace konform::engine {

struct Waiver {
  std::string id;
  std::string rule_id;
  std::string proposal_id;
  std::string path;  // empty: the whole proposal
  std::string justification;
  std::string conditions;
  std::string decision;
  std::string approved_by;
  Date granted;
  Date expires;  // last day on which the waiver applies
  SourcePos pos;
};

struct WaiverFile {
  std::string path;
  std::string sha256;
  std::vector<Waiver> waivers;
};

// Reads and validates a waiver file; nullopt (with diagnostics) if it is malformed.
std::optional<WaiverFile> LoadWaiverFile(const std::string& path, const xml::LoadLimits& limits,
                                         DiagnosticSink& sink);

// Whether a waiver path covers a finding: equal to, or an ancestor of, its stable or plain
// node path.
bool WaiverPathCovers(const std::string& waiver_path, const report::Finding& finding);

// Marks the findings of every document that a valid waiver covers, and reports waiver
// problems (K61xx warnings) into `problems`.
void ApplyWaivers(const WaiverFile& file, const eval::RuleSet& rules, report::Report& report,
                  std::vector<Diagnostic>& problems);

}  // namespace konform::engine
