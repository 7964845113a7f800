// A flat index of a parsed document's elements and attributes, built in one walk.
//
// Rules step from elements to their children and attributes many thousand times per
// document. Through pugixml every such step is several out-of-line calls (the library is
// shared); here the children and attributes of an element are plain arrays and indices, so
// the evaluator's loops stay inline. Entries are in document order, so the descendants of an
// element are the entries up to its `subtree_end`. The index only mirrors the DOM: NodeRefs
// carry pugixml handles (plus their entry, when known), and values, positions and paths are
// read from the DOM.
#pragma once

#include <pugixml.hpp>

#include <cstdint>
#include <vector>

namespace konform::xml {

class ElementIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  struct Element {
    pugi::xml_node node;
    const char* name = "";
    uint32_t first_child = kNone;   // first child element
    uint32_t next_sibling = kNone;  // next sibling element
    uint32_t parent = kNone;        // kNone for the document node
    uint32_t subtree_end = 0;       // one past its last descendant: [entry, subtree_end)
    uint32_t attributes_begin = 0;  // range in attributes()
    uint32_t attributes_end = 0;
  };
  struct Attribute {
    const char* name;
    pugi::xml_attribute attribute;
  };

  // Entry 0 is the document node; the elements follow in document order.
  void Build(const pugi::xml_document& dom);

  const std::vector<Element>& elements() const { return elements_; }
  const std::vector<Attribute>& attributes() const { return attributes_; }
  // Whether any element or attribute name has a prefix (`xs:element`, `xmlns:a`).
  bool has_prefixed_names() const { return prefixed_names_; }

  // The entry of a document or element node of this document, or kNone.
  uint32_t Find(pugi::xml_node node) const;
  // The same, taking the entry a NodeRef already carries.
  uint32_t EntryOf(const pugi::xml_node& node, uint32_t known) const {
    return known != kNone ? known : Find(node);
  }

 private:
  std::vector<Element> elements_;
  std::vector<Attribute> attributes_;
  bool prefixed_names_ = false;
};

}  // namespace konform::xml
