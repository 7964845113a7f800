#include "lang/internal/ast_builder.h"

#include <algorithm>
#include <exception>
#include <string>
#include <utility>

#include "KonformLexer.h"
#include "KonformParser.h"
#include "antlr4-runtime.h"

namespace konform::lang::internal {
namespace {

using konform_grammar::KonformLexer;
using konform_grammar::KonformParser;

// Turns ANTLR's syntax errors into diagnostics, and stops after too many.
class ErrorCollector : public antlr4::BaseErrorListener {
 public:
  ErrorCollector(const TextOrigin& origin, DiagnosticSink& sink, uint32_t max_errors)
      : origin_(origin), sink_(sink), max_errors_(max_errors) {}

  void syntaxError(antlr4::Recognizer*, antlr4::Token* offending, size_t line, size_t char_position,
                   const std::string& message, std::exception_ptr) override {
    ++count_;
    if (count_ > max_errors_) return;
    SourcePos begin =
        Map(origin_, static_cast<uint32_t>(line), static_cast<uint32_t>(char_position));
    SourcePos end = begin;
    if (offending != nullptr && offending->getType() != antlr4::Token::EOF) {
      end.column += CountCodePoints(offending->getText());
    }
    std::string text = message;
    size_t expecting = text.find(" expecting {");
    if (expecting != std::string::npos && std::count(text.begin(), text.end(), ',') > 6) {
      text.erase(expecting);  // the full list of keywords helps nobody
    }
    for (const char* eof : {"'<EOF>'", "<EOF>"}) {
      size_t at = text.find(eof);
      if (at != std::string::npos) text.replace(at, std::string(eof).size(), "end of file");
    }
    if (count_ == max_errors_) text += " (further syntax errors in this file are not shown)";
    sink_.Error("K1001", SourceSpan{origin_.file, begin, end}, "syntax error: " + text);
  }

  uint32_t count() const { return count_; }

  static SourcePos Map(const TextOrigin& origin, uint32_t line, uint32_t char_position) {
    SourcePos pos;
    pos.line = origin.line + line - 1;
    pos.column = char_position + 1 + (line == 1 ? origin.column_offset : 0);
    return pos;
  }

 private:
  const TextOrigin& origin_;
  DiagnosticSink& sink_;
  uint32_t max_errors_;
  uint32_t count_ = 0;
};

// Estimates how deeply the parser will recurse, from the tokens alone, so that hostile input
// such as 100,000 opening parentheses is refused before the recursive-descent parser runs.
// Each open bracket adds a level; operators chained at one level add one level each.
bool NestingWithinLimit(antlr4::CommonTokenStream& tokens, uint32_t limit,
                        antlr4::Token** culprit) {
  std::vector<uint32_t> operators_per_level{0};
  uint32_t depth = 0;
  for (antlr4::Token* token : tokens.getTokens()) {
    std::string text = token->getText();
    if (token->getType() == KonformLexer::STRING) continue;
    if (text == "(" || text == "[" || text == "{") {
      operators_per_level.push_back(0);
      ++depth;
    } else if (text == ")" || text == "]" || text == "}") {
      if (operators_per_level.size() > 1) {
        depth -= 1 + operators_per_level.back();
        operators_per_level.pop_back();
      } else {
        // A closing brace of a rule block ends the current field's expression.
        depth -= operators_per_level.back();
        operators_per_level.back() = 0;
      }
    } else if (text == "," || text == "when" || text == "require" || text == "at" ||
               text == "let" || text == "rule" || text == "message" || text == "hint") {
      depth -= operators_per_level.back();
      operators_per_level.back() = 0;
    } else if (text == "and" || text == "or" || text == "not" || text == "+" || text == "-" ||
               text == "*" || text == "/" || text == "//" || text == "=" || text == "!=" ||
               text == "<" || text == "<=" || text == ">" || text == ">=" || text == "in" ||
               text == "matches" || text == "satisfies") {
      ++operators_per_level.back();
      ++depth;
    }
    if (depth > limit) {
      *culprit = token;
      return false;
    }
  }
  return true;
}

class Builder {
 public:
  Builder(const TextOrigin& origin, DiagnosticSink& sink, const ParseOptions& options,
          uint32_t& next_id)
      : origin_(origin), sink_(sink), options_(options), next_id_(next_id) {}

  RuleFile BuildFile(KonformParser::RuleFileContext* ctx) {
    RuleFile file;
    file.file = origin_.file;
    if (auto* pack = ctx->packDecl()) {
      file.has_pack_header = true;
      BuildPack(pack, file.pack);
    }
    for (auto* child : ctx->children) {
      if (auto* let = dynamic_cast<KonformParser::LetDeclContext*>(child)) {
        LetDecl decl;
        decl.name = let->name->getText();
        decl.span = Span(let);
        decl.value = BuildExpr(let->value);
        file.lets.push_back(std::move(decl));
      } else if (auto* rule = dynamic_cast<KonformParser::RuleDeclContext*>(child)) {
        file.rules.push_back(BuildRule(rule));
      } else if (auto* profile = dynamic_cast<KonformParser::ProfileDeclContext*>(child)) {
        file.profiles.push_back(BuildProfile(profile));
      }
    }
    return file;
  }

  ExprPtr BuildExpr(KonformParser::ExprContext* ctx) {
    if (ctx == nullptr) return nullptr;  // only after a syntax error
    auto expr = std::make_unique<Expr>();
    expr->id = next_id_++;
    expr->span = Span(ctx);
    if (auto* c = dynamic_cast<KonformParser::PrimaryExprContext*>(ctx)) {
      return BuildPrimary(c->primary(), std::move(expr));
    }
    if (auto* c = dynamic_cast<KonformParser::NegationContext*>(ctx)) {
      expr->kind = Unary{UnaryOp::kNegate, BuildExpr(c->operand)};
    } else if (auto* c = dynamic_cast<KonformParser::NotContext*>(ctx)) {
      expr->kind = Unary{UnaryOp::kNot, BuildExpr(c->operand)};
    } else if (auto* c = dynamic_cast<KonformParser::MultiplicativeContext*>(ctx)) {
      expr->kind = MakeBinary(c->op, c->lhs, c->rhs);
    } else if (auto* c = dynamic_cast<KonformParser::AdditiveContext*>(ctx)) {
      expr->kind = MakeBinary(c->op, c->lhs, c->rhs);
    } else if (auto* c = dynamic_cast<KonformParser::ComparisonContext*>(ctx)) {
      Binary binary = MakeBinary(c->op, c->lhs, c->rhs);
      for (const ExprPtr* side : {&binary.lhs, &binary.rhs}) {
        if (*side && !(*side)->parenthesized && IsComparison(**side)) {
          sink_.Error("K1003", (*side)->span,
                      "comparisons do not chain; add parentheses to say what is meant");
        }
      }
      expr->kind = std::move(binary);
    } else if (auto* c = dynamic_cast<KonformParser::AndContext*>(ctx)) {
      expr->kind = MakeBinary(c->op, c->lhs, c->rhs);
    } else if (auto* c = dynamic_cast<KonformParser::OrContext*>(ctx)) {
      expr->kind = MakeBinary(c->op, c->lhs, c->rhs);
    } else if (auto* c = dynamic_cast<KonformParser::QuantifiedContext*>(ctx)) {
      Quantified q;
      q.every = c->quantifier->getText() == "every";
      q.variable = c->var->getText().substr(1);
      q.range = BuildExpr(c->range);
      q.body = BuildExpr(c->body);
      expr->kind = std::move(q);
    }
    return expr;
  }

 private:
  static bool IsComparison(const Expr& expr) {
    const auto* binary = std::get_if<Binary>(&expr.kind);
    if (binary == nullptr) return false;
    switch (binary->op) {
      case BinaryOp::kEq:
      case BinaryOp::kNe:
      case BinaryOp::kLt:
      case BinaryOp::kLe:
      case BinaryOp::kGt:
      case BinaryOp::kGe:
      case BinaryOp::kIn:
      case BinaryOp::kMatches:
        return true;
      default:
        return false;
    }
  }

  Binary MakeBinary(antlr4::Token* op, KonformParser::ExprContext* lhs,
                    KonformParser::ExprContext* rhs) {
    static const std::pair<const char*, BinaryOp> kOps[] = {
        {"or", BinaryOp::kOr}, {"and", BinaryOp::kAnd},
        {"=", BinaryOp::kEq},  {"!=", BinaryOp::kNe},
        {"<", BinaryOp::kLt},  {"<=", BinaryOp::kLe},
        {">", BinaryOp::kGt},  {">=", BinaryOp::kGe},
        {"in", BinaryOp::kIn}, {"matches", BinaryOp::kMatches},
        {"+", BinaryOp::kAdd}, {"-", BinaryOp::kSub},
        {"*", BinaryOp::kMul}, {"/", BinaryOp::kDiv},
    };
    Binary binary{BinaryOp::kEq, nullptr, nullptr};
    std::string text = op != nullptr ? op->getText() : "";
    for (const auto& [name, value] : kOps) {
      if (text == name) binary.op = value;
    }
    binary.lhs = BuildExpr(lhs);
    binary.rhs = BuildExpr(rhs);
    return binary;
  }

  ExprPtr BuildPrimary(KonformParser::PrimaryContext* ctx, ExprPtr expr) {
    if (ctx == nullptr) return expr;
    if (auto* c = dynamic_cast<KonformParser::NumberLiteralContext*>(ctx)) {
      expr->kind = Literal{std::stod(c->NUMBER()->getText())};
    } else if (auto* c = dynamic_cast<KonformParser::StringLiteralContext*>(ctx)) {
      expr->kind = Literal{PlainString(c->str())};
    } else if (auto* c = dynamic_cast<KonformParser::DateLiteralContext*>(ctx)) {
      std::string text = c->DATE()->getText();
      std::optional<Date> date = ParseIsoDate(text);
      if (!date) {
        sink_.Error("K1004", expr->span, "invalid date literal '" + text + "'");
        date = Date{};
      }
      expr->kind = Literal{*date};
    } else if (auto* c = dynamic_cast<KonformParser::BooleanLiteralContext*>(ctx)) {
      expr->kind = Literal{c->value->getText() == "true"};
    } else if (auto* c = dynamic_cast<KonformParser::SetLiteralContext*>(ctx)) {
      SetLiteral set;
      for (auto* item : c->items) set.items.push_back(BuildExpr(item));
      expr->kind = std::move(set);
    } else if (auto* c = dynamic_cast<KonformParser::CallContext*>(ctx)) {
      Call call;
      call.function = c->fn->getText();
      for (auto* arg : c->args) call.args.push_back(BuildExpr(arg));
      expr->kind = std::move(call);
    } else if (auto* c = dynamic_cast<KonformParser::PathPrimaryContext*>(ctx)) {
      expr->kind = BuildPath(c->path());
    } else if (auto* c = dynamic_cast<KonformParser::NameRefContext*>(ctx)) {
      expr->kind = NameRef{c->name->getText()};
    } else if (auto* c = dynamic_cast<KonformParser::ParenthesizedContext*>(ctx)) {
      ExprPtr inner = BuildExpr(c->inner);
      if (inner == nullptr) return expr;
      inner->parenthesized = true;
      inner->span = expr->span;
      return inner;
    }
    return expr;
  }

  Path BuildPath(KonformParser::PathContext* ctx) {
    Path path;
    std::vector<KonformParser::PathTailContext*> tails;
    if (auto* c = dynamic_cast<KonformParser::AbsolutePathContext*>(ctx)) {
      path.origin = PathOrigin::kRoot;
      if (c->step() != nullptr) {
        Step first = BuildStep(c->step());
        first.descendant = c->lead->getText() == "//";
        first.span.begin = Pos(c->lead);
        path.steps.push_back(std::move(first));
      } else if (c->lead->getText() == "//") {
        sink_.Error("K1001", Span(c), "syntax error: '//' must be followed by a step");
      }
      tails = c->pathTail();
    } else if (auto* c = dynamic_cast<KonformParser::VariablePathContext*>(ctx)) {
      path.origin = PathOrigin::kVariable;
      path.variable = c->var->getText().substr(1);
      tails = c->pathTail();
    } else if (auto* c = dynamic_cast<KonformParser::RelativePathContext*>(ctx)) {
      path.origin = PathOrigin::kContext;
      Step head;
      head.span = Span(c->head);
      if (auto* h = dynamic_cast<KonformParser::RelativeAttributeContext*>(c->head)) {
        head.axis = Axis::kAttribute;
        head.name = h->name->getText();
      } else if (dynamic_cast<KonformParser::RelativeAnyAttributeContext*>(c->head)) {
        head.axis = Axis::kAttribute;
        head.name = "*";
      } else if (auto* h = dynamic_cast<KonformParser::RelativeSelfContext*>(c->head)) {
        head.axis = Axis::kSelf;
        for (auto* p : h->predicate()) head.predicates.push_back(BuildExpr(p->cond));
      } else {
        head.axis = Axis::kParent;
      }
      path.steps.push_back(std::move(head));
      tails = c->pathTail();
    }
    for (auto* tail : tails) {
      if (tail->step() == nullptr) continue;
      Step step = BuildStep(tail->step());
      step.descendant = tail->sep->getText() == "//";
      path.steps.push_back(std::move(step));
    }
    return path;
  }

  Step BuildStep(KonformParser::StepContext* ctx) {
    Step step;
    step.span = Span(ctx);
    if (auto* c = dynamic_cast<KonformParser::AttributeStepContext*>(ctx)) {
      step.axis = Axis::kAttribute;
      step.name = c->name->getText();
    } else if (dynamic_cast<KonformParser::AnyAttributeStepContext*>(ctx)) {
      step.axis = Axis::kAttribute;
      step.name = "*";
    } else if (auto* c = dynamic_cast<KonformParser::NodeTestStepContext*>(ctx)) {
      std::string name = c->fn->getText();
      if (name != "text") {
        sink_.Error("K2012", step.span,
                    "unknown node test '" + name + "()'; only text() selects nodes in a path");
      }
      step.axis = Axis::kText;
    } else if (auto* c = dynamic_cast<KonformParser::ChildStepContext*>(ctx)) {
      step.name = c->name->getText();
      for (auto* p : c->predicate()) step.predicates.push_back(BuildExpr(p->cond));
    } else if (auto* c = dynamic_cast<KonformParser::AnyChildStepContext*>(ctx)) {
      step.name = "*";
      for (auto* p : c->predicate()) step.predicates.push_back(BuildExpr(p->cond));
    } else if (dynamic_cast<KonformParser::SelfStepContext*>(ctx)) {
      step.axis = Axis::kSelf;
    } else {
      step.axis = Axis::kParent;
    }
    return step;
  }

  void BuildPack(KonformParser::PackDeclContext* ctx, PackDecl& pack) {
    pack.name = ctx->name->getText();
    pack.span = Span(ctx);
    for (auto* field : ctx->packField()) {
      if (auto* c = dynamic_cast<KonformParser::PackTitleContext*>(field)) {
        std::string lang = c->lang != nullptr ? c->lang->getText() : "de";
        if (pack.title.count(lang)) DuplicateField(field, "title " + lang);
        pack.title[lang] = PlainString(c->text);
      } else if (auto* c = dynamic_cast<KonformParser::PackVersionContext*>(field)) {
        if (!pack.version.empty()) DuplicateField(field, "version");
        pack.version = PlainString(c->text);
      } else if (auto* c = dynamic_cast<KonformParser::PackAreaContext*>(field)) {
        if (!pack.area.empty()) DuplicateField(field, "area");
        pack.area = c->value->getText();
      }
    }
  }

  ProfileDecl BuildProfile(KonformParser::ProfileDeclContext* ctx) {
    ProfileDecl profile;
    profile.name = ctx->name->getText();
    profile.span = Span(ctx);
    auto words = [&](const std::vector<KonformParser::WordContext*>& items,
                     std::vector<std::pair<std::string, SourceSpan>>& out) {
      for (auto* item : items) out.emplace_back(item->getText(), Span(item));
    };
    for (auto* field : ctx->profileField()) {
      if (auto* c = dynamic_cast<KonformParser::ProfileTitleContext*>(field)) {
        std::string lang = c->lang != nullptr ? c->lang->getText() : "de";
        if (profile.title.count(lang)) DuplicateField(field, "title " + lang);
        profile.title[lang] = PlainString(c->text);
      } else if (auto* c = dynamic_cast<KonformParser::ProfilePacksContext*>(field)) {
        words(c->items, profile.packs);
      } else if (auto* c = dynamic_cast<KonformParser::ProfileRulesContext*>(field)) {
        words(c->items, profile.rules);
      } else if (auto* c = dynamic_cast<KonformParser::ProfileExcludeContext*>(field)) {
        words(c->items, profile.exclude);
      } else if (auto* c = dynamic_cast<KonformParser::ProfileSeverityContext*>(field)) {
        std::optional<Severity> severity = ParseSeverity(c->level->getText());
        if (!severity) {
          sink_.Error("K2004", Span(c->level),
                      "unknown severity '" + c->level->getText() + "'; use error, warning or info");
          continue;
        }
        profile.severities.push_back(
            ProfileDecl::Override{c->target->getText(), *severity, Span(c->target)});
      }
    }
    return profile;
  }

  RuleDecl BuildRule(KonformParser::RuleDeclContext* ctx) {
    RuleDecl rule;
    rule.span = Span(ctx);
    if (ctx->id != nullptr) {
      rule.id = ctx->id->getText();
      rule.id_span = Span(ctx->id);
      // Ids appear in reports, waivers and SARIF: letters, digits, '-' and '_' only.
      bool valid = std::all_of(rule.id.begin(), rule.id.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
      });
      if (!valid) {
        sink_.Error("K1006", rule.id_span,
                    "invalid rule id '" + rule.id + "': use letters, digits, '-' and '_'");
      }
    }
    if (ctx->title != nullptr) rule.title["de"] = PlainString(ctx->title);
    for (auto* field : ctx->ruleField()) {
      if (auto* c = dynamic_cast<KonformParser::TitleFieldContext*>(field)) {
        std::string lang = c->lang->getText();
        if (rule.title.count(lang)) DuplicateField(field, "title " + lang);
        rule.title[lang] = PlainString(c->text);
      } else if (auto* c = dynamic_cast<KonformParser::SeverityFieldContext*>(field)) {
        if (rule.severity_span.valid()) DuplicateField(field, "severity");
        rule.severity_span = Span(c->level);
        rule.severity = ParseSeverity(c->level->getText());
        if (!rule.severity) {
          sink_.Error("K2004", rule.severity_span,
                      "unknown severity '" + c->level->getText() + "'; use error, warning or info");
        }
      } else if (auto* c = dynamic_cast<KonformParser::AreaFieldContext*>(field)) {
        if (!rule.area.empty()) DuplicateField(field, "area");
        rule.area = c->value->getText();
      } else if (auto* c = dynamic_cast<KonformParser::SourceFieldContext*>(field)) {
        rule.sources.push_back(PlainString(c->text));
      } else if (auto* c = dynamic_cast<KonformParser::WhenFieldContext*>(field)) {
        if (rule.when) DuplicateField(field, "when");
        rule.when = BuildExpr(c->cond);
      } else if (auto* c = dynamic_cast<KonformParser::ForEachFieldContext*>(field)) {
        if (rule.for_each) DuplicateField(field, "for each");
        ForEach for_each;
        for_each.variable = c->var->getText().substr(1);
        for_each.range = BuildExpr(c->range);
        for_each.span = Span(c);
        rule.for_each = std::move(for_each);
      } else if (auto* c = dynamic_cast<KonformParser::RequireFieldContext*>(field)) {
        if (rule.require) DuplicateField(field, "require");
        rule.require = BuildExpr(c->cond);
      } else if (auto* c = dynamic_cast<KonformParser::AtFieldContext*>(field)) {
        if (rule.at) DuplicateField(field, "at");
        rule.at = BuildExpr(c->target);
      } else if (auto* c = dynamic_cast<KonformParser::MessageFieldContext*>(field)) {
        std::string lang = c->lang != nullptr ? c->lang->getText() : "de";
        if (rule.message.count(lang)) DuplicateField(field, "message " + lang);
        rule.message[lang] = BuildTemplate(c->text);
      } else if (dynamic_cast<KonformParser::NonWaivableFieldContext*>(field)) {
        if (rule.non_waivable) DuplicateField(field, "non-waivable");
        rule.non_waivable = true;
      } else if (auto* c = dynamic_cast<KonformParser::EffectiveFromFieldContext*>(field)) {
        if (rule.effective_from) DuplicateField(field, "effective-from");
        rule.effective_from = DateField(c->date);
      } else if (auto* c = dynamic_cast<KonformParser::EffectiveUntilFieldContext*>(field)) {
        if (rule.effective_until) DuplicateField(field, "effective-until");
        rule.effective_until = DateField(c->date);
      } else if (auto* c = dynamic_cast<KonformParser::HintFieldContext*>(field)) {
        std::string lang = c->lang != nullptr ? c->lang->getText() : "de";
        if (rule.hint.count(lang)) DuplicateField(field, "hint " + lang);
        rule.hint[lang] = BuildTemplate(c->text);
      }
    }
    return rule;
  }

  Date DateField(antlr4::Token* token) {
    std::optional<Date> date = ParseIsoDate(token->getText());
    if (!date) sink_.Error("K1004", Span(token), "invalid date '" + token->getText() + "'");
    return date.value_or(Date{});
  }

  void DuplicateField(antlr4::ParserRuleContext* ctx, const std::string& name) {
    sink_.Error("K2003", Span(ctx), "field '" + name + "' is given more than once");
  }

  // Decodes the escapes of one STRING token's content (without the quotes).
  std::string Unescape(std::string_view raw, SourceSpan span) {
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '\\' || i + 1 == raw.size()) {
        out += raw[i];
        continue;
      }
      char next = raw[++i];
      switch (next) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case '"':
        case '\\':
        case '{':
        case '}':
          out += next;
          break;
        default:
          sink_.Error("K1001", span,
                      std::string("unknown escape sequence '\\") + next + "' in string");
      }
    }
    return out;
  }

  std::string PlainString(KonformParser::StrContext* ctx) {
    std::string out;
    if (ctx == nullptr) return out;
    for (auto* token : ctx->STRING()) {
      std::string raw = token->getText();
      out += Unescape(std::string_view(raw).substr(1, raw.size() - 2), Span(token->getSymbol()));
    }
    return out;
  }

  Template BuildTemplate(KonformParser::StrContext* ctx) {
    Template tmpl;
    if (ctx == nullptr) return tmpl;
    tmpl.span = Span(ctx);
    std::string text;
    auto flush_text = [&] {
      if (text.empty()) return;
      tmpl.parts.push_back(Template::Part{std::move(text), nullptr});
      text.clear();
    };
    for (auto* terminal : ctx->STRING()) {
      antlr4::Token* token = terminal->getSymbol();
      SourceSpan token_span = Span(token);
      std::string raw = token->getText();
      std::string_view content = std::string_view(raw).substr(1, raw.size() - 2);
      size_t i = 0;
      while (i < content.size()) {
        char c = content[i];
        if (c == '\\' && i + 1 < content.size()) {
          text += Unescape(content.substr(i, 2), token_span);
          i += 2;
        } else if (c == '}') {
          sink_.Error("K1005", SubSpan(token_span, content, i, i + 1),
                      "unmatched '}' in text; write \\} for a literal brace");
          ++i;
        } else if (c == '{') {
          size_t close = i + 1;
          while (close < content.size() && content[close] != '}') {
            close += content[close] == '\\' ? 2 : 1;
          }
          if (close >= content.size()) {
            sink_.Error("K1005", SubSpan(token_span, content, i, content.size()),
                        "'{' opens an interpolation that is never closed");
            break;
          }
          std::string_view inner = content.substr(i + 1, close - i - 1);
          if (inner.find_first_not_of(" \t") == std::string_view::npos) {
            sink_.Error("K1005", SubSpan(token_span, content, i, close + 1),
                        "empty interpolation '{}'");
          } else {
            flush_text();
            TextOrigin origin = origin_;
            origin.line = token_span.begin.line;
            // Column of the first character after '{': the opening quote counts too.
            origin.column_offset =
                token_span.begin.column - 1 + 1 + CountCodePoints(content.substr(0, i + 1));
            std::string expr_text = Unescape(inner, token_span);
            ExprPtr expr = BuildExpression(expr_text, origin, sink_, options_, next_id_);
            tmpl.parts.push_back(Template::Part{"", std::move(expr)});
          }
          i = close + 1;
        } else {
          text += c;
          ++i;
        }
      }
    }
    flush_text();
    return tmpl;
  }

  SourceSpan SubSpan(SourceSpan token, std::string_view content, size_t from, size_t to) const {
    SourceSpan span = token;
    span.begin.column += 1 + CountCodePoints(content.substr(0, from));
    span.end = span.begin;
    span.end.column += CountCodePoints(content.substr(from, to - from));
    return span;
  }

  SourcePos Pos(antlr4::Token* token) const {
    return ErrorCollector::Map(origin_, static_cast<uint32_t>(token->getLine()),
                               static_cast<uint32_t>(token->getCharPositionInLine()));
  }

  SourceSpan Span(antlr4::Token* token) const {
    SourceSpan span{origin_.file, Pos(token), Pos(token)};
    span.end.column += CountCodePoints(token->getText());
    return span;
  }

  SourceSpan Span(antlr4::ParserRuleContext* ctx) const {
    if (ctx == nullptr || ctx->getStart() == nullptr) return SourceSpan{};
    SourceSpan span = Span(ctx->getStart());
    antlr4::Token* stop = ctx->getStop();
    if (stop != nullptr && stop->getType() != antlr4::Token::EOF &&
        stop->getTokenIndex() >= ctx->getStart()->getTokenIndex()) {
      span.end = Span(stop).end;
    }
    return span;
  }

  const TextOrigin& origin_;
  DiagnosticSink& sink_;
  const ParseOptions& options_;
  uint32_t& next_id_;
};

// Lexes the text, refuses unknown characters and excessive nesting, then hands the parser
// to `build`, which runs a start rule and lowers the tree while the parser (which owns the
// tree) is alive. Every exception from ANTLR ends here as a diagnostic.
template <typename Start, typename Build>
void ParseAndBuild(std::string_view text, const TextOrigin& origin, DiagnosticSink& sink,
                   const ParseOptions& options, Start start, Build build) {
  SourceSpan file_start{origin.file, {origin.line, 1}, {origin.line, 1}};
  try {
    antlr4::ANTLRInputStream input(text.data(), text.size());
    KonformLexer lexer(&input);
    ErrorCollector errors(origin, sink, options.max_syntax_errors);
    lexer.removeErrorListeners();
    lexer.addErrorListener(&errors);
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();
    for (antlr4::Token* token : tokens.getTokens()) {
      if (token->getType() == KonformLexer::UNKNOWN_CHAR) {
        errors.syntaxError(nullptr, token, token->getLine(), token->getCharPositionInLine(),
                           "unexpected character '" + token->getText() + "'", nullptr);
      }
    }
    if (errors.count() != 0) return;
    antlr4::Token* culprit = nullptr;
    if (!NestingWithinLimit(tokens, options.max_expression_depth, &culprit)) {
      SourcePos pos = ErrorCollector::Map(origin, static_cast<uint32_t>(culprit->getLine()),
                                          static_cast<uint32_t>(culprit->getCharPositionInLine()));
      sink.Error("K1002", SourceSpan{origin.file, pos, pos},
                 "expression nested too deeply (limit " +
                     std::to_string(options.max_expression_depth) + " levels)");
      return;
    }
    // Two-stage parsing: the fast SLL prediction mode with bail-out first, which handles
    // every valid rule file we have seen; only on a syntax error (or a rare SLL conflict)
    // parse again in full LL mode with error recovery, for exact diagnostics.
    KonformParser parser(&tokens);
    parser.removeErrorListeners();
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    decltype(start(parser)) tree = nullptr;
    try {
      tree = start(parser);
    } catch (const antlr4::ParseCancellationException&) {
      tree = nullptr;
    }
    if (tree == nullptr) {
      tokens.seek(0);
      parser.reset();
      parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
          antlr4::atn::PredictionMode::LL);
      parser.addErrorListener(&errors);
      tree = start(parser);
      if (errors.count() != 0) return;
    }
    build(tree);
  } catch (const std::exception& e) {
    sink.Error("K1001", file_start, std::string("the rule parser failed: ") + e.what());
  } catch (...) {
    sink.Error("K1001", file_start, "the rule parser failed");
  }
}

}  // namespace

std::optional<RuleFile> BuildRuleFile(std::string_view text, const TextOrigin& origin,
                                      DiagnosticSink& sink, const ParseOptions& options) {
  std::optional<RuleFile> result;
  ParseAndBuild(
      text, origin, sink, options, [](KonformParser& parser) { return parser.ruleFile(); },
      [&](KonformParser::RuleFileContext* tree) {
        uint32_t next_id = 1;
        Builder builder(origin, sink, options, next_id);
        RuleFile file = builder.BuildFile(tree);
        file.expr_count = next_id - 1;
        result = std::move(file);
      });
  // Problems the builder found (bad dates, chained comparisons...) leave a usable tree, so
  // the checker still runs and reports more in the same run; only syntax errors stop here.
  return result;
}

ExprPtr BuildExpression(std::string_view text, const TextOrigin& origin, DiagnosticSink& sink,
                        const ParseOptions& options, uint32_t& next_id) {
  ExprPtr result;
  ParseAndBuild(
      text, origin, sink, options, [](KonformParser& parser) { return parser.standaloneExpr(); },
      [&](KonformParser::StandaloneExprContext* tree) {
        Builder builder(origin, sink, options, next_id);
        result = builder.BuildExpr(tree->expr());
      });
  return result;
}

}  // namespace konform::lang::internal
