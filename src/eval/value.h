// Run-time values of the rule language. Errors are values too: an expression that cannot
// be evaluated (a malformed number in the document, a division by zero) yields an error
// value, which `and`/`or` may absorb and which otherwise makes the rule's result an error.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <variant>
#include <vector>

#include "common/date.h"
#include "xml/node_ref.h"

namespace konform::eval {

using NodeList = std::vector<xml::NodeRef>;

// The nodes a path selected, in document order. Most paths of a rule select at most one node
// (`$c/@id`), so one node is held inline and only larger sets share a list: evaluating them
// allocates nothing, and copying any node set is cheap.
class NodeSet {
 public:
  NodeSet() = default;
  explicit NodeSet(const xml::NodeRef& one) : one_(one), size_(1) {}
  explicit NodeSet(NodeList nodes) {
    if (nodes.size() == 1) {
      one_ = nodes.front();
      size_ = 1;
    } else if (!nodes.empty()) {
      size_ = nodes.size();
      list_ = std::make_shared<const NodeList>(std::move(nodes));
    }
  }

  const xml::NodeRef* begin() const { return list_ ? list_->data() : &one_; }
  const xml::NodeRef* end() const { return begin() + size_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const xml::NodeRef& front() const { return *begin(); }
  const xml::NodeRef& operator[](size_t i) const { return begin()[i]; }

 private:
  xml::NodeRef one_;
  size_t size_ = 0;
  std::shared_ptr<const NodeList> list_;
};

struct Value;

// A set literal, with a hash set of its string members for fast membership tests. The hash
// set views the strings in `items`, so it is filled once `items` is complete.
struct ConstSet {
  std::vector<Value> items;
  std::unordered_set<std::string_view> strings;
};
using SetPtr = std::shared_ptr<const ConstSet>;

struct EvalError {
  std::string message;
  xml::NodeRef node;  // the document node involved, if any
};
using ErrorPtr = std::shared_ptr<const EvalError>;

struct Value {
  std::variant<bool, double, std::string, Date, NodeSet, SetPtr, ErrorPtr> v;

  bool is_bool() const { return v.index() == 0; }
  bool is_number() const { return v.index() == 1; }
  bool is_string() const { return v.index() == 2; }
  bool is_date() const { return v.index() == 3; }
  bool is_nodes() const { return v.index() == 4; }
  bool is_set() const { return v.index() == 5; }
  bool is_error() const { return v.index() == 6; }

  bool as_bool() const { return std::get<0>(v); }
  double as_number() const { return std::get<1>(v); }
  const std::string& as_string() const { return std::get<2>(v); }
  Date as_date() const { return std::get<3>(v); }
  const NodeSet& nodes() const { return std::get<4>(v); }
  const ConstSet& set() const { return *std::get<5>(v); }
  const EvalError& error() const { return *std::get<6>(v); }

  static Value Bool(bool b) { return Value{b}; }
  static Value Number(double d) { return Value{d}; }
  static Value String(std::string s) { return Value{std::move(s)}; }
  static Value DateValue(Date d) { return Value{d}; }
  static Value Nodes(NodeSet nodes) { return Value{std::move(nodes)}; }
  static Value Nodes(NodeList nodes) { return Value{NodeSet(std::move(nodes))}; }
  static Value Error(std::string message, xml::NodeRef node = {}) {
    return Value{std::make_shared<const EvalError>(EvalError{std::move(message), node})};
  }
};

// Conversions used for document text (strict: no surrounding garbage, no locale).
std::optional<double> ParseNumber(std::string_view text);
std::optional<bool> ParseBoolean(std::string_view text);

// Canonical text of a number: integers without a decimal point, others with up to 15
// significant digits.
std::string FormatNumber(double value);

// The value as text, as shown in messages: node sets as their values joined with ", ".
std::string ToDisplayString(const Value& value);

}  // namespace konform::eval
