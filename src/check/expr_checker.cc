#include "check/expr_checker.h"

#include <re2/re2.h>

#include <algorithm>

#include "lang/ast_printer.h"

namespace konform::check::internal {
namespace {

using lang::BinaryOp;
using lang::Expr;

bool IsConditionType(Type type) { return type == Type::kBool || IsFlexible(type); }

bool IsScalar(Type type) {
  return type == Type::kBool || type == Type::kNumber || type == Type::kString ||
         type == Type::kDate;
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

ExprChecker::ExprChecker(CheckedFile& file, DiagnosticSink& sink) : file_(file), sink_(sink) {
  file_.info.assign(file_.ast.expr_count + 1, ExprInfo{});
  file_.let_types.assign(file_.ast.lets.size(), Type::kAny);
  let_state_.assign(file_.ast.lets.size(), 0);
}

void ExprChecker::CheckAll() {
  in_let_ = true;
  for (size_t i = 0; i < file_.ast.lets.size(); ++i) {
    if (let_state_[i] == 0) CheckLetRef(*file_.ast.lets[i].value, file_.ast.lets[i].name);
  }
  in_let_ = false;
  for (const lang::RuleDecl& rule : file_.ast.rules) {
    scope_.clear();
    max_slots_ = 0;
    if (rule.when) ExpectCondition(*rule.when, CheckExpr(*rule.when), "'when'");
    if (rule.for_each && rule.for_each->range) {
      const Expr& range = *rule.for_each->range;
      ExpectNodeSet(range, CheckExpr(range), "'for each'");
      PushVariable(rule.for_each->variable);
    }
    if (rule.require) ExpectCondition(*rule.require, CheckExpr(*rule.require), "'require'");
    if (rule.at) ExpectNodeSet(*rule.at, CheckExpr(*rule.at), "'at'");
    for (const auto& [lang, tmpl] : rule.message) CheckTemplate(tmpl);
    for (const auto& [lang, tmpl] : rule.hint) CheckTemplate(tmpl);
    file_.rule_slots.push_back(max_slots_);
  }
}

void ExprChecker::CheckTemplate(const lang::Template& tmpl) {
  for (const lang::Template::Part& part : tmpl.parts) {
    if (!part.expr) continue;
    Type type = CheckExpr(*part.expr);
    if (type == Type::kSet) TypeError(*part.expr, "a set cannot be shown in a message");
  }
}

int ExprChecker::PushVariable(const std::string& name) {
  scope_.push_back(name);
  max_slots_ = std::max<uint32_t>(max_slots_, static_cast<uint32_t>(scope_.size()));
  return static_cast<int>(scope_.size()) - 1;
}

void ExprChecker::PopVariable() { scope_.pop_back(); }

void ExprChecker::TypeError(const Expr& expr, const std::string& message) {
  sink_.Error("K2008", expr.span, message);
}

void ExprChecker::ExpectCondition(const Expr& expr, Type type, const char* what) {
  if (!IsConditionType(type)) {
    TypeError(expr, std::string(what) + " needs a boolean or a node set, not a " + TypeName(type));
  }
}

void ExprChecker::ExpectNodeSet(const Expr& expr, Type type, const char* what) {
  if (!IsFlexible(type)) {
    TypeError(expr, std::string(what) + " needs a path (a node set), not a " + TypeName(type));
  }
}

bool ExprChecker::IsConstant(const Expr& expr) const { return file_.info[expr.id].constant; }

std::string ExprChecker::Suggest(const std::string& name) const {
  std::string best;
  size_t best_distance = 3;
  auto consider = [&](const std::string& candidate) {
    size_t distance = EditDistance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  };
  for (const lang::LetDecl& let : file_.ast.lets) consider(let.name);
  for (const BuiltinInfo& builtin : AllBuiltins()) consider(builtin.name);
  return best.empty() ? "" : "; did you mean '" + best + "'?";
}

Type ExprChecker::CheckLetRef(const Expr& expr, const std::string& name) {
  // Called for references and, from CheckAll, for the definitions themselves.
  int index = -1;
  for (size_t i = 0; i < file_.ast.lets.size(); ++i) {
    if (file_.ast.lets[i].name == name) {
      index = static_cast<int>(i);
      break;
    }
  }
  if (index < 0) {
    sink_.Error("K2005", expr.span, "unknown name '" + name + "'" + Suggest(name));
    return Type::kAny;
  }
  const lang::LetDecl& let = file_.ast.lets[index];
  if (&expr != let.value.get()) file_.info[expr.id].let_index = index;
  if (let_state_[index] == 1) {
    sink_.Error("K2010", let.span, "'" + name + "' is defined in terms of itself");
    let_state_[index] = 2;
    return Type::kAny;
  }
  if (let_state_[index] == 0 && let.value) {
    let_state_[index] = 1;
    // A let is context-free: it sees no variables of the rule that refers to it.
    std::vector<std::string> saved_scope;
    saved_scope.swap(scope_);
    bool saved_in_let = in_let_;
    in_let_ = true;
    file_.let_types[index] = CheckExpr(*let.value);
    in_let_ = saved_in_let;
    scope_.swap(saved_scope);
    let_state_[index] = 2;
  }
  if (&expr != let.value.get()) {
    file_.info[expr.id].constant = let.value && IsConstant(*let.value);
  }
  return file_.let_types[index];
}

Type ExprChecker::CheckExpr(const Expr& expr) {
  ExprInfo& info = file_.info[expr.id];
  Type type = Type::kAny;
  if (const auto* literal = std::get_if<lang::Literal>(&expr.kind)) {
    info.constant = true;
    switch (literal->value.index()) {
      case 0:
        type = Type::kBool;
        break;
      case 1:
        type = Type::kNumber;
        break;
      case 2:
        type = Type::kString;
        break;
      default:
        type = Type::kDate;
    }
  } else if (const auto* set = std::get_if<lang::SetLiteral>(&expr.kind)) {
    bool all_constant = true;
    for (const lang::ExprPtr& item : set->items) {
      if (!item) continue;
      Type item_type = CheckExpr(*item);
      if (!IsConstant(*item) || !IsScalar(item_type)) {
        sink_.Error("K2013", item->span,
                    "set elements must be literal values or constant 'let' names");
        all_constant = false;
      }
    }
    info.constant = all_constant;
    type = Type::kSet;
  } else if (const auto* name = std::get_if<lang::NameRef>(&expr.kind)) {
    type = CheckLetRef(expr, name->name);
  } else if (const auto* path = std::get_if<lang::Path>(&expr.kind)) {
    type = CheckPath(expr, *path);
  } else if (const auto* unary = std::get_if<lang::Unary>(&expr.kind)) {
    if (unary->operand) {
      Type operand = CheckExpr(*unary->operand);
      if (unary->op == lang::UnaryOp::kNot) {
        ExpectCondition(*unary->operand, operand, "'not'");
        type = Type::kBool;
      } else {
        if (operand != Type::kNumber && !IsFlexible(operand)) {
          TypeError(expr, std::string("'-' needs a number, not a ") + TypeName(operand));
        }
        type = Type::kNumber;
        info.constant = IsConstant(*unary->operand);
      }
    }
  } else if (const auto* binary = std::get_if<lang::Binary>(&expr.kind)) {
    type = CheckBinary(expr, *binary);
  } else if (const auto* call = std::get_if<lang::Call>(&expr.kind)) {
    type = CheckCall(expr, *call);
  } else if (const auto* q = std::get_if<lang::Quantified>(&expr.kind)) {
    if (q->range) ExpectNodeSet(*q->range, CheckExpr(*q->range), "a quantifier");
    file_.info[expr.id].slot = PushVariable(q->variable);
    if (q->body) ExpectCondition(*q->body, CheckExpr(*q->body), "'satisfies'");
    PopVariable();
    type = Type::kBool;
  }
  file_.info[expr.id].type = type;
  return type;
}

Type ExprChecker::CheckPath(const Expr& expr, const lang::Path& path) {
  if (path.origin == lang::PathOrigin::kVariable) {
    int slot = -1;
    for (size_t i = scope_.size(); i-- > 0;) {
      if (scope_[i] == path.variable) {
        slot = static_cast<int>(i);
        break;
      }
    }
    file_.info[expr.id].slot = slot;
    bool is_let = false;
    if (slot < 0) {
      for (const lang::LetDecl& let : file_.ast.lets) is_let = is_let || let.name == path.variable;
    }
    if (is_let) {
      // `$name` also reads a `let`; a path may continue from the nodes it holds.
      Type type = CheckLetRef(expr, path.variable);
      if (path.steps.empty()) return type;
      if (!IsFlexible(type)) {
        TypeError(expr, "a path can only continue from a 'let' that holds nodes, and '" +
                            path.variable + "' holds a " + TypeName(type));
      }
    } else if (slot < 0) {
      std::string where = in_let_ ? " ('let' definitions cannot use rule variables)" : "";
      sink_.Error("K2005", expr.span, "unknown variable '$" + path.variable + "'" + where);
    }
  }
  bool leaf = false;  // after an attribute or text() only . and .. make sense
  for (const lang::Step& step : path.steps) {
    if (leaf && step.axis != lang::Axis::kParent && step.axis != lang::Axis::kSelf) {
      sink_.Error("K2012", step.span,
                  "an attribute or text node has no children; this step selects nothing");
    }
    leaf = step.axis == lang::Axis::kAttribute || step.axis == lang::Axis::kText;
    for (const lang::ExprPtr& predicate : step.predicates) {
      if (!predicate) continue;
      Type type = CheckExpr(*predicate);
      if (type != Type::kNumber && !IsConditionType(type)) {
        TypeError(*predicate, std::string("a predicate needs a condition or a position, not a ") +
                                  TypeName(type));
      }
    }
  }
  return Type::kNodeSet;
}

Type ExprChecker::CheckBinary(const Expr& expr, const lang::Binary& binary) {
  if (!binary.lhs || !binary.rhs) return Type::kAny;
  Type lhs = CheckExpr(*binary.lhs);
  Type rhs = CheckExpr(*binary.rhs);
  const std::string op = std::string("'") + lang::BinaryOpName(binary.op) + "'";
  switch (binary.op) {
    case BinaryOp::kOr:
    case BinaryOp::kAnd:
      ExpectCondition(*binary.lhs, lhs, op.c_str());
      ExpectCondition(*binary.rhs, rhs, op.c_str());
      return Type::kBool;
    case BinaryOp::kEq:
    case BinaryOp::kNe:
    case BinaryOp::kLt:
    case BinaryOp::kLe:
    case BinaryOp::kGt:
    case BinaryOp::kGe: {
      bool ordering = binary.op != BinaryOp::kEq && binary.op != BinaryOp::kNe;
      if (lhs == Type::kSet || rhs == Type::kSet) {
        TypeError(expr, op + " cannot compare a set; use 'in' to test membership");
      } else if (IsScalar(lhs) && IsScalar(rhs) && lhs != rhs) {
        TypeError(expr,
                  std::string("cannot compare a ") + TypeName(lhs) + " with a " + TypeName(rhs));
      } else if (ordering && (lhs == Type::kBool || rhs == Type::kBool)) {
        TypeError(expr, op + " cannot order booleans");
      }
      return Type::kBool;
    }
    case BinaryOp::kIn:
      if (lhs == Type::kSet) TypeError(*binary.lhs, "the left side of 'in' must be a value");
      if (rhs != Type::kSet && !IsFlexible(rhs)) {
        TypeError(*binary.rhs, std::string("the right side of 'in' must be a set or a path, "
                                           "not a ") +
                                   TypeName(rhs));
      }
      return Type::kBool;
    case BinaryOp::kMatches: {
      if (lhs != Type::kString && !IsFlexible(lhs)) {
        TypeError(*binary.lhs,
                  std::string("'matches' needs text on the left, not a ") + TypeName(lhs));
      }
      const lang::Expr* pattern = binary.rhs.get();
      if (std::holds_alternative<lang::NameRef>(pattern->kind)) {
        int index = file_.info[pattern->id].let_index;
        if (index >= 0 && file_.ast.lets[index].value) pattern = file_.ast.lets[index].value.get();
      }
      const auto* literal = std::get_if<lang::Literal>(&pattern->kind);
      if (literal == nullptr || literal->value.index() != 2) {
        TypeError(*binary.rhs,
                  "'matches' needs a string literal (or a 'let' holding one) "
                  "as its regular expression");
        return Type::kBool;
      }
      RE2::Options options;
      options.set_log_errors(false);
      auto regex = std::make_shared<RE2>(std::get<std::string>(literal->value), options);
      if (!regex->ok()) {
        sink_.Error("K2009", binary.rhs->span, "invalid regular expression: " + regex->error());
      } else {
        file_.info[expr.id].regex = std::move(regex);
      }
      return Type::kBool;
    }
    case BinaryOp::kAdd:
    case BinaryOp::kSub:
    case BinaryOp::kMul:
    case BinaryOp::kDiv: {
      for (const auto& [side, type] : {std::pair{binary.lhs.get(), lhs}, {binary.rhs.get(), rhs}}) {
        if (type != Type::kNumber && type != Type::kDate && !IsFlexible(type)) {
          TypeError(*side, op + " needs numbers or dates, not a " + TypeName(type));
          return Type::kAny;
        }
      }
      bool additive = binary.op == BinaryOp::kAdd || binary.op == BinaryOp::kSub;
      if (!additive) {
        if (lhs == Type::kDate || rhs == Type::kDate) {
          TypeError(expr, op + " cannot be applied to dates");
        }
        return Type::kNumber;
      }
      if (lhs == Type::kNumber && rhs == Type::kNumber) return Type::kNumber;
      if (lhs == Type::kDate && rhs == Type::kDate) {
        if (binary.op == BinaryOp::kAdd) TypeError(expr, "two dates cannot be added");
        return Type::kNumber;
      }
      if (lhs == Type::kDate && rhs == Type::kNumber) return Type::kDate;
      if (lhs == Type::kNumber && rhs == Type::kDate) {
        if (binary.op == BinaryOp::kSub)
          TypeError(expr, "a date cannot be subtracted from a number");
        return Type::kDate;
      }
      return Type::kAny;
    }
  }
  return Type::kAny;
}

Type ExprChecker::CheckCall(const Expr& expr, const lang::Call& call) {
  const BuiltinInfo* builtin = FindBuiltin(call.function);
  std::vector<Type> args;
  for (const lang::ExprPtr& arg : call.args) args.push_back(arg ? CheckExpr(*arg) : Type::kAny);
  if (builtin == nullptr) {
    sink_.Error("K2006", expr.span,
                "unknown function '" + call.function + "'" + Suggest(call.function));
    return Type::kAny;
  }
  file_.info[expr.id].builtin = builtin;
  if (args.size() != builtin->params.size()) {
    size_t n = builtin->params.size();
    sink_.Error("K2007", expr.span,
                call.function + "() takes " + std::to_string(n) + " argument" +
                    (n == 1 ? "" : "s") + ", not " + std::to_string(args.size()));
    return builtin->result;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const Expr& arg = *call.args[i];
    std::string which = "argument " + std::to_string(i + 1) + " of " + call.function + "()";
    switch (builtin->params[i]) {
      case Param::kNodeSet:
        if (!IsFlexible(args[i])) {
          TypeError(arg, which + " must be a path, not a " + TypeName(args[i]));
        }
        break;
      case Param::kNodeSetOrSet:
        if (!IsFlexible(args[i]) && args[i] != Type::kSet) {
          TypeError(arg, which + " must be a path or a set, not a " + TypeName(args[i]));
        }
        break;
      case Param::kScalar:
        if (args[i] == Type::kSet) TypeError(arg, which + " must be a single value, not a set");
        break;
      case Param::kBool:
        if (!IsConditionType(args[i])) {
          TypeError(arg, which + " must be a condition, not a " + TypeName(args[i]));
        }
        break;
      case Param::kAny:
        break;
    }
  }
  if (builtin->id == Builtin::kIf) return args[1] == args[2] ? args[1] : Type::kAny;
  return builtin->result;
}

}  // namespace konform::check::internal
