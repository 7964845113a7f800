// A handle to one node of a loaded document: an element, a text node or an attribute.
// Cheap to copy (two pointers); valid while its Document lives.
#pragma once

#include <pugixml.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace konform::xml {

struct NodeRef {
  static constexpr uint32_t kNoEntry = UINT32_MAX;

  pugi::xml_node node;            // the element or text node; for attributes, their element
  pugi::xml_attribute attribute;  // set only for attribute nodes
  // The entry of `node` in the document's ElementIndex when known (elements and the
  // document node reached through the index), else kNoEntry. A shortcut only: it never
  // takes part in comparisons.
  uint32_t entry = kNoEntry;

  bool is_attribute() const { return static_cast<bool>(attribute); }
  bool is_element() const { return !attribute && node.type() == pugi::node_element; }
  bool is_document() const { return !attribute && node.type() == pugi::node_document; }

  // Document order key: konform parses in place, so every name and text points into one
  // buffer, in the order the document was written.
  const char* order_key() const {
    if (attribute) return attribute.name();
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) return node.value();
    return node.type() == pugi::node_document ? nullptr : node.name();
  }

  friend bool operator==(const NodeRef& a, const NodeRef& b) {
    return a.node == b.node && a.attribute == b.attribute;
  }
  friend bool operator<(const NodeRef& a, const NodeRef& b) {
    // Index entries are in document order; the keys need calls into pugixml.
    if (a.entry != kNoEntry && b.entry != kNoEntry && !a.attribute && !b.attribute) {
      return a.entry < b.entry;
    }
    return std::less<const char*>()(a.order_key(), b.order_key());
  }
};

// The value of a node as the rule language sees it: an attribute's text, a text node's
// text, or the text directly inside an element (its text children joined), trimmed of
// surrounding whitespace. Returns a view into the document when it can; otherwise builds
// the value in `scratch` and returns a view of that.
std::string_view NodeValue(const NodeRef& ref, std::string& scratch);

// Element or attribute name ("" for text and document nodes).
std::string_view NodeName(const NodeRef& ref);

}  // namespace konform::xml
