#include "eval/evaluator.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <list>

namespace konform::eval {
namespace {

using check::Builtin;
using lang::BinaryOp;
using lang::Expr;

// One value taking part in a comparison. Text from the document keeps its node, so that a
// conversion error can say where the bad value is.
struct Atom {
  enum Kind { kBool, kNumber, kString, kDate } kind = kString;
  bool b = false;
  double n = 0;
  std::string_view s;
  Date d;
  xml::NodeRef node;
};

const char* KindName(Atom::Kind kind) {
  switch (kind) {
    case Atom::kBool:
      return "boolean";
    case Atom::kNumber:
      return "number";
    case Atom::kDate:
      return "date";
    default:
      return "string";
  }
}

// The atom of a boolean, number, string or date value.
Atom ScalarAtom(const Value& value) {
  Atom atom;
  switch (value.v.index()) {
    case 0:
      atom.kind = Atom::kBool;
      atom.b = value.as_bool();
      break;
    case 1:
      atom.kind = Atom::kNumber;
      atom.n = value.as_number();
      break;
    case 2:
      atom.s = value.as_string();
      break;
    case 3:
      atom.kind = Atom::kDate;
      atom.d = value.as_date();
      break;
    default:
      break;
  }
  return atom;
}

// The atom of a node's text; text that had to be joined from several parts lives in
// `storage`.
Atom NodeAtom(const xml::NodeRef& node, std::list<std::string>& storage) {
  Atom atom;
  std::string scratch;
  atom.node = node;
  atom.s = xml::NodeValue(node, scratch);
  if (atom.s.data() == scratch.data() && !scratch.empty()) {
    storage.push_back(std::move(scratch));
    atom.s = storage.back();
  }
  return atom;
}

// Appends the atoms of a value (none for sets and errors).
void CollectAtoms(const Value& value, std::vector<Atom>& atoms, std::list<std::string>& storage) {
  if (value.is_nodes()) {
    for (const xml::NodeRef& node : value.nodes()) atoms.push_back(NodeAtom(node, storage));
  } else if (!value.is_set() && !value.is_error()) {
    atoms.push_back(ScalarAtom(value));
  }
}

std::string Quoted(std::string_view text) {
  if (text.size() > 60) return "'" + std::string(text.substr(0, 57)) + "...'";
  return "'" + std::string(text) + "'";
}

// Converts a text atom to `kind`; false if the text is not of that kind.
bool ConvertAtom(Atom& atom, Atom::Kind kind) {
  switch (kind) {
    case Atom::kNumber:
      if (auto n = ParseNumber(atom.s)) {
        atom.n = *n;
        break;
      }
      return false;
    case Atom::kBool:
      if (auto b = ParseBoolean(atom.s)) {
        atom.b = *b;
        break;
      }
      return false;
    case Atom::kDate: {
      std::string_view text = atom.s;
      size_t begin = text.find_first_not_of(" \t\r\n");
      text = begin == std::string_view::npos ? std::string_view() : text.substr(begin);
      text = text.substr(0, text.find_last_not_of(" \t\r\n") + 1);
      if (auto d = ParseIsoDate(text)) {
        atom.d = *d;
        break;
      }
      return false;
    }
    case Atom::kString:
      break;
  }
  atom.kind = kind;
  return true;
}

Value ConversionError(const Atom& atom, Atom::Kind kind) {
  return Value::Error("the value " + Quoted(atom.s) + " is not a " + KindName(kind) +
                          (kind == Atom::kDate ? " (YYYY-MM-DD)" : ""),
                      atom.node);
}

template <typename T>
bool Ordered(BinaryOp op, const T& a, const T& b) {
  switch (op) {
    case BinaryOp::kEq:
      return a == b;
    case BinaryOp::kLt:
      return a < b;
    case BinaryOp::kLe:
      return !(b < a);
    case BinaryOp::kGt:
      return b < a;
    case BinaryOp::kGe:
      return !(a < b);
    default:
      return false;
  }
}

// Numbers compare with a tiny relative tolerance, so that decimal amounts behave as written:
// 0.1 + 0.2 = 0.3 is true although binary floating point cannot represent them exactly.
bool OrderedNumbers(BinaryOp op, double a, double b) {
  double scale = std::max({1.0, std::fabs(a), std::fabs(b)});
  bool equal = std::fabs(a - b) <= 1e-9 * scale;
  switch (op) {
    case BinaryOp::kEq:
      return equal;
    case BinaryOp::kLt:
      return a < b && !equal;
    case BinaryOp::kLe:
      return a < b || equal;
    case BinaryOp::kGt:
      return a > b && !equal;
    case BinaryOp::kGe:
      return a > b || equal;
    default:
      return false;
  }
}

// Compares two atoms; returns an error value, or sets `result`.
std::optional<Value> CompareAtoms(BinaryOp op, Atom a, Atom b, bool& result) {
  if (a.kind == Atom::kString && b.kind == Atom::kString) {
    if (op != BinaryOp::kEq) {
      // Ordering two texts: numerically or by date when both sides allow it.
      Atom na = a, nb = b;
      if (ConvertAtom(na, Atom::kNumber) && ConvertAtom(nb, Atom::kNumber)) {
        result = OrderedNumbers(op, na.n, nb.n);
        return std::nullopt;
      }
      na = a, nb = b;
      if (ConvertAtom(na, Atom::kDate) && ConvertAtom(nb, Atom::kDate)) {
        result = Ordered(op, na.d, nb.d);
        return std::nullopt;
      }
    }
    result = Ordered(op, a.s, b.s);
    return std::nullopt;
  }
  if (a.kind == Atom::kString && !ConvertAtom(a, b.kind)) return ConversionError(a, b.kind);
  if (b.kind == Atom::kString && !ConvertAtom(b, a.kind)) return ConversionError(b, a.kind);
  if (a.kind != b.kind) {
    return Value::Error(std::string("cannot compare a ") + KindName(a.kind) + " with a " +
                        KindName(b.kind));
  }
  switch (a.kind) {
    case Atom::kBool:
      if (op != BinaryOp::kEq) return Value::Error("booleans cannot be ordered");
      result = a.b == b.b;
      break;
    case Atom::kNumber:
      result = OrderedNumbers(op, a.n, b.n);
      break;
    case Atom::kDate:
      result = Ordered(op, a.d, b.d);
      break;
    case Atom::kString:
      break;
  }
  return std::nullopt;
}

// The text form of an atom, for hash lookups and string functions.
std::string AtomText(const Atom& atom) {
  switch (atom.kind) {
    case Atom::kBool:
      return atom.b ? "true" : "false";
    case Atom::kNumber:
      return FormatNumber(atom.n);
    case Atom::kDate:
      return FormatIsoDate(atom.d);
    default:
      return std::string(atom.s);
  }
}

// A single value for arithmetic and functions: a node set must hold exactly one node.
std::optional<Value> SingleAtom(const Value& value, Atom& atom, std::list<std::string>& storage,
                                std::string_view what, std::string_view suffix = "") {
  if (value.is_error()) return value;
  if (value.is_set()) {
    return Value::Error(std::string(what) + std::string(suffix) + " cannot use a set");
  }
  size_t count = value.is_nodes() ? value.nodes().size() : 1;
  if (count != 1) {
    return Value::Error(std::string(what) + std::string(suffix) +
                        " needs one value, but the path selects " + std::to_string(count) +
                        " nodes");
  }
  atom = value.is_nodes() ? NodeAtom(value.nodes().front(), storage) : ScalarAtom(value);
  return std::nullopt;
}

// The name test of a step. Most candidates differ in the first two bytes, so those are
// checked before the full comparison (names are never empty, so both second bytes exist once
// the first ones are equal); the local-name fallback (a document with a default namespace or
// prefixes still fits) is only needed when the document has prefixed names at all.
inline bool NameMatches(const char* actual, const std::string& wanted, bool prefixed) {
  if (actual[0] == wanted[0] && actual[1] == wanted[1] &&
      (actual[1] == '\0' || std::strcmp(actual + 2, wanted.c_str() + 2) == 0)) {
    return true;
  }
  if (wanted.size() == 1 && wanted[0] == '*') return true;
  if (!prefixed) return false;
  const char* colon = std::strchr(actual, ':');
  return colon != nullptr && std::strcmp(colon + 1, wanted.c_str()) == 0;
}

// Appends all element descendants-or-self of the nodes. Through the index they are a range
// of entries; a node the index does not know (a text node) is its own only descendant.
void DescendantsOrSelf(const xml::ElementIndex& index, const xml::NodeRef* first,
                       const xml::NodeRef* last, NodeList& out) {
  const std::vector<xml::ElementIndex::Element>& elements = index.elements();
  for (; first != last; ++first) {
    if (first->is_attribute()) continue;
    const uint32_t entry = index.EntryOf(first->node, first->entry);
    if (entry == xml::ElementIndex::kNone) {
      out.push_back(*first);
      continue;
    }
    for (uint32_t e = entry; e < elements[entry].subtree_end; ++e) {
      out.push_back(xml::NodeRef{elements[e].node, {}, e});
    }
  }
}

// Binds a loop variable to one node (held inline: no allocation).
void BindNode(Value& slot, const xml::NodeRef& node) { slot = Value::Nodes(NodeSet(node)); }

void SortUnique(NodeList& nodes) {
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
}

}  // namespace

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kNotApplicable:
      return "not-applicable";
    case Outcome::kPass:
      return "pass";
    case Outcome::kFail:
      return "fail";
    case Outcome::kError:
      return "error";
  }
  return "error";
}

void Evaluator::Reset(const xml::Document& doc, const EvalOptions& options) {
  doc_ = &doc;
  options_ = options;
  lets_.assign(rules_.let_count(), std::nullopt);
  paths_.assign(rules_.path_cache_slots(), std::nullopt);
  indexes_.clear();
  indexes_.resize(rules_.path_cache_slots());
}

DocumentResult Evaluator::Evaluate(const xml::Document& doc, const EvalOptions& options) {
  Reset(doc, options);
  DocumentResult result;
  result.rules.reserve(rules_.rules().size());
  for (size_t i = 0; i < rules_.rules().size(); ++i) {
    if (options.active != nullptr && !(*options.active)[i]) {
      RuleSummary skipped;
      skipped.rule = &rules_.rules()[i];
      skipped.active = false;
      result.rules.push_back(skipped);
      continue;
    }
    EvaluateRule(rules_.rules()[i], result);
  }
  return result;
}

Value Evaluator::EvaluateExpr(const xml::Document& doc, uint32_t file, const Expr& expr,
                              const EvalOptions& options) {
  Reset(doc, options);
  Frame frame;
  frame.file = file;
  frame.slots.resize(8);
  frame.context = doc.document_node();
  return Eval(expr, frame);
}

void Evaluator::EvaluateRule(const CompiledRule& rule, DocumentResult& result) {
  const lang::RuleDecl& decl = *rule.decl;
  RuleSummary summary;
  summary.rule = &rule;
  Frame frame;
  frame.file = rule.file;
  frame.slots.resize(rule.slots);
  frame.context = doc_->document_node();

  auto add_error = [&](const Value& error, xml::NodeRef fallback) {
    RuleFinding finding;
    finding.rule = &rule;
    finding.outcome = Outcome::kError;
    finding.node = error.error().node.node ? error.error().node : fallback;
    finding.message = error.error().message;
    result.findings.push_back(std::move(finding));
    ++summary.errors;
  };
  xml::NodeRef root{doc_->root(), {}};

  // Outside its period of validity a rule does not apply.
  if ((decl.effective_from && options_.today < *decl.effective_from) ||
      (decl.effective_until && *decl.effective_until < options_.today)) {
    result.rules.push_back(summary);
    return;
  }
  if (decl.when) {
    Value when = ToCondition(Eval(*decl.when, frame));
    if (when.is_error()) {
      add_error(when, root);
    } else if (!when.as_bool()) {
      result.rules.push_back(summary);
      return;
    }
  }
  if (summary.errors == 0) {
    NodeSet targets;
    bool per_node = decl.for_each.has_value();
    if (per_node) {
      Value range = Eval(*decl.for_each->range, frame);
      if (range.is_error()) {
        add_error(range, root);
      } else if (range.is_nodes()) {
        targets = range.nodes();
      }
    } else {
      targets = NodeSet(xml::NodeRef{});
    }
    for (const xml::NodeRef& target : targets) {
      if (per_node) {
        BindNode(frame.slots[0], target);
        frame.context = target;
      }
      Value verdict = ToCondition(Eval(*decl.require, frame));
      if (verdict.is_error()) {
        add_error(verdict, per_node ? target : root);
        continue;
      }
      if (verdict.as_bool()) {
        ++summary.passed;
        continue;
      }
      RuleFinding finding;
      finding.rule = &rule;
      finding.outcome = Outcome::kFail;
      finding.node = Locate(rule, frame);
      finding.message = Render(decl.message, frame);
      finding.hint = Render(decl.hint, frame);
      result.findings.push_back(std::move(finding));
      ++summary.failed;
    }
  }
  if (summary.errors != 0) {
    summary.outcome = Outcome::kError;
  } else if (summary.failed != 0) {
    summary.outcome = Outcome::kFail;
  } else if (summary.passed != 0) {
    summary.outcome = Outcome::kPass;
  }
  result.rules.push_back(summary);
}

xml::NodeRef Evaluator::Locate(const CompiledRule& rule, Frame& frame) {
  const lang::RuleDecl& decl = *rule.decl;
  xml::NodeRef fallback = decl.for_each ? frame.context : xml::NodeRef{doc_->root(), {}};
  if (!decl.at) return fallback;
  if (const auto* path = std::get_if<lang::Path>(&decl.at->kind)) {
    // The deepest node the path still reaches: where something is missing, the finding
    // lands on the nearest existing parent.
    std::string error;
    std::optional<NodeSet> nodes =
        WalkPath(*path, rules_.files()[rule.file].info[decl.at->id], frame, true, &error);
    if (nodes && !nodes->empty() && !nodes->front().is_document()) return nodes->front();
    return fallback;
  }
  Value value = Eval(*decl.at, frame);
  if (value.is_nodes() && !value.nodes().empty()) return value.nodes().front();
  return fallback;
}

std::string Evaluator::Render(const lang::LocalizedTemplate& templates, Frame& frame) {
  auto it = templates.find(options_.language);
  if (it == templates.end()) it = templates.find("de");
  if (it == templates.end()) return "";
  std::string out;
  for (const lang::Template::Part& part : it->second.parts) {
    if (!part.expr) {
      out += part.text;
      continue;
    }
    Value value = Eval(*part.expr, frame);
    out += value.is_error() ? "?" : ToDisplayString(value);
  }
  return out;
}

Value Evaluator::ToCondition(const Value& value) {
  if (value.is_bool() || value.is_error()) return value;
  if (value.is_nodes()) return Value::Bool(!value.nodes().empty());
  return Value::Error("a condition must be a boolean or a path");
}

Value Evaluator::EvalLet(uint32_t file, int index) {
  uint32_t slot = rules_.tables(file).let_base + static_cast<uint32_t>(index);
  if (!lets_[slot]) {
    Frame frame;
    frame.file = file;
    frame.context = doc_->document_node();
    lets_[slot] = Eval(*rules_.files()[file].ast.lets[index].value, frame);
  }
  return *lets_[slot];
}

Value Evaluator::Eval(const Expr& expr, Frame& frame) {
  const FileTables& tables = rules_.tables(frame.file);
  if (const std::optional<Value>& constant = tables.constants[expr.id]) return *constant;
  const check::ExprInfo& info = rules_.files()[frame.file].info[expr.id];
  switch (expr.kind.index()) {
    case 2:  // NameRef
      return EvalLet(frame.file, info.let_index);
    case 3:  // Path
      return EvalPath(expr, std::get<lang::Path>(expr.kind), frame);
    case 4: {  // Unary
      const auto& unary = std::get<lang::Unary>(expr.kind);
      Value operand = Eval(*unary.operand, frame);
      if (unary.op == lang::UnaryOp::kNot) {
        Value condition = ToCondition(operand);
        return condition.is_error() ? condition : Value::Bool(!condition.as_bool());
      }
      std::list<std::string> storage;
      Atom atom;
      if (auto error = SingleAtom(operand, atom, storage, "'-'")) return *error;
      if (atom.kind == Atom::kString && !ConvertAtom(atom, Atom::kNumber)) {
        return ConversionError(atom, Atom::kNumber);
      }
      if (atom.kind != Atom::kNumber) return Value::Error("'-' needs a number");
      return Value::Number(-atom.n);
    }
    case 5:
      return EvalBinary(expr, std::get<lang::Binary>(expr.kind), frame);
    case 6:
      return EvalCall(expr, std::get<lang::Call>(expr.kind), frame);
    case 7: {  // Quantified
      const auto& q = std::get<lang::Quantified>(expr.kind);
      Value range = Eval(*q.range, frame);
      if (range.is_error()) return range;
      if (!range.is_nodes()) return Value::Error("a quantifier needs a node set");
      std::optional<Value> first_error;
      // A `let` has its own frame, sized for no variables: grow it for its quantifiers.
      if (static_cast<size_t>(info.slot) >= frame.slots.size()) frame.slots.resize(info.slot + 1);
      for (const xml::NodeRef& node : range.nodes()) {
        BindNode(frame.slots[info.slot], node);
        Value body = ToCondition(Eval(*q.body, frame));
        if (body.is_error()) {
          if (!first_error) first_error = body;
          continue;
        }
        // every: one false decides; some: one true decides, errors elsewhere or not.
        if (body.as_bool() != q.every) return Value::Bool(!q.every);
      }
      if (first_error) return *first_error;
      return Value::Bool(q.every);
    }
    default:
      return Value::Error("internal: expression has no value");
  }
}

Value Evaluator::EvalPath(const Expr& expr, const lang::Path& path, Frame& frame) {
  int32_t cache = rules_.tables(frame.file).path_cache[expr.id];
  if (cache >= 0 && paths_[cache]) return Value::Nodes(*paths_[cache]);
  const check::ExprInfo& info = rules_.files()[frame.file].info[expr.id];
  if (path.steps.empty() && info.slot < 0 && info.let_index >= 0) {
    return EvalLet(frame.file, info.let_index);  // $name of a let: its value, whatever type
  }
  std::string error;
  std::optional<NodeSet> nodes =
      WalkPath(path, rules_.files()[frame.file].info[expr.id], frame, false, &error);
  if (!nodes) return Value::Error(error);
  if (cache >= 0) paths_[cache] = *nodes;
  return Value::Nodes(std::move(*nodes));
}

std::optional<NodeSet> Evaluator::WalkPath(const lang::Path& path, const check::ExprInfo& info,
                                           Frame& frame, bool deepest, std::string* error) {
  NodeSet origin;  // where the path starts; read in place, never copied
  switch (path.origin) {
    case lang::PathOrigin::kRoot:
      origin = NodeSet(doc_->document_node());
      break;
    case lang::PathOrigin::kContext:
      origin = NodeSet(frame.context);
      break;
    case lang::PathOrigin::kVariable: {
      if (info.slot < 0) {  // a `let` read as $name
        Value value = EvalLet(frame.file, info.let_index);
        if (value.is_error()) {
          *error = value.error().message;
          return std::nullopt;
        }
        if (!value.is_nodes()) {
          *error = "$" + path.variable + " does not hold nodes";
          return std::nullopt;
        }
        origin = value.nodes();
        break;
      }
      const Value& bound = frame.slots.at(static_cast<size_t>(info.slot));
      if (!bound.is_nodes()) {
        *error = "variable $" + path.variable + " is not bound to nodes";
        return std::nullopt;
      }
      origin = bound.nodes();
      break;
    }
  }
  if (path.steps.empty() || origin.empty()) return origin;

  // This nesting level's working lists: current, next, descendants, group, kept.
  if (walk_lists_.size() <= walk_depth_) walk_lists_.push_back(std::make_unique<NodeList[]>(5));
  NodeList* lists = walk_lists_[walk_depth_].get();
  struct Level {
    size_t& depth;
    ~Level() { --depth; }
  } level{++walk_depth_};
  NodeList& current = lists[0];
  NodeList& next = lists[1];
  NodeList& descendants = lists[2];
  NodeList& group = lists[3];
  NodeList& kept = lists[4];

  const xml::ElementIndex& index = doc_->index();
  // Name tests fall back to local names only in documents that use prefixes at all.
  const bool prefixed = index.has_prefixed_names();
  const std::vector<xml::ElementIndex::Element>& elements = index.elements();
  const std::vector<xml::ElementIndex::Attribute>& attributes = index.attributes();
  const xml::NodeRef* first = origin.begin();
  const xml::NodeRef* last = origin.end();
  bool unordered = false;  // set once a step can produce nodes out of document order
  for (const lang::Step& step : path.steps) {
    if (first == last) break;
    if (step.descendant) {
      descendants.clear();
      DescendantsOrSelf(index, first, last, descendants);
      first = descendants.data();
      last = first + descendants.size();
      unordered = true;
    }
    // Without predicates a step appends straight to the result.
    const bool filtered = !step.predicates.empty();
    NodeList& out = filtered ? group : next;
    next.clear();
    for (const xml::NodeRef* it = first; it != last; ++it) {
      const xml::NodeRef& ref = *it;
      if (filtered) group.clear();
      switch (step.axis) {
        case lang::Axis::kChild: {
          if (ref.is_attribute()) break;
          const uint32_t entry = index.EntryOf(ref.node, ref.entry);
          if (entry == xml::ElementIndex::kNone) break;  // a text node has no children
          for (uint32_t c = elements[entry].first_child; c != xml::ElementIndex::kNone;
               c = elements[c].next_sibling) {
            if (NameMatches(elements[c].name, step.name, prefixed)) {
              out.push_back(xml::NodeRef{elements[c].node, {}, c});
            }
          }
          break;
        }
        case lang::Axis::kAttribute: {
          if (ref.is_attribute()) break;
          const uint32_t entry = index.EntryOf(ref.node, ref.entry);
          if (entry == xml::ElementIndex::kNone) break;
          const xml::ElementIndex::Element& element = elements[entry];
          for (uint32_t a = element.attributes_begin; a < element.attributes_end; ++a) {
            if (NameMatches(attributes[a].name, step.name, prefixed)) {
              out.push_back(xml::NodeRef{element.node, attributes[a].attribute, entry});
            }
          }
          break;
        }
        case lang::Axis::kText:
          if (ref.is_attribute()) break;
          for (pugi::xml_node child = ref.node.first_child(); child; child = child.next_sibling()) {
            if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
              out.push_back(xml::NodeRef{child, {}});
            }
          }
          break;
        case lang::Axis::kSelf:
          out.push_back(ref);
          break;
        case lang::Axis::kParent:
          if (ref.is_attribute()) {
            out.push_back(xml::NodeRef{ref.node, {}, ref.entry});
          } else if (ref.entry != xml::NodeRef::kNoEntry) {
            const uint32_t parent = elements[ref.entry].parent;
            if (parent != xml::ElementIndex::kNone) {
              out.push_back(xml::NodeRef{elements[parent].node, {}, parent});
            }
          } else if (ref.node.parent()) {
            out.push_back(xml::NodeRef{ref.node.parent(), {}});
          }
          unordered = true;
          break;
      }
      if (!filtered) continue;
      // Predicates filter each context node's own group, so positions count per parent.
      for (const lang::ExprPtr& predicate : step.predicates) {
        kept.clear();
        xml::NodeRef saved_context = frame.context;
        for (size_t i = 0; i < group.size(); ++i) {
          frame.context = group[i];
          Value test = Eval(*predicate, frame);
          if (test.is_error()) {
            frame.context = saved_context;
            *error = test.error().message;
            return std::nullopt;
          }
          bool keep = false;
          if (test.is_number()) {
            keep = test.as_number() == static_cast<double>(i + 1);
          } else {
            Value condition = ToCondition(test);
            if (!condition.is_bool()) {
              frame.context = saved_context;
              *error = "a predicate must be a condition or a position";
              return std::nullopt;
            }
            keep = condition.as_bool();
          }
          if (keep) kept.push_back(group[i]);
        }
        frame.context = saved_context;
        group.swap(kept);
      }
      next.insert(next.end(), group.begin(), group.end());
    }
    if (unordered) SortUnique(next);
    if (deepest && next.empty()) break;  // keep the nearest existing ancestor
    current.swap(next);
    first = current.data();
    last = first + current.size();
  }
  if (first == origin.begin()) return origin;
  if (last - first == 1) return NodeSet(*first);
  return NodeSet(NodeList(first, last));
}

const Evaluator::HashIndex& Evaluator::IndexOf(const Expr& path_expr, const Value& nodes,
                                               Frame& frame, HashIndex& scratch) {
  int32_t cache = -1;
  if (std::holds_alternative<lang::Path>(path_expr.kind)) {
    cache = rules_.tables(frame.file).path_cache[path_expr.id];
  }
  HashIndex* index = &scratch;
  if (cache >= 0) {
    if (indexes_[cache]) return *indexes_[cache];
    indexes_[cache] = std::make_unique<HashIndex>();
    index = indexes_[cache].get();
  }
  index->counts.reserve(nodes.nodes().size());
  std::string value_scratch;
  for (const xml::NodeRef& node : nodes.nodes()) {
    std::string_view value = xml::NodeValue(node, value_scratch);
    if (value.data() == value_scratch.data() && !value_scratch.empty()) {
      index->joined.push_back(value_scratch);  // text joined from several parts
      value = index->joined.back();
    }
    uint32_t count = ++index->counts[value];
    index->max_count = std::max(index->max_count, count);
  }
  return *index;
}

Value Evaluator::EvalBinary(const Expr& expr, const lang::Binary& binary, Frame& frame) {
  switch (binary.op) {
    case BinaryOp::kAnd:
    case BinaryOp::kOr: {
      // Short-circuit, but symmetric for errors: `false and error` is false whichever side
      // the error is on.
      bool decisive = binary.op == BinaryOp::kOr;
      Value lhs = ToCondition(Eval(*binary.lhs, frame));
      if (lhs.is_bool() && lhs.as_bool() == decisive) return lhs;
      Value rhs = ToCondition(Eval(*binary.rhs, frame));
      if (rhs.is_bool() && rhs.as_bool() == decisive) return rhs;
      if (lhs.is_error()) return lhs;
      return rhs;
    }
    default:
      break;
  }
  Value lhs = Eval(*binary.lhs, frame);
  if (lhs.is_error()) return lhs;
  Value rhs = Eval(*binary.rhs, frame);
  if (rhs.is_error()) return rhs;
  std::list<std::string> storage;
  switch (binary.op) {
    case BinaryOp::kEq:
    case BinaryOp::kNe:
    case BinaryOp::kLt:
    case BinaryOp::kLe:
    case BinaryOp::kGt:
    case BinaryOp::kGe: {
      if (lhs.is_set() || rhs.is_set()) return Value::Error("a set cannot be compared; use 'in'");
      // Per-thread lists, reused: both operands are evaluated by now, so no nested
      // comparison can be using them.
      thread_local std::vector<Atom> left, right;
      left.clear();
      right.clear();
      CollectAtoms(lhs, left, storage);
      CollectAtoms(rhs, right, storage);
      BinaryOp op = binary.op == BinaryOp::kNe ? BinaryOp::kEq : binary.op;
      // Existential, and independent of document order: one true pair decides, as in `or`;
      // otherwise a value that could not be converted makes the result an error.
      bool any = false;
      std::optional<Value> first_error;
      for (const Atom& a : left) {
        for (const Atom& b : right) {
          bool result = false;
          if (auto error = CompareAtoms(op, a, b, result)) {
            if (!first_error) first_error = std::move(*error);
            continue;
          }
          if (result) {
            any = true;
            break;
          }
        }
        if (any) break;
      }
      if (!any && first_error) return *first_error;
      return Value::Bool(binary.op == BinaryOp::kNe ? !any : any);
    }
    case BinaryOp::kIn: {
      thread_local std::vector<Atom> left;  // reused, as for comparisons
      left.clear();
      CollectAtoms(lhs, left, storage);
      if (rhs.is_set()) {
        const ConstSet& set = rhs.set();
        std::optional<Value> first_error;
        for (const Atom& a : left) {
          if (a.kind == Atom::kString && set.strings.count(a.s)) {
            return Value::Bool(true);
          }
          bool converted = !set.strings.empty();  // a text set accepts any text
          for (const Value& item : set.items) {
            if (item.is_string()) continue;
            const Atom member = ScalarAtom(item);
            Atom candidate = a;
            if (candidate.kind == Atom::kString && !ConvertAtom(candidate, member.kind)) {
              if (!first_error) first_error = ConversionError(a, member.kind);
              continue;
            }
            converted = true;
            bool result = false;
            if (candidate.kind == member.kind &&
                !CompareAtoms(BinaryOp::kEq, candidate, member, result) && result) {
              return Value::Bool(true);
            }
          }
          // Text that fits no member's type is an error, never a silent false.
          if (!converted && first_error) return *first_error;
        }
        return Value::Bool(false);
      }
      if (!rhs.is_nodes()) return Value::Error("the right side of 'in' must be a set or a path");
      if (left.empty()) return Value::Bool(false);
      HashIndex scratch;
      const HashIndex& index = IndexOf(*binary.rhs, rhs, frame, scratch);
      std::vector<Atom> right;
      for (const Atom& a : left) {
        if (a.kind == Atom::kString) {
          // Text against text: one hash lookup (the usual cross-reference).
          if (index.counts.count(a.s)) return Value::Bool(true);
          continue;
        }
        // A number, date or boolean compares by value, as `=` does: 1500.5 matches "1500.50".
        if (right.empty()) CollectAtoms(rhs, right, storage);
        for (Atom b : right) {
          if (ConvertAtom(b, a.kind) && AtomText(b) == AtomText(a)) return Value::Bool(true);
        }
      }
      return Value::Bool(false);
    }
    case BinaryOp::kMatches: {
      const auto& regex = rules_.files()[frame.file].info[expr.id].regex;
      if (!regex) return Value::Error("internal: regular expression not compiled");
      thread_local std::vector<Atom> left;  // reused, as for comparisons
      left.clear();
      CollectAtoms(lhs, left, storage);
      for (const Atom& a : left) {
        if (a.kind == Atom::kString) {
          if (RE2::PartialMatch(re2::StringPiece(a.s.data(), a.s.size()), *regex)) {
            return Value::Bool(true);
          }
          continue;
        }
        if (RE2::PartialMatch(AtomText(a), *regex)) return Value::Bool(true);
      }
      return Value::Bool(false);
    }
    default:
      break;
  }
  // Arithmetic on single values.
  Atom a, b;
  if (auto error = SingleAtom(lhs, a, storage, lang::BinaryOpName(binary.op))) return *error;
  if (auto error = SingleAtom(rhs, b, storage, lang::BinaryOpName(binary.op))) return *error;
  for (Atom* atom : {&a, &b}) {
    if (atom->kind != Atom::kString) continue;
    if (!ConvertAtom(*atom, Atom::kNumber) && !ConvertAtom(*atom, Atom::kDate)) {
      return ConversionError(*atom, Atom::kNumber);
    }
  }
  bool additive = binary.op == BinaryOp::kAdd || binary.op == BinaryOp::kSub;
  if (a.kind == Atom::kNumber && b.kind == Atom::kNumber) {
    switch (binary.op) {
      case BinaryOp::kAdd:
        return Value::Number(a.n + b.n);
      case BinaryOp::kSub:
        return Value::Number(a.n - b.n);
      case BinaryOp::kMul:
        return Value::Number(a.n * b.n);
      default:
        if (b.n == 0) return Value::Error("division by zero");
        return Value::Number(a.n / b.n);
    }
  }
  if (additive && a.kind == Atom::kDate && b.kind == Atom::kNumber && b.n == std::floor(b.n) &&
      std::fabs(b.n) < 1e7) {
    int32_t days = static_cast<int32_t>(b.n);
    return Value::DateValue(Date{a.d.days + (binary.op == BinaryOp::kAdd ? days : -days)});
  }
  if (binary.op == BinaryOp::kAdd && a.kind == Atom::kNumber && b.kind == Atom::kDate &&
      a.n == std::floor(a.n) && std::fabs(a.n) < 1e7) {
    return Value::DateValue(Date{b.d.days + static_cast<int32_t>(a.n)});
  }
  if (binary.op == BinaryOp::kSub && a.kind == Atom::kDate && b.kind == Atom::kDate) {
    return Value::Number(a.d.days - b.d.days);
  }
  return Value::Error(std::string("'") + lang::BinaryOpName(binary.op) + "' cannot combine a " +
                      KindName(a.kind) + " and a " + KindName(b.kind));
}

Value Evaluator::EvalCall(const Expr& expr, const lang::Call& call, Frame& frame) {
  const check::BuiltinInfo* builtin = rules_.files()[frame.file].info[expr.id].builtin;
  if (builtin == nullptr) return Value::Error("internal: unresolved function " + call.function);
  if (builtin->id == Builtin::kIf) {
    Value condition = ToCondition(Eval(*call.args[0], frame));
    if (condition.is_error()) return condition;
    return Eval(*call.args[condition.as_bool() ? 1 : 2], frame);
  }
  if (builtin->id == Builtin::kToday) return Value::DateValue(options_.today);
  // Built-ins take at most three arguments (the checker enforces each one's arity).
  std::array<Value, 3> args;
  if (call.args.size() > args.size()) return Value::Error("internal: too many arguments");
  for (size_t i = 0; i < call.args.size(); ++i) {
    args[i] = Eval(*call.args[i], frame);
    if (args[i].is_error()) return args[i];
  }
  const Value& last = args[call.args.empty() ? 0 : call.args.size() - 1];
  std::list<std::string> storage;
  // Only error messages name the function: the name is built when one is made.
  auto named = [&](const char* problem) { return Value::Error(call.function + "() " + problem); };
  auto nodes_of = [&](const Value& v) -> const NodeSet* {
    return v.is_nodes() ? &v.nodes() : nullptr;
  };
  // The single text value of an argument; an empty node set counts as "".
  auto text_of = [&](const Value& v, std::string& out) -> std::optional<Value> {
    if (v.is_nodes() && v.nodes().empty()) {
      out.clear();
      return std::nullopt;
    }
    Atom atom;
    if (auto error = SingleAtom(v, atom, storage, call.function, "()")) return error;
    out = AtomText(atom);
    return std::nullopt;
  };
  auto numbers_of = [&](const Value& v, std::vector<double>& out) -> std::optional<Value> {
    std::vector<Atom> atoms;
    if (v.is_set()) {
      for (const Value& item : v.set().items) CollectAtoms(item, atoms, storage);
    } else {
      CollectAtoms(v, atoms, storage);
    }
    for (Atom& atom : atoms) {
      if (atom.kind == Atom::kString && !ConvertAtom(atom, Atom::kNumber)) {
        return ConversionError(atom, Atom::kNumber);
      }
      if (atom.kind != Atom::kNumber) return named("needs numbers");
      out.push_back(atom.n);
    }
    return std::nullopt;
  };
  switch (builtin->id) {
    case Builtin::kExists:
    case Builtin::kEmpty:
    case Builtin::kCount: {
      const NodeSet* nodes = nodes_of(args[0]);
      if (nodes == nullptr) return named("needs a path");
      if (builtin->id == Builtin::kCount) return Value::Number(static_cast<double>(nodes->size()));
      return Value::Bool(nodes->empty() == (builtin->id == Builtin::kEmpty));
    }
    case Builtin::kSum:
    case Builtin::kMin:
    case Builtin::kMax: {
      std::vector<double> numbers;
      if (auto error = numbers_of(args[0], numbers)) return *error;
      if (builtin->id == Builtin::kSum) {
        double total = 0;
        for (double n : numbers) total += n;
        return Value::Number(total);
      }
      if (numbers.empty()) return named("of no values");
      return Value::Number(builtin->id == Builtin::kMin
                               ? *std::min_element(numbers.begin(), numbers.end())
                               : *std::max_element(numbers.begin(), numbers.end()));
    }
    case Builtin::kUnique:
    case Builtin::kOccurrences: {
      const Value& path_value = last;
      if (!path_value.is_nodes()) return named("needs a path");
      HashIndex scratch;
      const HashIndex& index = IndexOf(*call.args.back(), path_value, frame, scratch);
      if (builtin->id == Builtin::kUnique) return Value::Bool(index.max_count <= 1);
      std::vector<Atom> atoms;
      CollectAtoms(args[0], atoms, storage);
      if (atoms.size() > 1) return named("needs one value to count");
      if (atoms.empty()) return Value::Number(0);
      if (atoms.front().kind == Atom::kString) {
        auto it = index.counts.find(atoms.front().s);
        return Value::Number(it == index.counts.end() ? 0 : it->second);
      }
      // A number, date or boolean counts the nodes equal by value ("1500.50" is 1500.5).
      std::vector<Atom> nodes;
      CollectAtoms(path_value, nodes, storage);
      double count = 0;
      for (Atom b : nodes) {
        if (ConvertAtom(b, atoms.front().kind) && AtomText(b) == AtomText(atoms.front())) ++count;
      }
      return Value::Number(count);
    }
    case Builtin::kLen:
    case Builtin::kLower:
    case Builtin::kUpper:
    case Builtin::kTrim:
    case Builtin::kString: {
      std::string text;
      if (auto error = text_of(args[0], text)) return *error;
      if (builtin->id == Builtin::kLen) return Value::Number(CountCodePoints(text));
      if (builtin->id == Builtin::kLower || builtin->id == Builtin::kUpper) {
        // ASCII case mapping plus the German umlauts, which is what identifiers here use.
        bool lower = builtin->id == Builtin::kLower;
        for (char& c : text)
          c = static_cast<char>(lower ? std::tolower(static_cast<unsigned char>(c))
                                      : std::toupper(static_cast<unsigned char>(c)));
        static const std::pair<const char*, const char*> kUmlauts[] = {
            {"Ä", "ä"}, {"Ö", "ö"}, {"Ü", "ü"}};
        for (const auto& [upper, lower_form] : kUmlauts) {
          const char* from = lower ? upper : lower_form;
          const char* to = lower ? lower_form : upper;
          for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + 2)) {
            text.replace(at, 2, to);
          }
        }
      }
      if (builtin->id == Builtin::kTrim) {
        size_t begin = text.find_first_not_of(" \t\r\n");
        text = begin == std::string::npos
                   ? ""
                   : text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
      }
      return Value::String(std::move(text));
    }
    case Builtin::kContains:
    case Builtin::kStartsWith:
    case Builtin::kEndsWith: {
      std::string haystack, needle;
      if (auto error = text_of(args[0], haystack)) return *error;
      if (auto error = text_of(args[1], needle)) return *error;
      if (builtin->id == Builtin::kContains) {
        return Value::Bool(haystack.find(needle) != std::string::npos);
      }
      if (needle.size() > haystack.size()) return Value::Bool(false);
      size_t at = builtin->id == Builtin::kStartsWith ? 0 : haystack.size() - needle.size();
      return Value::Bool(haystack.compare(at, needle.size(), needle) == 0);
    }
    case Builtin::kNumber:
    case Builtin::kDate:
    case Builtin::kYear: {
      Atom atom;
      if (auto error = SingleAtom(args[0], atom, storage, call.function, "()")) return *error;
      Atom::Kind kind = builtin->id == Builtin::kNumber ? Atom::kNumber : Atom::kDate;
      if (atom.kind == Atom::kString && !ConvertAtom(atom, kind)) {
        return ConversionError(atom, kind);
      }
      if (atom.kind != kind) {
        return named((std::string("cannot convert a ") + KindName(atom.kind)).c_str());
      }
      if (builtin->id == Builtin::kNumber) return Value::Number(atom.n);
      if (builtin->id == Builtin::kDate) return Value::DateValue(atom.d);
      int32_t year;
      uint32_t month, day;
      CivilFromDate(atom.d, year, month, day);
      return Value::Number(year);
    }
    case Builtin::kAbs: {
      Atom atom;
      if (auto error = SingleAtom(args[0], atom, storage, call.function, "()")) return *error;
      if (atom.kind == Atom::kString && !ConvertAtom(atom, Atom::kNumber)) {
        return ConversionError(atom, Atom::kNumber);
      }
      if (atom.kind != Atom::kNumber) return named("needs a number");
      return Value::Number(std::fabs(atom.n));
    }
    case Builtin::kContainsToken: {
      std::string list, token;
      if (auto error = text_of(args[0], list)) return *error;
      if (auto error = text_of(args[1], token)) return *error;
      size_t at = 0;
      while (at < list.size()) {
        size_t begin = list.find_first_not_of(" \t\r\n", at);
        if (begin == std::string::npos) break;
        size_t end = list.find_first_of(" \t\r\n", begin);
        if (end == std::string::npos) end = list.size();
        if (list.compare(begin, end - begin, token) == 0) return Value::Bool(true);
        at = end;
      }
      return Value::Bool(false);
    }
    case Builtin::kName: {
      const NodeSet* nodes = nodes_of(args[0]);
      if (nodes == nullptr) return named("needs a path");
      if (nodes->empty()) return Value::String("");
      return Value::String(std::string(xml::NodeName(nodes->front())));
    }
    default:
      break;
  }
  return Value::Error("internal: function " + call.function + " is not implemented");
}

}  // namespace konform::eval
