#include "xml/element_index.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace konform::xml {

void ElementIndex::Build(const pugi::xml_document& dom) {
  elements_.clear();
  attributes_.clear();
  prefixed_names_ = false;
  Element document;
  document.node = dom;
  elements_.push_back(document);
  // The elements whose children are being walked, each with its last child entered so far.
  struct Open {
    uint32_t entry;
    uint32_t last_child;
  };
  std::vector<Open> open{{0, kNone}};
  // A pre-order walk along child, sibling and parent links: documents may be deeply nested.
  pugi::xml_node node = dom.first_child();
  while (node) {
    if (node.type() == pugi::node_element) {
      const uint32_t entry = static_cast<uint32_t>(elements_.size());
      Element element;
      element.node = node;
      element.name = node.name();
      prefixed_names_ = prefixed_names_ || std::strchr(element.name, ':') != nullptr;
      element.attributes_begin = static_cast<uint32_t>(attributes_.size());
      for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        attributes_.push_back(Attribute{a.name(), a});
        prefixed_names_ = prefixed_names_ || std::strchr(a.name(), ':') != nullptr;
      }
      element.attributes_end = static_cast<uint32_t>(attributes_.size());
      Open& parent = open.back();
      element.parent = parent.entry;
      element.subtree_end = entry + 1;
      elements_.push_back(element);
      if (parent.last_child == kNone) {
        elements_[parent.entry].first_child = entry;
      } else {
        elements_[parent.last_child].next_sibling = entry;
      }
      parent.last_child = entry;
      if (node.first_child()) {
        open.push_back(Open{entry, kNone});
        node = node.first_child();
        continue;
      }
    }
    while (node && !node.next_sibling()) {
      node = node.parent();
      if (node.type() == pugi::node_element) {  // its children are done
        elements_[open.back().entry].subtree_end = static_cast<uint32_t>(elements_.size());
        open.pop_back();
      }
    }
    if (node) node = node.next_sibling();
  }
  elements_[0].subtree_end = static_cast<uint32_t>(elements_.size());
}

uint32_t ElementIndex::Find(pugi::xml_node node) const {
  if (elements_.empty()) return kNone;
  if (node == elements_[0].node) return 0;
  if (node.type() != pugi::node_element) return kNone;
  // Parsed in place, the names lie in the text in document order: a binary search by name.
  const char* name = node.name();
  auto it = std::lower_bound(
      elements_.begin() + 1, elements_.end(), name,
      [](const Element& e, const char* key) { return std::less<const char*>()(e.name, key); });
  if (it != elements_.end() && it->node == node)
    return static_cast<uint32_t>(it - elements_.begin());
  for (size_t i = 1; i < elements_.size(); ++i) {  // a DOM not parsed in place
    if (elements_[i].node == node) return static_cast<uint32_t>(i);
  }
  return kNone;
}

}  // namespace konform::xml
