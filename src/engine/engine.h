// The whole pipeline behind one API, shared by the command line and the end-to-end tests:
//
//   rule files ─► lang::ParseRuleFile ─► check::Check ─► eval::Compile ─► RuleSet
//   documents  ─► xml::Document::Load ─► eval::Evaluator (one per worker thread) ─► Report
//
// Rules are compiled once per Engine; each document is read and parsed once; documents are
// checked in parallel. The Engine never prints; it returns data for report writers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/diagnostic.h"
#include "eval/evaluator.h"
#include "eval/program.h"
#include "lang/parser.h"
#include "report/report.h"
#include "xml/document.h"

namespace konform::engine {

struct EngineOptions {
  std::vector<std::string> rule_paths;  // files or directories of *.rules
  bool default_rules = true;            // the packs embedded in the binary
  xml::LoadLimits limits;
  lang::ParseOptions parse;
  unsigned jobs = 0;          // worker threads; 0 = one per core
  std::optional<Date> as_of;  // evaluation date; default: submission date, else today
  std::string language = "de";
  std::string profile;        // stage profile; empty: all rules, own severities
  std::string waivers_path;   // board waiver file, if any
  std::string baseline_path;  // earlier JSON report to compare with, if any
};

class Engine {
 public:
  explicit Engine(EngineOptions options) : options_(std::move(options)) {}

  // Loads, checks and compiles the rule packs. False when any rule file has problems; they
  // are in diagnostics(). May be called once.
  bool LoadRules();

  const eval::RuleSet& rules() const { return *rule_set_; }
  // The selected profile, or null for all rules.
  const eval::Profile* profile() const { return profile_; }
  // Whether rule `index` (RuleSet order) is active, and its severity, under the profile.
  bool IsActive(size_t index) const { return !profile_ || profile_->active[index]; }
  Severity SeverityOf(size_t index) const;
  const SourceManager& sources() const { return sources_; }
  // Problems found while loading rules, sorted.
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

  // A report with the tool, pack and rule information, and no documents.
  report::Report NewReport() const;

  // Checks files and directories (searched recursively for *.xml, sorted) with the loaded
  // rules. Inputs that cannot be read or parsed appear as documents that were not checked.
  report::Report Check(const std::vector<std::string>& inputs) const;

  // Checks one document (no waivers or baseline), with `as_of` replacing the evaluation date
  // if given.
  report::DocumentReport CheckFile(const std::string& path,
                                   std::optional<Date> as_of = std::nullopt) const;

  // Flattens a diagnostic about a rule file for report writers.
  report::Problem ToProblem(const Diagnostic& diagnostic) const;

 private:
  bool LoadRuleFile(const std::string& path, std::string text, std::vector<lang::RuleFile>& out,
                    DiagnosticSink& sink);
  report::DocumentReport CheckDocument(const std::string& path, eval::Evaluator& evaluator,
                                       std::optional<Date> as_of) const;
  // Counts and verdict from the findings, after waivers have been applied.
  static void Recount(report::DocumentReport& doc);

  EngineOptions options_;
  SourceManager sources_;
  std::optional<eval::RuleSet> rule_set_;
  const eval::Profile* profile_ = nullptr;
  std::vector<Diagnostic> diagnostics_;
};

// konform's version, e.g. "0.1.0".
const char* Version();

}  // namespace konform::engine
