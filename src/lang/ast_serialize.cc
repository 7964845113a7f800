#include "lang/ast_serialize.h"

#include <cstring>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace konform::lang {
namespace {

// Layout: magic, format version, expr_count, deepest expression nesting, then the file.
// Integers are LEB128 varints (dates zigzag-encoded), doubles their IEEE bits in 8 bytes,
// strings and lists a count followed by the items, expressions a tag (0 = null, otherwise
// 1 + the index of the alternative in Expr::kind) followed by id, span and the alternative.
constexpr char kMagic[4] = {'K', 'A', 'S', 'T'};
// Bump on every change to the encoding or to the AST it encodes.
constexpr uint32_t kFormatVersion = 1;
// Bounds the reader's recursion even when the header lies: far above what the parser
// produces (ParseOptions::max_expression_depth is 100 by default).
constexpr uint32_t kMaxDepth = 1000;

// When one of these fails, ast.h has changed: extend the encoding and bump kFormatVersion.
static_assert(std::variant_size_v<decltype(Expr::kind)> == 8);
static_assert(std::variant_size_v<decltype(Literal::value)> == 4);

uint32_t ZigZag(int32_t value) {
  uint32_t bits = static_cast<uint32_t>(value);
  return value < 0 ? ~(bits << 1) : bits << 1;
}

int32_t UnZigZag(uint32_t value) {
  uint32_t bits = (value & 1) != 0 ? ~(value >> 1) : value >> 1;
  int32_t result;
  std::memcpy(&result, &bits, sizeof result);
  return result;
}

class Encoder {
 public:
  std::string Finish(const RuleFile& file) {
    Pack(file.pack);
    Bool(file.has_pack_header);
    U32(static_cast<uint32_t>(file.lets.size()));
    for (const LetDecl& let : file.lets) Let(let);
    U32(static_cast<uint32_t>(file.rules.size()));
    for (const RuleDecl& rule : file.rules) Rule(rule);
    U32(static_cast<uint32_t>(file.profiles.size()));
    for (const ProfileDecl& profile : file.profiles) Profile(profile);

    std::string body = std::move(out_);
    out_.assign(kMagic, sizeof kMagic);
    U32(kFormatVersion);
    U32(file.expr_count);
    U32(max_depth_);
    out_ += body;
    return std::move(out_);
  }

 private:
  void Byte(uint8_t value) { out_.push_back(static_cast<char>(value)); }
  void Bool(bool value) { Byte(value ? 1 : 0); }
  void U32(uint32_t value) {
    while (value >= 0x80) {
      Byte(static_cast<uint8_t>(value | 0x80));
      value >>= 7;
    }
    Byte(static_cast<uint8_t>(value));
  }
  void Double(double value) {
    uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    for (int i = 0; i < 8; ++i) Byte(static_cast<uint8_t>(bits >> (8 * i)));
  }
  void Str(const std::string& text) {
    U32(static_cast<uint32_t>(text.size()));
    out_ += text;
  }
  void DateValue(Date date) { U32(ZigZag(date.days)); }
  void Pos(SourcePos pos) {
    U32(pos.line);
    U32(pos.column);
  }
  void Span(const SourceSpan& span) {
    Bool(span.file != 0);
    Pos(span.begin);
    Pos(span.end);
  }
  void Text(const LocalizedText& text) {
    U32(static_cast<uint32_t>(text.size()));
    for (const auto& [lang, value] : text) {
      Str(lang);
      Str(value);
    }
  }
  void Templates(const LocalizedTemplate& templates) {
    U32(static_cast<uint32_t>(templates.size()));
    for (const auto& [lang, tmpl] : templates) {
      Str(lang);
      U32(static_cast<uint32_t>(tmpl.parts.size()));
      for (const Template::Part& part : tmpl.parts) {
        Str(part.text);
        Node(part.expr, 1);
      }
      Span(tmpl.span);
    }
  }
  void NamedSpans(const std::vector<std::pair<std::string, SourceSpan>>& items) {
    U32(static_cast<uint32_t>(items.size()));
    for (const auto& [name, span] : items) {
      Str(name);
      Span(span);
    }
  }
  void Nodes(const std::vector<ExprPtr>& exprs, uint32_t depth) {
    U32(static_cast<uint32_t>(exprs.size()));
    for (const ExprPtr& expr : exprs) Node(expr, depth);
  }

  void Node(const ExprPtr& expr, uint32_t depth) {
    if (!expr) {
      U32(0);
      return;
    }
    if (depth > max_depth_) max_depth_ = depth;
    U32(static_cast<uint32_t>(expr->kind.index()) + 1);
    U32(expr->id);
    Span(expr->span);
    Bool(expr->parenthesized);
    uint32_t child = depth + 1;
    if (const auto* literal = std::get_if<Literal>(&expr->kind)) {
      U32(static_cast<uint32_t>(literal->value.index()));
      if (const bool* b = std::get_if<bool>(&literal->value)) Bool(*b);
      if (const double* d = std::get_if<double>(&literal->value)) Double(*d);
      if (const std::string* s = std::get_if<std::string>(&literal->value)) Str(*s);
      if (const Date* date = std::get_if<Date>(&literal->value)) DateValue(*date);
    } else if (const auto* set = std::get_if<SetLiteral>(&expr->kind)) {
      Nodes(set->items, child);
    } else if (const auto* name = std::get_if<NameRef>(&expr->kind)) {
      Str(name->name);
    } else if (const auto* path = std::get_if<Path>(&expr->kind)) {
      U32(static_cast<uint32_t>(path->origin));
      Str(path->variable);
      U32(static_cast<uint32_t>(path->steps.size()));
      for (const Step& step : path->steps) {
        U32(static_cast<uint32_t>(step.axis));
        Bool(step.descendant);
        Str(step.name);
        Nodes(step.predicates, child);
        Span(step.span);
      }
    } else if (const auto* unary = std::get_if<Unary>(&expr->kind)) {
      U32(static_cast<uint32_t>(unary->op));
      Node(unary->operand, child);
    } else if (const auto* binary = std::get_if<Binary>(&expr->kind)) {
      U32(static_cast<uint32_t>(binary->op));
      Node(binary->lhs, child);
      Node(binary->rhs, child);
    } else if (const auto* call = std::get_if<Call>(&expr->kind)) {
      Str(call->function);
      Nodes(call->args, child);
    } else if (const auto* q = std::get_if<Quantified>(&expr->kind)) {
      Bool(q->every);
      Str(q->variable);
      Node(q->range, child);
      Node(q->body, child);
    }
  }

  void OptionalDate(const std::optional<Date>& date) {
    Bool(date.has_value());
    if (date) DateValue(*date);
  }
  void SeverityValue(Severity severity) { U32(static_cast<uint32_t>(severity)); }

  void Pack(const PackDecl& pack) {
    Str(pack.name);
    Text(pack.title);
    Str(pack.version);
    Str(pack.area);
    Span(pack.span);
  }
  void Let(const LetDecl& let) {
    Str(let.name);
    Node(let.value, 1);
    Span(let.span);
  }
  void Rule(const RuleDecl& rule) {
    Str(rule.id);
    Span(rule.id_span);
    Text(rule.title);
    Bool(rule.severity.has_value());
    if (rule.severity) SeverityValue(*rule.severity);
    Span(rule.severity_span);
    Str(rule.area);
    U32(static_cast<uint32_t>(rule.sources.size()));
    for (const std::string& source : rule.sources) Str(source);
    Node(rule.when, 1);
    Bool(rule.for_each.has_value());
    if (rule.for_each) {
      Str(rule.for_each->variable);
      Node(rule.for_each->range, 1);
      Span(rule.for_each->span);
    }
    Node(rule.require, 1);
    Node(rule.at, 1);
    Templates(rule.message);
    Templates(rule.hint);
    Bool(rule.non_waivable);
    OptionalDate(rule.effective_from);
    OptionalDate(rule.effective_until);
    Span(rule.span);
    Str(rule.text);
  }
  void Profile(const ProfileDecl& profile) {
    Str(profile.name);
    Text(profile.title);
    NamedSpans(profile.packs);
    NamedSpans(profile.rules);
    NamedSpans(profile.exclude);
    U32(static_cast<uint32_t>(profile.severities.size()));
    for (const ProfileDecl::Override& o : profile.severities) {
      Str(o.rule);
      SeverityValue(o.severity);
      Span(o.span);
    }
    Span(profile.span);
  }

  std::string out_;
  uint32_t max_depth_ = 0;
};

// Reads with a sticky failure flag: after the first problem every read yields a zero value
// and consumes nothing, so the result is checked once at the end; loops also stop early.
class Decoder {
 public:
  Decoder(std::string_view bytes, uint32_t file_id) : bytes_(bytes), file_id_(file_id) {}

  std::optional<RuleFile> Run() {
    if (bytes_.size() < sizeof kMagic || std::memcmp(bytes_.data(), kMagic, sizeof kMagic) != 0) {
      return std::nullopt;
    }
    pos_ = sizeof kMagic;
    if (U32() != kFormatVersion) return std::nullopt;
    RuleFile file;
    file.file = file_id_;
    file.expr_count = U32();
    max_depth_ = U32();
    // Ids go to expressions, each of which takes several bytes, so a larger count cannot be
    // genuine; the bound also keeps the id table small.
    if (!ok_ || file.expr_count > bytes_.size() || max_depth_ > kMaxDepth) return std::nullopt;
    seen_ids_.assign(file.expr_count + 1, false);

    Pack(file.pack);
    file.has_pack_header = Bool();
    List(file.lets, [this](LetDecl& let) { Let(let); });
    List(file.rules, [this](RuleDecl& rule) { Rule(rule); });
    List(file.profiles, [this](ProfileDecl& profile) { Profile(profile); });
    if (!ok_ || pos_ != bytes_.size()) return std::nullopt;
    return file;
  }

 private:
  size_t remaining() const { return bytes_.size() - pos_; }
  void Fail() {
    ok_ = false;
    pos_ = bytes_.size();
  }

  uint8_t Byte() {
    if (remaining() == 0) {
      Fail();
      return 0;
    }
    return static_cast<uint8_t>(bytes_[pos_++]);
  }
  bool Bool() {
    uint8_t value = Byte();
    if (value > 1) Fail();
    return value == 1;
  }
  uint32_t U32() {
    uint32_t value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      uint8_t byte = Byte();
      if (shift == 28 && byte > 0x0F) break;  // more than 32 bits
      value |= static_cast<uint32_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    Fail();
    return 0;
  }
  // A list length: every item takes at least one byte, so a longer list is malformed.
  size_t Count() {
    uint32_t count = U32();
    if (count > remaining()) {
      Fail();
      return 0;
    }
    return count;
  }
  // Items are appended as they are read, never allocated ahead from a count that may be
  // corrupt, so memory stays proportional to the input actually consumed.
  template <typename T, typename ReadItem>
  void List(std::vector<T>& items, ReadItem read_item) {
    for (size_t n = Count(); n > 0 && ok_; --n) read_item(items.emplace_back());
  }
  template <typename E>
  E Enum(E last) {
    uint32_t value = U32();
    if (value > static_cast<uint32_t>(last)) {
      Fail();
      return E{};
    }
    return static_cast<E>(value);
  }
  double Double() {
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= static_cast<uint64_t>(Byte()) << (8 * i);
    double value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
  }
  std::string Str() {
    uint32_t size = U32();
    if (size > remaining()) {
      Fail();
      return {};
    }
    std::string text(bytes_.substr(pos_, size));
    pos_ += size;
    return text;
  }
  Date DateValue() { return Date{UnZigZag(U32())}; }
  SourcePos Pos() {
    SourcePos pos;
    pos.line = U32();
    pos.column = U32();
    return pos;
  }
  SourceSpan Span() {
    SourceSpan span;
    span.file = Bool() ? file_id_ : 0;
    span.begin = Pos();
    span.end = Pos();
    return span;
  }
  void Text(LocalizedText& text) {
    for (size_t n = Count(); n > 0 && ok_; --n) {
      std::string lang = Str();
      if (!text.emplace(std::move(lang), Str()).second) Fail();
    }
  }
  void Templates(LocalizedTemplate& templates) {
    for (size_t n = Count(); n > 0 && ok_; --n) {
      auto [it, inserted] = templates.try_emplace(Str());
      if (!inserted) {
        Fail();
        return;
      }
      Template& tmpl = it->second;
      List(tmpl.parts, [this](Template::Part& part) {
        part.text = Str();
        part.expr = Node(1);
      });
      tmpl.span = Span();
    }
  }
  void NamedSpans(std::vector<std::pair<std::string, SourceSpan>>& items) {
    List(items, [this](std::pair<std::string, SourceSpan>& item) {
      item.first = Str();
      item.second = Span();
    });
  }
  void Nodes(std::vector<ExprPtr>& exprs, uint32_t depth) {
    List(exprs, [this, depth](ExprPtr& expr) { expr = Node(depth); });
  }

  ExprPtr Node(uint32_t depth) {
    uint32_t tag = U32();
    if (tag == 0 || !ok_) return nullptr;
    if (tag > std::variant_size_v<decltype(Expr::kind)> || depth > max_depth_) {
      Fail();
      return nullptr;
    }
    auto expr = std::make_unique<Expr>();
    expr->id = U32();
    if (expr->id == 0 || expr->id >= seen_ids_.size() || seen_ids_[expr->id]) {
      Fail();
      return nullptr;
    }
    seen_ids_[expr->id] = true;
    expr->span = Span();
    expr->parenthesized = Bool();
    uint32_t child = depth + 1;
    switch (tag - 1) {
      case 0: {
        Literal& literal = expr->kind.emplace<Literal>();
        switch (U32()) {
          case 0:
            literal.value = Bool();
            break;
          case 1:
            literal.value = Double();
            break;
          case 2:
            literal.value = Str();
            break;
          case 3:
            literal.value = DateValue();
            break;
          default:
            Fail();
        }
        break;
      }
      case 1:
        Nodes(expr->kind.emplace<SetLiteral>().items, child);
        break;
      case 2:
        expr->kind.emplace<NameRef>().name = Str();
        break;
      case 3: {
        Path& path = expr->kind.emplace<Path>();
        path.origin = Enum(PathOrigin::kContext);
        path.variable = Str();
        List(path.steps, [this, child](Step& step) {
          step.axis = Enum(Axis::kParent);
          step.descendant = Bool();
          step.name = Str();
          Nodes(step.predicates, child);
          step.span = Span();
        });
        break;
      }
      case 4: {
        Unary& unary = expr->kind.emplace<Unary>();
        unary.op = Enum(UnaryOp::kNegate);
        unary.operand = Node(child);
        break;
      }
      case 5: {
        Binary& binary = expr->kind.emplace<Binary>();
        binary.op = Enum(BinaryOp::kDiv);
        binary.lhs = Node(child);
        binary.rhs = Node(child);
        break;
      }
      case 6: {
        Call& call = expr->kind.emplace<Call>();
        call.function = Str();
        Nodes(call.args, child);
        break;
      }
      case 7: {
        Quantified& q = expr->kind.emplace<Quantified>();
        q.every = Bool();
        q.variable = Str();
        q.range = Node(child);
        q.body = Node(child);
        break;
      }
    }
    return expr;
  }

  std::optional<Date> OptionalDate() {
    if (!Bool()) return std::nullopt;
    return DateValue();
  }
  Severity SeverityValue() { return Enum(Severity::kInfo); }

  void Pack(PackDecl& pack) {
    pack.name = Str();
    Text(pack.title);
    pack.version = Str();
    pack.area = Str();
    pack.span = Span();
  }
  void Let(LetDecl& let) {
    let.name = Str();
    let.value = Node(1);
    let.span = Span();
  }
  void Rule(RuleDecl& rule) {
    rule.id = Str();
    rule.id_span = Span();
    Text(rule.title);
    if (Bool()) rule.severity = SeverityValue();
    rule.severity_span = Span();
    rule.area = Str();
    List(rule.sources, [this](std::string& source) { source = Str(); });
    rule.when = Node(1);
    if (Bool()) {
      ForEach& for_each = rule.for_each.emplace();
      for_each.variable = Str();
      for_each.range = Node(1);
      for_each.span = Span();
    }
    rule.require = Node(1);
    rule.at = Node(1);
    Templates(rule.message);
    Templates(rule.hint);
    rule.non_waivable = Bool();
    rule.effective_from = OptionalDate();
    rule.effective_until = OptionalDate();
    rule.span = Span();
    rule.text = Str();
  }
  void Profile(ProfileDecl& profile) {
    profile.name = Str();
    Text(profile.title);
    NamedSpans(profile.packs);
    NamedSpans(profile.rules);
    NamedSpans(profile.exclude);
    List(profile.severities, [this](ProfileDecl::Override& o) {
      o.rule = Str();
      o.severity = SeverityValue();
      o.span = Span();
    });
    profile.span = Span();
  }

  std::string_view bytes_;
  size_t pos_ = 0;
  uint32_t file_id_;
  bool ok_ = true;
  uint32_t max_depth_ = 0;
  std::vector<bool> seen_ids_;  // expression ids met so far; each may occur once
};

}  // namespace

std::string SerializeRuleFile(const RuleFile& file) { return Encoder().Finish(file); }

std::optional<RuleFile> DeserializeRuleFile(std::string_view bytes, uint32_t file_id) {
  return Decoder(bytes, file_id).Run();
}

}  // namespace konform::lang
