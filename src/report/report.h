// The report model: everything a writer needs, and nothing of how it was computed.
//
// The engine fills a Report; writers (text, json, ...) turn it into output. Writers see
// only these types, never the AST, the evaluator or pugixml, so every format reports the
// same facts in the same order.
#pragma once

#include <map>
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
};

struct PackInfo {
  std::string name;
  std::map<std::string, std::string> title;
  std::string version;
  std::string file;
  size_t rule_count = 0;
};

enum class Status { kFail, kError };  // a rule failed, or could not be evaluated

struct Finding {
  std::string rule_id;
  Severity severity = Severity::kError;
  Status status = Status::kFail;
  std::string message;
  std::string hint;
  std::string document;   // as given on the command line
  SourcePos pos;          // where in the document
  uint32_t width = 1;     // length of the highlighted name, in characters
  std::string node_path;  // e.g. /proposal/architecture/component[2]/@id
  std::string line_text;  // the document's source line at pos, for excerpts
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
};

struct DocumentReport {
  std::string path;
  Verdict verdict = Verdict::kNotChecked;
  Counts counts;
  size_t rules_applicable = 0;
  size_t rules_not_applicable = 0;
  size_t rules_passed = 0;
  std::vector<Finding> findings;  // sorted by line, column, rule id
  std::vector<Problem> problems;  // why the document could not be checked
};

struct Report {
  std::string tool_name = "konform";
  std::string tool_version;
  std::string language = "de";
  std::vector<PackInfo> packs;
  std::vector<RuleInfo> rules;            // sorted by id
  std::vector<DocumentReport> documents;  // in the order given (directories sorted)
  std::vector<Problem> diagnostics;       // problems not tied to one document (usage, I/O)
};

const char* VerdictName(Verdict verdict);  // "approvable", ...
const char* StatusName(Status status);     // "fail", "error"

// Verdict from counts: not approvable with error findings or evaluation errors,
// approvable with conditions with warnings, approvable otherwise.
Verdict VerdictFor(const Counts& counts);

}  // namespace konform::report
