#include "eval/program.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "lang/ast_printer.h"

namespace konform::eval {
namespace {

using lang::Expr;

// Whether `test` holds for the expression or any expression inside it (operands, arguments,
// set members, path predicates, quantifier range and body).
template <typename Test>
bool AnyPart(const Expr& expr, const Test& test) {
  if (test(expr)) return true;
  auto any = [&](const std::vector<lang::ExprPtr>& parts) {
    return std::any_of(parts.begin(), parts.end(),
                       [&](const lang::ExprPtr& e) { return AnyPart(*e, test); });
  };
  if (const auto* path = std::get_if<lang::Path>(&expr.kind)) {
    return std::any_of(path->steps.begin(), path->steps.end(),
                       [&](const lang::Step& step) { return any(step.predicates); });
  }
  if (const auto* set = std::get_if<lang::SetLiteral>(&expr.kind)) return any(set->items);
  if (const auto* unary = std::get_if<lang::Unary>(&expr.kind)) {
    return AnyPart(*unary->operand, test);
  }
  if (const auto* binary = std::get_if<lang::Binary>(&expr.kind)) {
    return AnyPart(*binary->lhs, test) || AnyPart(*binary->rhs, test);
  }
  if (const auto* call = std::get_if<lang::Call>(&expr.kind)) return any(call->args);
  if (const auto* q = std::get_if<lang::Quantified>(&expr.kind)) {
    return AnyPart(*q->range, test) || AnyPart(*q->body, test);
  }
  return false;
}

bool IsVariablePath(const Expr& expr) {
  const auto* path = std::get_if<lang::Path>(&expr.kind);
  return path != nullptr && path->origin == lang::PathOrigin::kVariable;
}

// Whether an expression reads a `let` (by name or as the origin of a path): such names mean
// something different in every rule file.
bool ReadsLets(const Expr& expr) {
  return AnyPart(expr, [](const Expr& e) {
    return std::holds_alternative<lang::NameRef>(e.kind) || IsVariablePath(e);
  });
}

// Whether an expression uses variables: a `$name` path or a quantifier, whose body sees its
// variable.
bool UsesVariables(const Expr& expr) {
  return AnyPart(expr, [](const Expr& e) {
    return IsVariablePath(e) || std::holds_alternative<lang::Quantified>(e.kind);
  });
}

// Hands out the per-document cache slots of context-free paths. Equal paths share a slot, so
// a path that many rules walk (`/proposal/architecture/component` appears in 43 places of the
// shipped packs) is walked once per document; a path that reads a `let` only shares with
// paths of its own file.
class CacheSlots {
 public:
  explicit CacheSlots(uint32_t& count) : count_(count) {}

  uint32_t SlotFor(const Expr& path, uint32_t file) {
    std::string key = lang::DumpExpr(path);
    if (ReadsLets(path)) key = std::to_string(file) + ":" + key;
    auto [it, added] = slots_.emplace(std::move(key), count_);
    if (added) ++count_;
    return it->second;
  }

 private:
  std::unordered_map<std::string, uint32_t> slots_;
  uint32_t& count_;
};

// Walks expressions to fill FileTables. Returns whether the expression refers to a rule
// variable or to the context node (then its value is not the same for the whole document).
class TableBuilder {
 public:
  TableBuilder(const check::CheckedFile& file, uint32_t file_index, FileTables& tables,
               CacheSlots& cache_slots)
      : file_(file), file_index_(file_index), tables_(tables), cache_slots_(cache_slots) {
    tables_.constants.assign(file.info.size(), std::nullopt);
    tables_.path_cache.assign(file.info.size(), -1);
  }

  bool Visit(const Expr& expr, bool in_predicate = false) {
    bool dependent = false;
    if (const auto* literal = std::get_if<lang::Literal>(&expr.kind)) {
      tables_.constants[expr.id] =
          std::visit([](const auto& v) { return Value{v}; }, literal->value);
    } else if (const auto* set = std::get_if<lang::SetLiteral>(&expr.kind)) {
      auto compiled = std::make_shared<ConstSet>();
      for (const lang::ExprPtr& item : set->items) {
        Visit(*item, in_predicate);
        const std::optional<Value>& value = ConstantOf(*item);
        if (!value) continue;
        compiled->items.push_back(*value);
      }
      for (const Value& item : compiled->items) {
        if (item.is_string()) compiled->strings.insert(item.as_string());
      }
      tables_.constants[expr.id].emplace(Value{SetPtr(std::move(compiled))});
    } else if (std::holds_alternative<lang::NameRef>(expr.kind)) {
      // Lets are context-free by construction; a constant one is folded.
      tables_.constants[expr.id] = ConstantOf(expr);
    } else if (const auto* path = std::get_if<lang::Path>(&expr.kind)) {
      const check::ExprInfo& info = file_.info[expr.id];
      bool let_origin = path->origin == lang::PathOrigin::kVariable && info.slot < 0;
      dependent = path->origin == lang::PathOrigin::kContext ||
                  (path->origin == lang::PathOrigin::kVariable && !let_origin);
      for (const lang::Step& step : path->steps) {
        for (const lang::ExprPtr& predicate : step.predicates) {
          // Inside a predicate the context node is the candidate, which is fine for caching;
          // only variables make the path depend on where it is evaluated.
          if (VisitPredicate(*predicate)) dependent = true;
        }
      }
      if (!dependent) {
        tables_.path_cache[expr.id] = static_cast<int32_t>(cache_slots_.SlotFor(expr, file_index_));
      }
    } else if (const auto* unary = std::get_if<lang::Unary>(&expr.kind)) {
      dependent = Visit(*unary->operand, in_predicate);
      if (unary->op == lang::UnaryOp::kNegate && tables_.constants[unary->operand->id] &&
          tables_.constants[unary->operand->id]->is_number()) {
        tables_.constants[expr.id] =
            Value::Number(-tables_.constants[unary->operand->id]->as_number());
      }
    } else if (const auto* binary = std::get_if<lang::Binary>(&expr.kind)) {
      dependent = Visit(*binary->lhs, in_predicate);
      dependent = Visit(*binary->rhs, in_predicate) || dependent;
    } else if (const auto* call = std::get_if<lang::Call>(&expr.kind)) {
      for (const lang::ExprPtr& arg : call->args)
        dependent = Visit(*arg, in_predicate) || dependent;
    } else if (const auto* q = std::get_if<lang::Quantified>(&expr.kind)) {
      dependent = Visit(*q->range, in_predicate);
      Visit(*q->body, in_predicate);
      dependent = true;  // conservatively: the body sees the quantified variable
    }
    return dependent;
  }

 private:
  // Whether a predicate uses variables (context-relative paths in it are fine).
  bool VisitPredicate(const Expr& expr) {
    Visit(expr, true);
    return UsesVariables(expr);
  }

  // The constant value of an expression, following constant lets.
  const std::optional<Value>& ConstantOf(const Expr& expr) {
    static const std::optional<Value> kNone;
    if (tables_.constants[expr.id]) return tables_.constants[expr.id];
    const check::ExprInfo& info = file_.info[expr.id];
    if (info.let_index >= 0 && info.constant) {
      const lang::LetDecl& let = file_.ast.lets[info.let_index];
      if (!tables_.constants[let.value->id]) Visit(*let.value);
      return tables_.constants[let.value->id];
    }
    return kNone;
  }

  const check::CheckedFile& file_;
  const uint32_t file_index_;
  FileTables& tables_;
  CacheSlots& cache_slots_;
};

}  // namespace

const CompiledRule* RuleSet::Find(const std::string& id) const {
  for (const CompiledRule& rule : rules_) {
    if (rule.decl->id == id) return &rule;
  }
  return nullptr;
}

const Profile* RuleSet::FindProfile(const std::string& name) const {
  for (const Profile& profile : profiles_) {
    if (profile.name == name) return &profile;
  }
  return nullptr;
}

namespace {

Profile ResolveProfile(const lang::ProfileDecl& decl, const std::vector<CompiledRule>& rules) {
  Profile profile;
  profile.name = decl.name;
  profile.title = decl.title;
  auto listed = [](const std::vector<std::pair<std::string, SourceSpan>>& list,
                   const std::string& name) {
    return std::any_of(list.begin(), list.end(),
                       [&](const auto& item) { return item.first == name; });
  };
  for (const CompiledRule& rule : rules) {
    bool active = (decl.packs.empty() || listed(decl.packs, rule.pack)) &&
                  (decl.rules.empty() || listed(decl.rules, rule.decl->id)) &&
                  !listed(decl.exclude, rule.decl->id);
    Severity severity = rule.severity;
    for (const lang::ProfileDecl::Override& o : decl.severities) {
      if (o.rule == rule.decl->id) severity = o.severity;
    }
    profile.active.push_back(active);
    profile.severity.push_back(severity);
  }
  return profile;
}

}  // namespace

RuleSet Compile(check::CheckedRules checked) {
  RuleSet set;
  set.checked_ = std::move(checked);
  set.tables_.resize(set.checked_.files.size());
  CacheSlots cache_slots(set.path_cache_slots_);
  for (uint32_t f = 0; f < set.checked_.files.size(); ++f) {
    const check::CheckedFile& file = set.checked_.files[f];
    FileTables& tables = set.tables_[f];
    tables.let_base = set.let_count_;
    set.let_count_ += static_cast<uint32_t>(file.ast.lets.size());
    TableBuilder builder(file, f, tables, cache_slots);
    for (const lang::LetDecl& let : file.ast.lets) builder.Visit(*let.value);
    for (size_t r = 0; r < file.ast.rules.size(); ++r) {
      const lang::RuleDecl& decl = file.ast.rules[r];
      for (const Expr* expr : {decl.when.get(), decl.require.get(), decl.at.get(),
                               decl.for_each ? decl.for_each->range.get() : nullptr}) {
        if (expr != nullptr) builder.Visit(*expr);
      }
      for (const auto* templates : {&decl.message, &decl.hint}) {
        for (const auto& [lang, tmpl] : *templates) {
          for (const lang::Template::Part& part : tmpl.parts) {
            if (part.expr) builder.Visit(*part.expr);
          }
        }
      }
      CompiledRule rule;
      rule.decl = &decl;
      rule.file = f;
      rule.severity = decl.severity.value_or(Severity::kError);
      rule.area = decl.area.empty() ? file.ast.pack.area : decl.area;
      rule.pack = file.ast.pack.name;
      rule.slots = file.rule_slots[r];
      set.rules_.push_back(rule);
    }
  }
  std::stable_sort(
      set.rules_.begin(), set.rules_.end(),
      [](const CompiledRule& a, const CompiledRule& b) { return a.decl->id < b.decl->id; });
  for (const check::CheckedFile& file : set.checked_.files) {
    for (const lang::ProfileDecl& decl : file.ast.profiles) {
      set.profiles_.push_back(ResolveProfile(decl, set.rules_));
    }
  }
  std::sort(set.profiles_.begin(), set.profiles_.end(),
            [](const Profile& a, const Profile& b) { return a.name < b.name; });
  return set;
}

}  // namespace konform::eval
