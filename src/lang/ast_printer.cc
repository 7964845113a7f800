#include "lang/ast_printer.h"

#include <cstdio>

namespace konform::lang {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::string Quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string Number(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

std::string DumpStep(const Step& step) {
  std::string out;
  switch (step.axis) {
    case Axis::kChild:
      out = step.name;
      break;
    case Axis::kAttribute:
      out = "@" + step.name;
      break;
    case Axis::kText:
      out = "text()";
      break;
    case Axis::kSelf:
      out = ".";
      break;
    case Axis::kParent:
      out = "..";
      break;
  }
  for (const ExprPtr& predicate : step.predicates) {
    out += "[" + (predicate ? DumpExpr(*predicate) : std::string("?")) + "]";
  }
  return out;
}

}  // namespace

std::string DumpPath(const Path& path) {
  std::string out;
  if (path.origin == PathOrigin::kVariable) out = "$" + path.variable;
  for (size_t i = 0; i < path.steps.size(); ++i) {
    const Step& step = path.steps[i];
    bool first_relative = i == 0 && path.origin == PathOrigin::kContext;
    if (!first_relative) out += step.descendant ? "//" : "/";
    out += DumpStep(step);
  }
  if (out.empty()) out = "/";
  return out;
}

std::string DumpExpr(const Expr& expr) {
  auto dump = [](const ExprPtr& e) { return e ? DumpExpr(*e) : std::string("?"); };
  return std::visit(Overloaded{
                        [](const Literal& literal) {
                          return std::visit(
                              Overloaded{[](bool b) { return std::string(b ? "true" : "false"); },
                                         [](double d) { return Number(d); },
                                         [](const std::string& s) { return Quote(s); },
                                         [](Date d) { return FormatIsoDate(d); }},
                              literal.value);
                        },
                        [&](const SetLiteral& set) {
                          std::string out = "{";
                          for (size_t i = 0; i < set.items.size(); ++i) {
                            out += (i ? " " : "") + dump(set.items[i]);
                          }
                          return out + "}";
                        },
                        [](const NameRef& name) { return name.name; },
                        [](const Path& path) { return DumpPath(path); },
                        [&](const Unary& unary) {
                          return std::string(unary.op == UnaryOp::kNot ? "(not " : "(neg ") +
                                 dump(unary.operand) + ")";
                        },
                        [&](const Binary& binary) {
                          return std::string("(") + BinaryOpName(binary.op) + " " +
                                 dump(binary.lhs) + " " + dump(binary.rhs) + ")";
                        },
                        [&](const Call& call) {
                          std::string out = "(" + call.function;
                          for (const ExprPtr& arg : call.args) out += " " + dump(arg);
                          return out + ")";
                        },
                        [&](const Quantified& q) {
                          return std::string(q.every ? "(every $" : "(some $") + q.variable + " " +
                                 dump(q.range) + " " + dump(q.body) + ")";
                        },
                    },
                    expr.kind);
}

std::string DumpRule(const RuleDecl& rule) {
  std::string out = "(rule " + rule.id;
  if (rule.severity) out += std::string(" ") + SeverityName(*rule.severity);
  if (rule.when) out += " (when " + DumpExpr(*rule.when) + ")";
  if (rule.for_each) {
    out += " (for $" + rule.for_each->variable + " " +
           (rule.for_each->range ? DumpExpr(*rule.for_each->range) : "?") + ")";
  }
  if (rule.require) out += " (require " + DumpExpr(*rule.require) + ")";
  if (rule.at) out += " (at " + DumpExpr(*rule.at) + ")";
  for (const auto& [lang, tmpl] : rule.message) {
    out += " (message " + lang;
    for (const Template::Part& part : tmpl.parts) {
      out += " " + (part.expr ? "{" + DumpExpr(*part.expr) + "}" : Quote(part.text));
    }
    out += ")";
  }
  return out + ")";
}

}  // namespace konform::lang
