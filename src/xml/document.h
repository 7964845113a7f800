// Loading proposal documents.
//
// A document is read once into memory, checked for strict XML 1.0 well-formedness
// (wellformed.h: pugixml alone is lenient), then parsed in place by pugixml. The original
// text stays with the document so that any node can be mapped to file:line:column and its
// source line quoted. konform only reads the file; it never writes to it.
#pragma once

#include <pugixml.hpp>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/diagnostic.h"
#include "common/source.h"
#include "xml/element_index.h"
#include "xml/node_ref.h"
#include "xml/wellformed.h"

namespace konform::xml {

struct LoadLimits {
  uint64_t max_file_bytes = 64u << 20;  // larger files are refused before they are read
  WellFormedLimits structure;           // depth, attributes per element, text length
};

class Document {
 public:
  // Reads and parses `path`. On failure returns nullptr and reports one diagnostic (K4xxx for
  // malformed content with its line:column, K5xxx for I/O problems) naming the file.
  static std::unique_ptr<Document> Load(const std::string& path, const LoadLimits& limits,
                                        DiagnosticSink& sink);
  // Parses text already in memory (tests, standard input). `path` is used in messages only.
  static std::unique_ptr<Document> Parse(std::string path, std::string text,
                                         const LoadLimits& limits, DiagnosticSink& sink);

  const std::string& path() const { return source_.path(); }
  const SourceFile& source() const { return source_; }
  NodeRef document_node() const {
    return NodeRef{dom_, {}, index_.elements().empty() ? NodeRef::kNoEntry : 0};
  }
  pugi::xml_node root() const { return dom_.document_element(); }

  // 1-based line and column where the node starts: the '<' of an element, the first
  // character of an attribute's name or of a text node.
  SourcePos PosOf(const NodeRef& ref) const;
  // Length of the node's name in the source (for caret underlines), at least 1.
  uint32_t NameWidth(const NodeRef& ref) const;
  // A path that identifies the node, e.g. /proposal/architecture/component[2]/@id; a
  // position is given only where siblings share the name.
  std::string PathOf(const NodeRef& ref) const;
  // A path that survives reformatting and reordering: elements are identified by a key
  // attribute (id, key, name, type, year, ruleId) where they have one, e.g.
  // /proposal/architecture/component[@id='portal']/@id; by position only where not.
  std::string StablePathOf(const NodeRef& ref) const;
  // The elements and attributes as flat arrays, for walking paths without pugixml's calls;
  // also whether the document uses prefixed names.
  const ElementIndex& index() const { return index_; }

 private:
  explicit Document(SourceFile source) : source_(std::move(source)) {}
  std::string BuildPath(const NodeRef& ref, bool stable) const;

  // Position of an element among its siblings of the same name (and, for stable paths, the
  // same key value), and how many there are.
  struct SiblingRank {
    uint32_t index = 0;
    uint32_t count = 0;
  };
  SiblingRank RankOf(pugi::xml_node node, bool stable) const;
  void RankChildren(pugi::xml_node parent, bool stable) const;

  SourceFile source_;
  std::string buffer_;  // pugixml parses this copy in place; names point into it
  pugi::xml_document dom_;
  ElementIndex index_;
  // Sibling ranks, computed once per parent on first use: a document with thousands of
  // findings among thousands of siblings must not count the siblings for every finding.
  mutable std::unordered_map<const void*, SiblingRank> ranks_[2];  // [stable], by element
};

}  // namespace konform::xml
