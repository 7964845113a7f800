#include "check/checker.h"

#include <map>
#include <set>
#include <string>

#include "check/expr_checker.h"

namespace konform::check {
namespace {

// Pass: every rule has the fields it cannot do without.
void CheckRequiredFields(const lang::RuleFile& file, DiagnosticSink& sink) {
  for (const lang::RuleDecl& rule : file.rules) {
    auto missing = [&](const std::string& what) {
      sink.Error("K2002", rule.id_span.valid() ? rule.id_span : rule.span,
                 "rule '" + rule.id + "' has no " + what);
    };
    if (!rule.title.count("de")) missing("title (rule ID \"Titel\" { ... })");
    if (!rule.severity && !rule.severity_span.valid()) missing("'severity'");
    if (rule.area.empty() && file.pack.area.empty()) {
      missing("'area' (and its pack sets no default area)");
    }
    if (rule.sources.empty()) missing("'source'");
    if (!rule.require) missing("'require'");
    if (!rule.message.count("de")) missing("German 'message' (message \"...\")");
    if (rule.effective_from && rule.effective_until &&
        *rule.effective_until < *rule.effective_from) {
      sink.Error("K2014", rule.id_span,
                 "rule '" + rule.id + "' ends (effective-until) before it starts (effective-from)");
    }
  }
}

// Pass: rule ids are unique across all files.
void CheckDuplicateRuleIds(const std::vector<CheckedFile>& files, DiagnosticSink& sink) {
  std::map<std::string, SourceSpan> first;
  for (const CheckedFile& file : files) {
    for (const lang::RuleDecl& rule : file.ast.rules) {
      auto [it, inserted] = first.emplace(rule.id, rule.id_span);
      if (inserted) continue;
      Diagnostic d;
      d.code = "K2001";
      d.span = rule.id_span;
      d.message = "duplicate rule id '" + rule.id + "'";
      d.notes.emplace_back(it->second, "first defined here");
      sink.Report(std::move(d));
    }
  }
}

// Pass: `let` names are unique within a file.
void CheckDuplicateLets(const lang::RuleFile& file, DiagnosticSink& sink) {
  std::map<std::string, SourceSpan> first;
  for (const lang::LetDecl& let : file.lets) {
    auto [it, inserted] = first.emplace(let.name, let.span);
    if (inserted) continue;
    Diagnostic d;
    d.code = "K2011";
    d.span = let.span;
    d.message = "'" + let.name + "' is already defined";
    d.notes.emplace_back(it->second, "first defined here");
    sink.Report(std::move(d));
  }
}

// Pass: profile names are unique, and profiles name existing packs and rules.
void CheckProfiles(const std::vector<CheckedFile>& files, DiagnosticSink& sink) {
  std::map<std::string, SourceSpan> first;
  std::set<std::string> packs, rules;
  for (const CheckedFile& file : files) {
    packs.insert(file.ast.pack.name);
    for (const lang::RuleDecl& rule : file.ast.rules) rules.insert(rule.id);
  }
  for (const CheckedFile& file : files) {
    for (const lang::ProfileDecl& profile : file.ast.profiles) {
      auto [it, inserted] = first.emplace(profile.name, profile.span);
      if (!inserted) {
        Diagnostic d;
        d.code = "K2015";
        d.span = profile.span;
        d.message = "duplicate profile '" + profile.name + "'";
        d.notes.emplace_back(it->second, "first defined here");
        sink.Report(std::move(d));
      }
      for (const auto& [name, span] : profile.packs) {
        if (!packs.count(name)) sink.Error("K2016", span, "no pack named '" + name + "'");
      }
      for (const auto* list : {&profile.rules, &profile.exclude}) {
        for (const auto& [id, span] : *list) {
          if (!rules.count(id)) sink.Error("K2016", span, "no rule with id '" + id + "'");
        }
      }
      for (const lang::ProfileDecl::Override& o : profile.severities) {
        if (!rules.count(o.rule)) sink.Error("K2016", o.span, "no rule with id '" + o.rule + "'");
      }
    }
  }
}

}  // namespace

std::optional<CheckedRules> Check(std::vector<lang::RuleFile> files, DiagnosticSink& sink) {
  size_t errors_before = sink.error_count();
  CheckedRules result;
  for (lang::RuleFile& file : files) {
    CheckedFile checked;
    checked.ast = std::move(file);
    result.files.push_back(std::move(checked));
  }
  CheckDuplicateRuleIds(result.files, sink);
  CheckProfiles(result.files, sink);
  for (CheckedFile& file : result.files) {
    CheckRequiredFields(file.ast, sink);
    CheckDuplicateLets(file.ast, sink);
    internal::ExprChecker(file, sink).CheckAll();
  }
  if (sink.error_count() != errors_before) return std::nullopt;
  return result;
}

}  // namespace konform::check
