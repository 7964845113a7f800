#include "engine/engine.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <tuple>

#include "check/checker.h"
#include "common/file_reader.h"
#include "common/sha256.h"
#include "engine/baseline.h"
#include "engine/embedded_rules.h"
#include "engine/proposal_facts.h"
#include "engine/waivers.h"
#include "eval/evaluator.h"
#include "lang/ast_printer.h"
#include "lang/ast_serialize.h"

#ifndef KONFORM_VERSION
#define KONFORM_VERSION "0.0.0"
#endif

namespace konform::engine {
namespace {

namespace fs = std::filesystem;

bool HasExtension(const fs::path& path, const char* extension) {
  return path.extension() == extension;
}

// Rule files of a path: the file itself, or the *.rules files of a directory, sorted.
std::vector<std::string> RuleFilesOf(const std::string& path, DiagnosticSink& sink) {
  std::error_code error;
  if (!fs::is_directory(path, error)) return {path};
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(path, error)) {
    if (entry.is_regular_file(error) && HasExtension(entry.path(), ".rules")) {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    Diagnostic d;
    d.code = "K5002";
    d.file = path;
    d.message = "directory contains no *.rules files";
    sink.Report(std::move(d));
  }
  return files;
}

report::Problem Flatten(const Diagnostic& d, const std::string& file, SourcePos pos,
                        std::string rendered) {
  report::Problem p;
  p.code = d.code;
  p.severity = DiagSeverityName(d.severity);
  p.file = file;
  p.pos = pos;
  p.message = d.message;
  p.rendered = std::move(rendered);
  return p;
}

// A message or hint as its author wrote it, with `{...}` where values are filled in.
std::string TemplateText(const lang::Template& tmpl) {
  std::string out;
  for (const lang::Template::Part& part : tmpl.parts) {
    out += part.expr ? "{" + lang::DumpExpr(*part.expr) + "}" : part.text;
  }
  return out;
}

}  // namespace

const char* Version() { return KONFORM_VERSION; }

bool Engine::LoadRuleFile(const std::string& path, std::string text,
                          std::vector<lang::RuleFile>& out, DiagnosticSink& sink) {
  uint32_t id = sources_.Add(SourceFile(path, std::move(text)));
  std::optional<lang::RuleFile> file = lang::ParseRuleFile(sources_, id, sink, options_.parse);
  if (!file) return false;
  out.push_back(std::move(*file));
  return true;
}

bool Engine::LoadRules() {
  DiagnosticSink sink;
  std::vector<lang::RuleFile> files;
  if (options_.default_rules) {
    for (const EmbeddedRulePack& pack : EmbeddedRulePacks()) {
      // Parsed at build time (tools/precompile_packs): loading the AST skips the ANTLR parser,
      // most of the startup time. Parsing is the fallback for a blob this build cannot read.
      uint32_t id = sources_.Add(SourceFile(pack.path, std::string(pack.text)));
      std::optional<lang::RuleFile> file = lang::DeserializeRuleFile(pack.ast, id);
      if (!file) file = lang::ParseRuleFile(sources_, id, sink, options_.parse);
      if (file) files.push_back(std::move(*file));
    }
  }
  for (const std::string& rule_path : options_.rule_paths) {
    for (const std::string& path : RuleFilesOf(rule_path, sink)) {
      // The same guarded reader as for documents (no FIFOs or devices, size checked first);
      // a rule file over the limit keeps its own code.
      DiagnosticSink read_sink;
      std::optional<std::string> text =
          ReadBoundedFile(path, options_.parse.max_file_bytes, read_sink);
      for (Diagnostic d : read_sink.diagnostics()) {
        if (d.code == "K5003") {
          d.code = "K1002";
          d.message = "rule " + d.message;
        }
        sink.Report(std::move(d));
      }
      if (text) LoadRuleFile(path, std::move(*text), files, sink);
    }
  }
  // Check what parsed even after errors elsewhere, to report as much as possible at once.
  bool clean = !sink.has_errors();
  std::optional<check::CheckedRules> checked = check::Check(std::move(files), sink);
  if (checked && clean) rule_set_ = eval::Compile(std::move(*checked));
  if (rule_set_ && !options_.profile.empty()) {
    profile_ = rule_set_->FindProfile(options_.profile);
    if (profile_ == nullptr) {
      std::string known;
      for (const eval::Profile& p : rule_set_->profiles())
        known += (known.empty() ? "" : ", ") + p.name;
      Diagnostic d;
      d.code = "K5004";
      d.message = "unknown profile '" + options_.profile + "'" +
                  (known.empty() ? " (the rule packs define none)" : " (known: " + known + ")");
      sink.Report(std::move(d));
    }
  }
  bool ok = !sink.has_errors() && rule_set_.has_value();
  diagnostics_ = sink.TakeSorted(sources_);
  return ok;
}

report::Problem Engine::ToProblem(const Diagnostic& d) const {
  std::string file = d.file;
  SourcePos pos = d.pos;
  if (d.span.valid() && d.span.file <= sources_.size()) {
    file = sources_.Get(d.span.file).path();
    pos = d.span.begin;
  }
  return Flatten(d, file, pos, FormatDiagnostic(d, sources_, false));
}

Severity Engine::SeverityOf(size_t index) const {
  return profile_ ? profile_->severity[index] : rule_set_->rules()[index].severity;
}

report::Report Engine::NewReport() const {
  report::Report out;
  out.tool_version = Version();
  out.language = options_.language;
  out.profile = options_.profile;
  if (options_.as_of) out.as_of = FormatIsoDate(*options_.as_of);
  if (!rule_set_) return out;
  for (size_t f = 0; f < rule_set_->files().size(); ++f) {
    const lang::RuleFile& file = rule_set_->files()[f].ast;
    report::PackInfo pack;
    pack.name = file.pack.name;
    pack.title = file.pack.title;
    pack.version = file.pack.version;
    pack.file = sources_.Get(file.file).path();
    pack.rule_count = file.rules.size();
    report::Evidence evidence;
    evidence.kind = "rule-pack";
    evidence.name = pack.name;
    evidence.version = pack.version;
    evidence.file = pack.file;
    evidence.sha256 = Sha256Hex(sources_.Get(file.file).text());
    out.evidence.push_back(std::move(evidence));
    out.packs.push_back(std::move(pack));
  }
  for (size_t i = 0; i < rule_set_->rules().size(); ++i) {
    if (!IsActive(i)) continue;
    const eval::CompiledRule& rule = rule_set_->rules()[i];
    report::RuleInfo info;
    info.id = rule.decl->id;
    info.title = rule.decl->title;
    info.severity = SeverityOf(i);
    info.area = rule.area;
    info.pack = rule.pack;
    info.sources = rule.decl->sources;
    info.file = sources_.Get(rule.decl->span.file).path();
    info.pos = rule.decl->span.begin;
    for (const auto& [lang, tmpl] : rule.decl->message) info.message[lang] = TemplateText(tmpl);
    for (const auto& [lang, tmpl] : rule.decl->hint) info.hint[lang] = TemplateText(tmpl);
    info.non_waivable = rule.decl->non_waivable;
    if (rule.decl->effective_from) info.effective_from = FormatIsoDate(*rule.decl->effective_from);
    if (rule.decl->effective_until) {
      info.effective_until = FormatIsoDate(*rule.decl->effective_until);
    }
    out.rules.push_back(std::move(info));
  }
  return out;
}

namespace {

// Copies the finding's source line, or of a long line the part around the finding: enough
// context for every writer's excerpt (they cut at 100 characters) without copying a
// megabyte-long line once per finding.
void SetExcerpt(std::string_view line, report::Finding& f) {
  constexpr size_t kWholeLine = 512;  // bytes
  constexpr uint32_t kContext = 160;  // characters on each side
  if (line.size() <= kWholeLine) {
    f.line_text = std::string(line);
    return;
  }
  const uint32_t first_column = f.pos.column > kContext ? f.pos.column - kContext : 1;
  const uint32_t last_column = f.pos.column + f.width + kContext;  // exclusive
  size_t begin = line.size(), end = line.size();
  uint32_t column = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;  // continuation byte
    ++column;
    if (column == first_column) begin = i;
    if (column == last_column) {
      end = i;
      break;
    }
  }
  if (begin > end) begin = end;
  f.line_text = std::string(line.substr(begin, end - begin));
  f.line_cut = true;
  f.excerpt_column = first_column;
}

}  // namespace

report::DocumentReport Engine::CheckFile(const std::string& path, std::optional<Date> as_of) const {
  eval::Evaluator evaluator(*rule_set_);
  return CheckDocument(path, evaluator, as_of ? as_of : options_.as_of);
}

report::DocumentReport Engine::CheckDocument(const std::string& path, eval::Evaluator& evaluator,
                                             std::optional<Date> as_of) const {
  report::DocumentReport out;
  out.path = path;
  DiagnosticSink sink;
  std::unique_ptr<xml::Document> doc = xml::Document::Load(path, options_.limits, sink);
  if (!doc) {
    for (const Diagnostic& d : sink.diagnostics()) {
      std::string rendered =
          FormatLocation(d, sources_) + ": error[" + d.code + "]: " + d.message + "\n" + d.snippet;
      out.problems.push_back(Flatten(d, d.file, d.pos, std::move(rendered)));
    }
    out.verdict = report::Verdict::kNotChecked;
    return out;
  }
  out.sha256 = Sha256Hex(doc->source().text());
  ProposalFacts facts = ReadProposalFacts(*doc);
  out.proposal_id = facts.id;
  // An old proposal is judged by the rules in force when it was submitted.
  Date date = as_of ? *as_of : facts.submission_date.value_or(Today());
  out.as_of = FormatIsoDate(date);
  eval::EvalOptions eval_options;
  eval_options.today = date;
  eval_options.language = options_.language;
  if (profile_ != nullptr) eval_options.active = &profile_->active;
  eval::DocumentResult result = evaluator.Evaluate(*doc, eval_options);
  for (const eval::RuleSummary& summary : result.rules) {
    if (!summary.active) continue;
    if (summary.outcome == eval::Outcome::kNotApplicable) {
      ++out.rules_not_applicable;
      continue;
    }
    ++out.rules_applicable;
    if (summary.outcome == eval::Outcome::kPass) ++out.rules_passed;
  }
  for (const eval::RuleFinding& rf : result.findings) {
    report::Finding f;
    f.rule_id = rf.rule->decl->id;
    f.severity = SeverityOf(static_cast<size_t>(rf.rule - rule_set_->rules().data()));
    f.status = rf.outcome == eval::Outcome::kError ? report::Status::kError : report::Status::kFail;
    f.message = rf.message;
    f.hint = rf.hint;
    f.document = path;
    xml::NodeRef node = rf.node;
    if (!node.node) node = xml::NodeRef{doc->root(), {}};
    f.pos = doc->PosOf(node);
    f.width = doc->NameWidth(node);
    f.node_path = doc->PathOf(node);
    SetExcerpt(doc->source().LineText(f.pos.line), f);
    f.stable_path = doc->StablePathOf(node);
    // Content, not line numbers: the same problem keeps its fingerprint across revisions.
    f.fingerprint =
        Sha256Hex(f.rule_id + '\n' + (facts.id.empty() ? path : facts.id) + '\n' + f.stable_path)
            .substr(0, 32);
    // An evaluation error blocks approval whatever the rule's severity.
    if (f.status == report::Status::kError) f.severity = Severity::kError;
    for (const WaiverRequest& request : facts.requests) {
      if (request.rule_id != f.rule_id || f.status != report::Status::kFail) continue;
      report::WaiverMark mark;
      mark.state = report::WaiverMark::State::kRequested;
      mark.justification = request.justification;
      mark.expires = request.until;
      mark.file = path;
      mark.pos = request.pos;
      f.waiver = std::move(mark);
    }
    out.findings.push_back(std::move(f));
  }
  Recount(out);
  std::sort(out.findings.begin(), out.findings.end(),
            [](const report::Finding& a, const report::Finding& b) {
              return std::tie(a.pos.line, a.pos.column, a.rule_id, a.message) <
                     std::tie(b.pos.line, b.pos.column, b.rule_id, b.message);
            });
  return out;
}

void Engine::Recount(report::DocumentReport& doc) {
  if (doc.verdict == report::Verdict::kNotChecked && !doc.problems.empty()) return;
  doc.counts = report::Counts{};
  for (const report::Finding& f : doc.findings) {
    if (f.status == report::Status::kError) {
      ++doc.counts.evaluation_errors;
    } else if (f.waived()) {
      ++doc.counts.waived;
    } else if (f.severity == Severity::kError) {
      ++doc.counts.errors;
    } else if (f.severity == Severity::kWarning) {
      ++doc.counts.warnings;
    } else {
      ++doc.counts.infos;
    }
    if (f.waiver && f.waiver->state == report::WaiverMark::State::kRequested) {
      ++doc.counts.requested;
    }
  }
  doc.verdict = report::VerdictFor(doc.counts);
}

report::Report Engine::Check(const std::vector<std::string>& inputs) const {
  report::Report out = NewReport();
  // The board's waiver file and the baseline are read first: if either is broken, nothing
  // is checked rather than judged without them.
  DiagnosticSink sink;
  std::optional<WaiverFile> waivers;
  std::optional<Baseline> baseline;
  if (!options_.waivers_path.empty()) {
    waivers = LoadWaiverFile(options_.waivers_path, options_.limits, sink);
    if (waivers) {
      out.evidence.push_back(
          report::Evidence{"waivers", "", "", options_.waivers_path, waivers->sha256});
    }
  }
  if (!options_.baseline_path.empty()) {
    baseline = LoadBaseline(options_.baseline_path, sink, options_.limits.max_file_bytes);
  }
  if (sink.has_errors()) {
    for (const Diagnostic& d : sink.diagnostics()) out.diagnostics.push_back(ToProblem(d));
    return out;
  }
  // Expand directories; keep explicit files even if they do not end in .xml.
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    std::error_code error;
    fs::file_status status = fs::status(input, error);
    if (!fs::is_directory(status)) {
      files.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied,
                                        error);
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      std::error_code entry_error;
      if (HasExtension(it->path(), ".xml") && !it->is_directory(entry_error)) {
        found.push_back(it->path().string());
      }
    }
    if (error) {
      Diagnostic d;
      d.code = "K5001";
      d.file = input;
      d.message = "cannot read directory: " + error.message();
      out.diagnostics.push_back(
          Flatten(d, input, {}, input + ": error[K5001]: " + d.message + "\n"));
    }
    if (found.empty() && !error) {
      Diagnostic d;
      d.code = "K5002";
      d.file = input;
      d.message = "directory contains no *.xml files";
      out.diagnostics.push_back(
          Flatten(d, input, {}, input + ": error[K5002]: " + d.message + "\n"));
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  out.documents.resize(files.size());
  if (!rule_set_) return out;

  unsigned jobs = options_.jobs != 0 ? options_.jobs : std::thread::hardware_concurrency();
  jobs = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(files.size())));
  std::atomic<size_t> next{0};
  const std::optional<Date> as_of = options_.as_of;
  auto work = [&] {
    eval::Evaluator evaluator(*rule_set_);
    for (size_t i = next++; i < files.size(); i = next++) {
      out.documents[i] = CheckDocument(files[i], evaluator, as_of);
    }
  };
  if (jobs <= 1) {
    work();
  } else {
    std::vector<std::thread> workers;
    for (unsigned j = 0; j < jobs; ++j) workers.emplace_back(work);
    for (std::thread& worker : workers) worker.join();
  }
  if (waivers) {
    std::vector<Diagnostic> problems;
    ApplyWaivers(*waivers, *rule_set_, out, problems);
    for (const Diagnostic& d : problems) out.diagnostics.push_back(ToProblem(d));
  }
  if (baseline) ApplyBaseline(*baseline, out);
  for (report::DocumentReport& doc : out.documents) Recount(doc);
  return out;
}

}  // namespace konform::engine
