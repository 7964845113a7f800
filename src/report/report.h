// The report model: everything a writer needs, and nothing of how it was computed.
//
// The engine fills a Report; writers (text, json, ...) turn it into output. Writers see
// only these types, never the AST, the evaluator or pugixml, so every format reports the
// same facts in the same order.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/severity.h"
#include "common/source.h"

namespace konform::report {

struct RuleInfo {
  std::string id;
  std::map<std::string, std::string> title;  // language → title
  Severity severity = Severity::kError;
  std::string area;
  std::string pack;
  std::vector<std::string> sources;
  std::string file;  // rule file and position of the definition
  SourcePos pos;
  // language → message and hint as written in the rule, `{...}` placeholders included
  std::map<std::string, std::string> message;
  std::map<std::string, std::string> hint;
  bool non_waivable = false;
  std::string effective_from;   // YYYY-MM-DD or empty
  std::string effective_until;  // YYYY-MM-DD or empty
};

struct PackInfo {
  std::string name;
  std::map<std::string, std::string> title;
  std::string version;
  std::string file;
  size_t rule_count = 0;
};

enum class Status { kFail, kError };  // a rule failed, or could not be evaluated

// A waiver attached to a finding: granted by the board (it no longer blocks approval) or
// only requested in the proposal (it changes nothing until the board grants it).
struct WaiverMark {
  enum class State { kGranted, kRequested } state = State::kGranted;
  std::string id;  // board waiver id; empty for requests
  std::string justification;
  std::string decision;  // e.g. the board resolution number
  std::string approved_by;
  std::string granted;  // YYYY-MM-DD
  std::string expires;  // YYYY-MM-DD or empty
  std::string file;     // where the waiver is written, and its position
  SourcePos pos;
  std::string conditions;  // conditions the board attached, if any
};

// Against a baseline (`--baseline`): whether a finding is new, was there before, or is gone.
enum class BaselineState { kNone, kNew, kUnchanged, kAbsent };

struct Finding {
  std::string rule_id;
  Severity severity = Severity::kError;
  Status status = Status::kFail;
  std::string message;
  std::string hint;
  std::string document;     // as given on the command line
  SourcePos pos;            // where in the document
  uint32_t width = 1;       // length of the highlighted name, in characters
  std::string node_path;    // e.g. /proposal/architecture/component[2]/@id
  std::string line_text;    // the document's source line at pos, for excerpts (see below)
  std::string stable_path;  // e.g. /proposal/architecture/component[@id='portal']/@id
  std::string fingerprint;  // from rule, proposal id and stable path: survives reformatting
  std::optional<WaiverMark> waiver;
  BaselineState baseline = BaselineState::kNone;
  // Of a long line only the part around pos is kept (a document written on one line must
  // not be copied once per finding): then line_cut is set and excerpt_column is the column at
  // which line_text starts.
  bool line_cut = false;
  uint32_t excerpt_column = 1;

  bool waived() const { return waiver && waiver->state == WaiverMark::State::kGranted; }
};

// A diagnostic flattened for writers: where, what, and the compiler-style text with excerpt.
struct Problem {
  std::string code;
  std::string severity;  // "error", "warning", "note"
  std::string file;
  SourcePos pos;
  std::string message;
  std::string rendered;  // full text as printed by the text writer (with excerpt)
};

enum class Verdict { kApprovable, kApprovableWithConditions, kNotApprovable, kNotChecked };

struct Counts {
  size_t errors = 0;  // failed rules of severity error
  size_t warnings = 0;
  size_t infos = 0;
  size_t evaluation_errors = 0;  // rules that could not be evaluated
  size_t waived = 0;             // findings covered by a board waiver (not counted above)
  size_t requested = 0;          // findings with a waiver requested in the proposal
};

struct DocumentReport {
  std::string path;
  std::string proposal_id;  // metadata/@id, if the document has one
  std::string as_of;        // evaluation date used, YYYY-MM-DD
  std::string sha256;       // of the file as read
  Verdict verdict = Verdict::kNotChecked;
  Counts counts;
  size_t rules_applicable = 0;
  size_t rules_not_applicable = 0;
  size_t rules_passed = 0;
  std::vector<Finding> findings;  // sorted by line, column, rule id
  std::vector<Finding> fixed;     // in the baseline but no longer found
  std::vector<Problem> problems;  // why the document could not be checked
};

// What was used to reach the verdicts, so that a decision can be reproduced later.
struct Evidence {
  std::string kind;  // "rule-pack" or "waivers" ("document" hashes are on each document)
  std::string name;
  std::string version;
  std::string file;
  std::string sha256;
};

struct Report {
  std::string tool_name = "konform";
  std::string tool_version;
  std::string language = "de";
  std::vector<PackInfo> packs;
  std::vector<RuleInfo> rules;            // sorted by id
  std::vector<DocumentReport> documents;  // in the order given (directories sorted)
  std::vector<Problem> diagnostics;       // problems not tied to one document (usage, I/O)
  std::string profile;                    // active stage profile, empty for all rules
  std::string as_of;                      // --as-of if given; else per document
  std::vector<Evidence> evidence;         // rule packs and waiver file with their hashes
  bool baseline = false;                  // findings carry baseline states
};

const char* VerdictName(Verdict verdict);            // "approvable", ...
const char* StatusName(Status status);               // "fail", "error"
const char* BaselineStateName(BaselineState state);  // "new", "unchanged", "absent", ""

// Verdict from counts: not approvable with (unwaived) error findings or evaluation errors,
// approvable with conditions with warnings or waived findings, approvable otherwise.
Verdict VerdictFor(const Counts& counts);

}  // namespace konform::report
