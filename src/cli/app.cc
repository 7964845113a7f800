#include "cli/app.h"

#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "common/terminal_text.h"
#include "engine/baseline.h"
#include "engine/embedded_rules.h"
#include "engine/engine.h"
#include "engine/rule_tests.h"
#include "report/writer.h"

namespace konform::cli {
namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

const char* kUsage =
    "Usage: konform <command> [options] [arguments]\n"
    "\n"
    "Checks digital project proposals (XML) against rule packs.\n"
    "\n"
    "Commands:\n"
    "  check PATH...      check proposals (files, or directories searched for *.xml)\n"
    "  lint [FILE...]     compile rule files and report problems (default: the built-in packs)\n"
    "  rules              list the rules: id, severity, area, title\n"
    "  explain RULE-ID    show a rule: title, sources, rule text\n"
    "  test [PATH...]     run rule fixtures (default: tests/rules); --coverage: untested rules\n"
    "  diff OLD NEW       compare two revisions of a proposal: fixed, new, unchanged findings\n"
    "  profiles           list the stage profiles (self-check, board-review, ...)\n"
    "  init [FILE]        write an annotated proposal skeleton (format 1.0) to FILE or stdout\n"
    "\n"
    "Options:\n"
    "  -h, --help         show this help, or a command's help: konform check --help\n"
    "  --version          show the version\n"
    "\n"
    "Exit codes: 0 approvable, 1 not approvable, 2 could not check, 3 internal error.\n";

struct UsageError {
  std::string message;
};

// Options every command that loads rules understands.
po::options_description RuleOptions() {
  po::options_description options("Rule options");
  options.add_options()("rules", po::value<std::vector<std::string>>()->composing(),
                        "rule file or directory of *.rules (repeatable)")(
      "no-default-rules", po::bool_switch(), "do not load the built-in rule packs");
  return options;
}

po::options_description CheckOptions() {
  po::options_description options("Check options");
  // clang-format off
  options.add_options()
      ("format,f", po::value<std::string>()->default_value("text"),
       "output format: text | json | sarif | junit | svrl | html | md | github | gitlab")
      ("output,o", po::value<std::string>(), "write the report to FILE instead of stdout")
      ("report", po::value<std::vector<std::string>>()->composing(),
       "also write FORMAT=FILE (repeatable), e.g. --report sarif=konform.sarif")
      ("fail-on", po::value<std::string>()->default_value("error"),
       "exit 1 on findings at or above: error | warning | info | never")
      ("jobs,j", po::value<unsigned>()->default_value(0), "worker threads (0: one per core)")
      ("quiet,q", po::bool_switch(), "text: no excerpts and hints; no lines for approvable files")
      ("lang", po::value<std::string>()->default_value("de"), "language of messages: de | en")
      ("as-of", po::value<std::string>(),
       "evaluation date (YYYY-MM-DD); default: each proposal's submission date, else today")
      ("profile", po::value<std::string>(), "stage profile, e.g. self-check, board-review")
      ("waivers", po::value<std::string>(), "board waiver file (XML)")
      ("baseline", po::value<std::string>(), "earlier JSON report: mark findings new/unchanged")
      ("fail-on-new", po::bool_switch(), "with --baseline: only new findings fail the check")
      ("color", po::value<std::string>()->default_value("auto"), "auto | always | never")
      ("max-file-size", po::value<uint64_t>()->default_value(64u << 20),
       "largest document in bytes")
      ("max-depth", po::value<uint32_t>()->default_value(256), "deepest element nesting")
      ("max-attributes", po::value<uint32_t>()->default_value(256),
       "most attributes on one element")
      ("max-text", po::value<uint64_t>()->default_value(16u << 20),
       "longest text or attribute value in bytes");
  // clang-format on
  return options;
}

po::variables_map Parse(const std::vector<std::string>& args,
                        const po::options_description& options, const char* positional_name,
                        int positional_count) {
  po::options_description all;
  all.add(options);
  all.add_options()(positional_name, po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add(positional_name, positional_count);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError{e.what()};
  }
  return vm;
}

// Parses a command's arguments, adding --help; prints the help and returns nullopt when asked.
std::optional<po::variables_map> ParseCommand(const std::vector<std::string>& args,
                                              po::options_description& options,
                                              const char* positional, std::ostream& out) {
  options.add_options()("help,h", "show this help");
  po::variables_map vm = Parse(args, options, positional, -1);
  if (vm.count("help")) {
    out << options << "\n";
    return std::nullopt;
  }
  return vm;
}

// The --fail-on threshold; nullopt for "never".
std::optional<Severity> FailOn(const po::variables_map& vm) {
  std::string fail_on = vm["fail-on"].as<std::string>();
  std::optional<Severity> threshold = ParseSeverity(fail_on);
  if (!threshold && fail_on != "never") {
    throw UsageError{"--fail-on must be error, warning, info or never"};
  }
  return threshold;
}

std::vector<std::string> Strings(const po::variables_map& vm, const char* name) {
  if (!vm.count(name)) return {};
  return vm[name].as<std::vector<std::string>>();
}

engine::EngineOptions EngineOptionsFrom(const po::variables_map& vm) {
  engine::EngineOptions options;
  options.rule_paths = Strings(vm, "rules");
  options.default_rules = !vm["no-default-rules"].as<bool>();
  return options;
}

void PrintDiagnostics(const engine::Engine& engine, std::ostream& err, bool color) {
  for (const Diagnostic& d : engine.diagnostics()) {
    err << FormatDiagnostic(d, engine.sources(), color);
  }
}

bool UseColor(const std::string& mode, bool to_terminal) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  if (mode != "auto") throw UsageError{"--color must be auto, always or never"};
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return to_terminal && (no_color == nullptr || *no_color == '\0') &&
         !(term != nullptr && std::string(term) == "dumb");
}

// Loads the rules or prints why not; returns false on failure.
bool LoadRules(engine::Engine& engine, std::ostream& err) {
  bool ok = engine.LoadRules();
  PrintDiagnostics(engine, err, UseColor("auto", isatty(STDERR_FILENO)));
  if (!ok) err << "konform: the rule packs have errors; nothing was checked\n";
  return ok;
}

int RunCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options("konform check [options] PATH...");
  options.add(CheckOptions()).add(RuleOptions());
  std::optional<po::variables_map> parsed = ParseCommand(args, options, "input", out);
  if (!parsed) return kExitApprovable;
  const po::variables_map& vm = *parsed;
  std::vector<std::string> inputs = Strings(vm, "input");
  if (inputs.empty()) throw UsageError{"check needs at least one file or directory"};
  std::optional<report::Format> format = report::ParseFormat(vm["format"].as<std::string>());
  if (!format) throw UsageError{"unknown format '" + vm["format"].as<std::string>() + "'"};
  std::optional<Severity> threshold = FailOn(vm);
  std::string language = vm["lang"].as<std::string>();
  if (language != "de" && language != "en") throw UsageError{"--lang must be de or en"};

  engine::EngineOptions engine_options = EngineOptionsFrom(vm);
  engine_options.jobs = vm["jobs"].as<unsigned>();
  if (vm.count("profile")) engine_options.profile = vm["profile"].as<std::string>();
  if (vm.count("waivers")) engine_options.waivers_path = vm["waivers"].as<std::string>();
  if (vm.count("baseline")) engine_options.baseline_path = vm["baseline"].as<std::string>();
  const bool fail_on_new = vm["fail-on-new"].as<bool>();
  if (fail_on_new && !vm.count("baseline")) throw UsageError{"--fail-on-new needs --baseline"};
  engine_options.language = language;
  engine_options.limits.max_file_bytes = vm["max-file-size"].as<uint64_t>();
  engine_options.limits.structure.max_depth = vm["max-depth"].as<uint32_t>();
  engine_options.limits.structure.max_attributes = vm["max-attributes"].as<uint32_t>();
  engine_options.limits.structure.max_text_bytes = vm["max-text"].as<uint64_t>();
  if (vm.count("as-of")) {
    std::optional<Date> as_of = ParseIsoDate(vm["as-of"].as<std::string>());
    if (!as_of) throw UsageError{"--as-of needs a date YYYY-MM-DD"};
    engine_options.as_of = as_of;
  }

  std::string output_path = vm.count("output") ? vm["output"].as<std::string>() : "";
  // Additional reports: FORMAT=FILE, each written after the main output.
  std::vector<std::pair<report::Format, std::string>> extra_reports;
  for (const std::string& spec : Strings(vm, "report")) {
    size_t equals = spec.find('=');
    std::optional<report::Format> extra =
        equals == std::string::npos ? std::nullopt : report::ParseFormat(spec.substr(0, equals));
    if (!extra || equals + 1 >= spec.size()) {
      throw UsageError{"--report needs FORMAT=FILE, e.g. sarif=konform.sarif (got '" + spec + "')"};
    }
    extra_reports.emplace_back(*extra, spec.substr(equals + 1));
  }
  std::vector<std::string> output_files;
  if (!output_path.empty()) output_files.push_back(output_path);
  for (const auto& [extra_format, file] : extra_reports) output_files.push_back(file);
  for (const std::string& output_file : output_files) {
    // The report must never overwrite a document being checked.
    std::vector<std::string> protected_files = inputs;
    for (const char* option : {"waivers", "baseline"}) {
      if (vm.count(option)) protected_files.push_back(vm[option].as<std::string>());
    }
    for (const std::string& input : protected_files) {
      std::error_code error;
      if (fs::exists(output_file, error) && fs::equivalent(output_file, input, error)) {
        throw UsageError{"--output would overwrite the input " + input};
      }
    }
  }

  engine::Engine engine(std::move(engine_options));
  if (!LoadRules(engine, err)) return kExitCannotCheck;
  if (engine.rules().rules().empty()) {
    // Checking against nothing would pass every document silently.
    err << "konform: no rules to check against (--no-default-rules without --rules?)\n";
    return kExitCannotCheck;
  }
  report::Report report = engine.Check(inputs);

  report::WriteOptions write_options;
  write_options.quiet = vm["quiet"].as<bool>();
  std::ofstream file;
  std::ostream* sink = &out;
  if (!output_path.empty()) {
    file.open(output_path, std::ios::binary | std::ios::trunc);
    if (!file) {
      err << "konform: cannot write " << output_path << "\n";
      return kExitCannotCheck;
    }
    sink = &file;
  }
  write_options.color =
      UseColor(vm["color"].as<std::string>(), output_path.empty() && isatty(STDOUT_FILENO));
  report::Write(*format, report, write_options, *sink);
  sink->flush();
  if (!*sink) {
    err << "konform: writing the report failed\n";
    return kExitCannotCheck;
  }
  for (const auto& [extra_format, file_name] : extra_reports) {
    std::ofstream extra(file_name, std::ios::binary | std::ios::trunc);
    report::WriteOptions plain;
    if (extra) report::Write(extra_format, report, plain, extra);
    if (!extra || !extra.flush()) {
      err << "konform: cannot write " << file_name << "\n";
      return kExitCannotCheck;
    }
  }
  if (!output_path.empty() && *format != report::Format::kText) {
    // Keep a human-readable verdict on the terminal when the report goes to a file.
    report::WriteOptions brief;
    brief.quiet = true;
    brief.summary_only = write_options.quiet;
    report::Report summary = report;
    for (report::DocumentReport& doc : summary.documents) doc.findings.clear();
    report::WriteText(summary, brief, err);
  }

  bool cannot_check = false, failed = false;
  for (const report::Problem& problem : report.diagnostics) {
    if (problem.severity == "error") cannot_check = true;
  }
  for (const report::DocumentReport& doc : report.documents) {
    if (doc.verdict == report::Verdict::kNotChecked) cannot_check = true;
    if (!threshold) continue;
    for (const report::Finding& finding : doc.findings) {
      if (finding.waived()) continue;
      if (fail_on_new && finding.baseline != report::BaselineState::kNew) continue;
      if (finding.status == report::Status::kError || finding.severity <= *threshold) {
        failed = true;
      }
    }
  }
  if (cannot_check) return kExitCannotCheck;
  return failed ? kExitNotApprovable : kExitApprovable;
}

int RunLint(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options("konform lint [options] [RULE-FILE...]");
  options.add(RuleOptions());
  std::optional<po::variables_map> parsed = ParseCommand(args, options, "file", out);
  if (!parsed) return kExitApprovable;
  const po::variables_map& vm = *parsed;
  engine::EngineOptions engine_options = EngineOptionsFrom(vm);
  std::vector<std::string> files = Strings(vm, "file");
  if (!files.empty()) {
    // Linting named files: only those, unless --rules adds more.
    engine_options.default_rules = false;
    engine_options.rule_paths.insert(engine_options.rule_paths.end(), files.begin(), files.end());
  }
  engine::Engine engine(std::move(engine_options));
  bool ok = engine.LoadRules();
  PrintDiagnostics(engine, err, UseColor("auto", isatty(STDERR_FILENO)));
  if (!ok) {
    size_t errors = 0;
    for (const Diagnostic& d : engine.diagnostics()) errors += d.severity == DiagSeverity::kError;
    err << errors << (errors == 1 ? " error" : " errors") << "\n";
    return kExitCannotCheck;
  }
  out << "ok: " << engine.rules().rules().size() << " rules in " << engine.rules().files().size()
      << (engine.rules().files().size() == 1 ? " pack" : " packs") << "\n";
  return kExitApprovable;
}

int RunRules(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options("konform rules [options]");
  options.add(RuleOptions());
  // clang-format off
  options.add_options()
      ("format,f", po::value<std::string>()->default_value("text"), "text | md | json")
      ("lang", po::value<std::string>()->default_value("de"), "language of titles: de | en");
  // clang-format on
  std::optional<po::variables_map> parsed = ParseCommand(args, options, "unused", out);
  if (!parsed) return kExitApprovable;
  const po::variables_map& vm = *parsed;
  if (vm.count("unused")) throw UsageError{"rules takes no arguments"};
  std::string format = vm["format"].as<std::string>();
  std::string language = vm["lang"].as<std::string>();
  if (format != "text" && format != "md" && format != "json") {
    throw UsageError{"unknown format '" + format + "'"};
  }
  engine::EngineOptions engine_options = EngineOptionsFrom(vm);
  engine_options.language = language;
  engine::Engine engine(std::move(engine_options));
  if (!LoadRules(engine, err)) return kExitCannotCheck;
  report::Report report = engine.NewReport();
  if (format == "json") {
    report::WriteJson(report, out);
    return kExitApprovable;
  }
  auto title_of = [&](const report::RuleInfo& rule) {
    auto it = rule.title.find(language);
    return it != rule.title.end() ? it->second : rule.title.at("de");
  };
  if (format == "md") {
    out << "| ID | Schweregrad | Bereich | Titel | Quelle |\n|---|---|---|---|---|\n";
    for (const report::RuleInfo& rule : report.rules) {
      std::string sources;
      for (const std::string& source : rule.sources) {
        sources += (sources.empty() ? "" : "; ") + source;
      }
      auto cell = [](std::string text) {
        for (size_t at = text.find('|'); at != std::string::npos; at = text.find('|', at + 2)) {
          text.replace(at, 1, "\\|");
        }
        return text;
      };
      out << "| " << TerminalText(rule.id) << " | " << SeverityName(rule.severity) << " | "
          << TerminalText(rule.area) << " | " << cell(TerminalText(title_of(rule))) << " | "
          << cell(TerminalText(sources)) << " |\n";
    }
    return kExitApprovable;
  }
  size_t id_width = 2, area_width = 4;
  for (const report::RuleInfo& rule : report.rules) {
    id_width = std::max(id_width, rule.id.size());
    area_width = std::max(area_width, rule.area.size());
  }
  // Rule files may come from anywhere (--rules): their texts reach the terminal escaped.
  for (const report::RuleInfo& rule : report.rules) {
    std::string severity = SeverityName(rule.severity);
    out << TerminalText(rule.id) << std::string(id_width - rule.id.size() + 2, ' ') << severity
        << std::string(9 - severity.size(), ' ') << TerminalText(rule.area)
        << std::string(area_width - rule.area.size() + 2, ' ') << TerminalText(title_of(rule))
        << "\n";
  }
  return kExitApprovable;
}

int RunExplain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options("konform explain [options] RULE-ID");
  options.add(RuleOptions());
  std::optional<po::variables_map> parsed = ParseCommand(args, options, "id", out);
  if (!parsed) return kExitApprovable;
  const po::variables_map& vm = *parsed;
  std::vector<std::string> ids = Strings(vm, "id");
  if (ids.size() != 1) throw UsageError{"explain needs exactly one rule id"};
  engine::Engine engine(EngineOptionsFrom(vm));
  if (!LoadRules(engine, err)) return kExitCannotCheck;
  const eval::CompiledRule* rule = engine.rules().Find(ids[0]);
  if (rule == nullptr) {
    err << "konform: no rule '" << ids[0] << "' (konform rules lists them)\n";
    return kExitCannotCheck;
  }
  const lang::RuleDecl& decl = *rule->decl;
  // Rule files may come from anywhere (--rules): their texts reach the terminal escaped.
  out << TerminalText(decl.id) << " — " << TerminalText(decl.title.at("de")) << "\n";
  for (const auto& [lang, title] : decl.title) {
    if (lang != "de") out << "  (" << TerminalText(lang) << ") " << TerminalText(title) << "\n";
  }
  out << "\n  Schweregrad: " << SeverityName(rule->severity) << "\n";
  out << "  Bereich:     " << TerminalText(rule->area) << "\n";
  out << "  Paket:       " << TerminalText(rule->pack) << " ("
      << TerminalText(engine.sources().Get(decl.span.file).path()) << ":" << decl.span.begin.line
      << ")\n";
  if (decl.non_waivable)
    out << "  Ausnahme:    nicht möglich (gesetzliche Pflicht, non-waivable)\n";
  if (decl.effective_from || decl.effective_until) {
    out << "  Gültig:      " << (decl.effective_from ? FormatIsoDate(*decl.effective_from) : "")
        << " bis " << (decl.effective_until ? FormatIsoDate(*decl.effective_until) : "") << "\n";
  }
  out << "  Quellen:\n";
  for (const std::string& source : decl.sources) out << "    - " << TerminalText(source) << "\n";
  out << "\n  Regeltext:\n";
  std::istringstream text(decl.text);
  for (std::string line; std::getline(text, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // a rule file with CRLF
    out << "    " << TerminalText(line) << "\n";
  }
  return kExitApprovable;
}

int RunTest(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options("konform test [options] [FIXTURE-FILE-OR-DIR...]");
  options.add(RuleOptions());
  options.add_options()("coverage", po::bool_switch(),
                        "list rules that no fixture makes fail or pass; fail if there are any");
  std::optional<po::variables_map> parsed = ParseCommand(args, options, "path", out);
  if (!parsed) return kExitApprovable;
  const po::variables_map& vm = *parsed;
  std::vector<std::string> paths = Strings(vm, "path");
  if (paths.empty()) paths.push_back("tests/rules");
  engine::Engine engine(EngineOptionsFrom(vm));
  if (!LoadRules(engine, err)) return kExitCannotCheck;
  engine::RuleTestRun run = engine::RunRuleTests(engine, paths);
  // Failures quote file names and document values: no control characters to the terminal.
  if (run.fixtures.empty()) {
    for (const std::string& failure : run.failures) err << TerminalText(failure) << "\n";
    err << "konform: no fixtures (*.xml) found\n";
    return kExitCannotCheck;
  }
  for (const std::string& failure : run.failures) out << TerminalText(failure) << "\n";
  bool uncovered = false;
  if (vm["coverage"].as<bool>()) {
    std::vector<std::string> never_fail, never_pass;
    for (const eval::CompiledRule& rule : engine.rules().rules()) {
      if (!run.proven_failing.count(rule.decl->id)) never_fail.push_back(rule.decl->id);
      if (!run.proven_passing.count(rule.decl->id)) never_pass.push_back(rule.decl->id);
    }
    auto list = [&](const char* what, const std::vector<std::string>& ids) {
      out << "coverage: " << ids.size() << " rule" << (ids.size() == 1 ? "" : "s") << " " << what;
      for (size_t i = 0; i < ids.size(); ++i) out << (i ? ", " : ": ") << ids[i];
      out << "\n";
    };
    list("without a fixture that makes it fail", never_fail);
    list("without a fixture where it passes", never_pass);
    uncovered = !never_fail.empty() || !never_pass.empty();
  }
  out << run.fixtures.size() << " fixtures";
  if (run.unreadable != 0) out << " (" << run.unreadable << " could not be read)";
  out << "\n" << run.passed << " passed, " << run.failed << " failed\n";
  // Like `konform check`: input that could not be read means the run could not test.
  if (run.unreadable != 0) return kExitCannotCheck;
  return run.failed != 0 || uncovered ? kExitNotApprovable : kExitApprovable;
}

int RunInit(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options("konform init [options] [FILE]");
  options.add_options()("force", po::bool_switch(), "overwrite FILE if it exists");
  std::optional<po::variables_map> parsed = ParseCommand(args, options, "file", out);
  if (!parsed) return kExitApprovable;
  const po::variables_map& vm = *parsed;
  std::vector<std::string> files = Strings(vm, "file");
  if (files.size() > 1) throw UsageError{"init takes at most one file"};
  if (files.empty()) {
    out << EmbeddedSkeleton();
    return kExitApprovable;
  }
  std::error_code error;
  if (fs::exists(files[0], error) && !vm["force"].as<bool>()) {
    err << "konform: " << files[0] << " exists; use --force to overwrite it\n";
    return kExitCannotCheck;
  }
  std::ofstream file(files[0], std::ios::binary | std::ios::trunc);
  file << EmbeddedSkeleton();
  if (!file.flush()) {
    err << "konform: cannot write " << files[0] << "\n";
    return kExitCannotCheck;
  }
  err << "konform: wrote " << files[0] << " (fill in the placeholders, then: konform check "
      << files[0] << ")\n";
  return kExitApprovable;
}

int RunProfiles(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options("konform profiles [options]");
  options.add(RuleOptions());
  std::optional<po::variables_map> parsed = ParseCommand(args, options, "unused", out);
  if (!parsed) return kExitApprovable;
  const po::variables_map& vm = *parsed;
  if (vm.count("unused")) throw UsageError{"profiles takes no arguments"};
  engine::Engine engine(EngineOptionsFrom(vm));
  if (!LoadRules(engine, err)) return kExitCannotCheck;
  const eval::RuleSet& rules = engine.rules();
  if (rules.profiles().empty()) out << "(no profiles)\n";
  for (const eval::Profile& profile : rules.profiles()) {
    size_t active = 0, changed = 0;
    for (size_t i = 0; i < rules.rules().size(); ++i) {
      active += profile.active[i];
      changed += profile.active[i] && profile.severity[i] != rules.rules()[i].severity;
    }
    auto title = profile.title.find("de");
    out << profile.name << "  " << (title != profile.title.end() ? title->second : "") << " ("
        << active << " of " << rules.rules().size() << " rules active, " << changed
        << " with changed severity)\n";
  }
  return kExitApprovable;
}

int RunDiff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  po::options_description options("konform diff [options] OLD.xml NEW.xml");
  options.add(RuleOptions());
  // clang-format off
  options.add_options()
      ("format,f", po::value<std::string>()->default_value("text"), "text | json")
      ("fail-on", po::value<std::string>()->default_value("error"),
       "exit 1 when the revision adds findings at or above: error | warning | info | never")
      ("profile", po::value<std::string>(), "stage profile")
      ("as-of", po::value<std::string>(), "evaluation date (YYYY-MM-DD)")
      ("lang", po::value<std::string>()->default_value("de"), "de | en")
      ("color", po::value<std::string>()->default_value("auto"), "auto | always | never");
  // clang-format on
  std::optional<po::variables_map> parsed = ParseCommand(args, options, "file", out);
  if (!parsed) return kExitApprovable;
  const po::variables_map& vm = *parsed;
  std::vector<std::string> files = Strings(vm, "file");
  if (files.size() != 2) throw UsageError{"diff needs exactly two files: OLD NEW"};
  std::optional<report::Format> format = report::ParseFormat(vm["format"].as<std::string>());
  if (!format) throw UsageError{"unknown format '" + vm["format"].as<std::string>() + "'"};
  std::optional<Severity> threshold = FailOn(vm);
  engine::EngineOptions engine_options = EngineOptionsFrom(vm);
  engine_options.language = vm["lang"].as<std::string>();
  if (vm.count("profile")) engine_options.profile = vm["profile"].as<std::string>();
  if (vm.count("as-of")) {
    engine_options.as_of = ParseIsoDate(vm["as-of"].as<std::string>());
    if (!engine_options.as_of) throw UsageError{"--as-of needs a date YYYY-MM-DD"};
  }
  engine::Engine engine(std::move(engine_options));
  if (!LoadRules(engine, err)) return kExitCannotCheck;
  report::Report before = engine.Check({files[0]});
  report::Report after = engine.Check({files[1]});
  for (const report::Report* r : {&before, &after}) {
    if (r->documents.empty() || r->documents[0].verdict == report::Verdict::kNotChecked) {
      report::WriteText(*r, report::WriteOptions{}, err);
      return kExitCannotCheck;
    }
  }
  engine::ApplyBaseline(engine::BaselineFromReport(before, files[1]), after);
  const report::DocumentReport& doc = after.documents[0];
  size_t added = 0, kept = 0;
  bool failed = false;
  for (const report::Finding& f : doc.findings) {
    if (f.baseline == report::BaselineState::kNew) {
      ++added;
      if (threshold && !f.waived() && f.severity <= *threshold) failed = true;
    } else {
      ++kept;
    }
  }
  if (*format == report::Format::kText) {
    bool english = after.language == "en";
    out << (english ? "Comparing " : "Vergleich ") << files[0] << " -> " << files[1] << ": "
        << doc.fixed.size() << (english ? " fixed, " : " behoben, ") << added
        << (english ? " new, " : " neu, ") << kept << (english ? " unchanged" : " unverändert")
        << "\n";
    out << files[0] << ": " << report::VerdictText(before.documents[0].verdict, after.language)
        << " -> " << files[1] << ": " << report::VerdictText(doc.verdict, after.language) << "\n\n";
    report::WriteOptions write_options;
    write_options.color = UseColor(vm["color"].as<std::string>(), isatty(STDOUT_FILENO));
    report::WriteText(after, write_options, out);
  } else {
    report::Write(*format, after, report::WriteOptions{}, out);
  }
  return failed ? kExitNotApprovable : kExitApprovable;
}

}  // namespace

int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    err << kUsage;
    return kExitCannotCheck;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help") {
    out << kUsage;
    return kExitApprovable;
  }
  if (command == "--version") {
    out << "konform " << engine::Version() << "\n";
    return kExitApprovable;
  }
  static const std::map<std::string,
                        int (*)(const std::vector<std::string>&, std::ostream&, std::ostream&)>
      kCommands = {{"check", RunCheck},     {"lint", RunLint}, {"rules", RunRules},
                   {"explain", RunExplain}, {"diff", RunDiff}, {"profiles", RunProfiles},
                   {"test", RunTest},       {"init", RunInit}};
  auto it = kCommands.find(command);
  if (it == kCommands.end()) {
    err << "konform: unknown command '" << command << "'\n\n" << kUsage;
    return kExitCannotCheck;
  }
  try {
    return it->second(args, out, err);
  } catch (const UsageError& e) {
    err << "konform " << command << ": " << e.message << " (see konform " << command
        << " --help)\n";
    return kExitCannotCheck;
  }
}

}  // namespace konform::cli
