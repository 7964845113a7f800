#include "xml/document.h"

#include <sys/stat.h>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

namespace konform::xml {
namespace {

std::string_view Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

const char* CodeFor(WellFormedCode code) {
  switch (code) {
    case WellFormedCode::kDoctypeNotAllowed:
      return "K4002";
    case WellFormedCode::kDepthLimit:
    case WellFormedCode::kAttributeLimit:
    case WellFormedCode::kTextLimit:
      return "K4003";
    case WellFormedCode::kUnsupportedEncoding:
    case WellFormedCode::kInvalidUtf8:
      return "K4004";
    default:
      return "K4001";
  }
}

Diagnostic FileProblem(const std::string& path, const char* code, std::string message) {
  Diagnostic d;
  d.code = code;
  d.file = path;
  d.message = std::move(message);
  return d;
}

}  // namespace

std::string_view NodeValue(const NodeRef& ref, std::string& scratch) {
  if (ref.attribute) return ref.attribute.value();
  pugi::xml_node node = ref.node;
  if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
    return Trim(node.value());
  }
  // An element: its direct text children. One child (the usual case) needs no copy.
  pugi::xml_node first;
  size_t count = 0;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      if (count++ == 0) first = child;
    }
  }
  if (count == 0) return {};
  if (count == 1) return Trim(first.value());
  scratch.clear();
  for (pugi::xml_node child = first; child; child = child.next_sibling()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      scratch += child.value();
    }
  }
  return Trim(scratch);
}

std::string_view NodeName(const NodeRef& ref) {
  if (ref.attribute) return ref.attribute.name();
  if (ref.node.type() == pugi::node_element) return ref.node.name();
  return {};
}

std::unique_ptr<Document> Document::Load(const std::string& path, const LoadLimits& limits,
                                         DiagnosticSink& sink) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    sink.Report(
        FileProblem(path, "K5001", std::string("cannot read file: ") + std::strerror(errno)));
    return nullptr;
  }
  if (!S_ISREG(info.st_mode)) {
    sink.Report(FileProblem(path, "K5001", "not a regular file"));
    return nullptr;
  }
  if (static_cast<uint64_t>(info.st_size) > limits.max_file_bytes) {
    sink.Report(FileProblem(path, "K5003",
                            "file too large (" + std::to_string(info.st_size) + " bytes; limit " +
                                std::to_string(limits.max_file_bytes) + ", see --max-file-size)"));
    return nullptr;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    sink.Report(
        FileProblem(path, "K5001", std::string("cannot open file: ") + std::strerror(errno)));
    return nullptr;
  }
  std::string text;
  // Read what is there, but never more than the limit (the file may grow while we read).
  std::vector<char> chunk(1 << 16);
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    text.append(chunk.data(), static_cast<size_t>(in.gcount()));
    if (text.size() > limits.max_file_bytes) {
      sink.Report(FileProblem(path, "K5003", "file too large (grew while being read)"));
      return nullptr;
    }
  }
  if (in.bad()) {
    sink.Report(FileProblem(path, "K5001", "read error"));
    return nullptr;
  }
  return Parse(path, std::move(text), limits, sink);
}

std::unique_ptr<Document> Document::Parse(std::string path, std::string text,
                                          const LoadLimits& limits, DiagnosticSink& sink) {
  if (text.size() > limits.max_file_bytes) {
    sink.Report(FileProblem(path, "K5003", "document too large"));
    return nullptr;
  }
  std::unique_ptr<Document> doc(new Document(SourceFile(std::move(path), std::move(text))));
  const std::string& source = doc->source_.text();
  if (Trim(source).empty()) {
    sink.Report(FileProblem(doc->path(), "K4001", "empty document: no root element"));
    return nullptr;
  }
  if (std::optional<WellFormedError> error = CheckWellFormed(source, limits.structure)) {
    Diagnostic d = FileProblem(doc->path(), CodeFor(error->code), error->message);
    d.pos = doc->source_.PosFromOffset(error->offset);
    d.snippet = RenderSnippet(doc->source_, d.pos, d.pos, false);
    sink.Report(std::move(d));
    return nullptr;
  }
  doc->buffer_ = source;
  unsigned options = pugi::parse_default & ~pugi::parse_eol;  // keep offsets exact
  pugi::xml_parse_result result = doc->dom_.load_buffer_inplace(
      doc->buffer_.data(), doc->buffer_.size(), options, pugi::encoding_utf8);
  if (!result) {
    Diagnostic d = FileProblem(doc->path(), "K4001", result.description());
    d.pos = doc->source_.PosFromOffset(static_cast<size_t>(result.offset));
    sink.Report(std::move(d));
    return nullptr;
  }
  return doc;
}

SourcePos Document::PosOf(const NodeRef& ref) const {
  const char* key = ref.order_key();
  const char* base = buffer_.data();
  if (key == nullptr || key < base || key > base + buffer_.size()) return SourcePos{1, 1};
  size_t offset = static_cast<size_t>(key - base);
  if (ref.is_element() && offset > 0) --offset;  // point at '<'
  return source_.PosFromOffset(offset);
}

uint32_t Document::NameWidth(const NodeRef& ref) const {
  std::string_view name = NodeName(ref);
  uint32_t width = CountCodePoints(name);
  if (ref.is_element()) ++width;  // the '<'
  return width == 0 ? 1 : width;
}

namespace {

// The attribute that identifies an element among its siblings, if it has one.
pugi::xml_attribute KeyAttribute(pugi::xml_node node) {
  static const char* const kKeys[] = {"id", "key", "name", "type", "year", "ruleId"};
  for (const char* key : kKeys) {
    if (pugi::xml_attribute attribute = node.attribute(key)) return attribute;
  }
  return {};
}

std::string QuoteKey(const char* value) {
  std::string text = value;
  // A quote inside the value would end the literal; keys this odd fall back to escaping.
  std::string out;
  for (char c : text) out += c == '\'' ? std::string("&apos;") : std::string(1, c);
  return "'" + out + "'";
}

}  // namespace

std::string Document::PathOf(const NodeRef& ref) const { return BuildPath(ref, false); }

std::string Document::StablePathOf(const NodeRef& ref) const { return BuildPath(ref, true); }

std::string Document::BuildPath(const NodeRef& ref, bool stable) {
  std::vector<std::string> parts;
  if (ref.attribute) parts.push_back("@" + std::string(ref.attribute.name()));
  pugi::xml_node node = ref.node;
  if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
    parts.push_back("text()");
    node = node.parent();
  }
  for (; node && node.type() == pugi::node_element; node = node.parent()) {
    std::string part = node.name();
    pugi::xml_attribute key = stable ? KeyAttribute(node) : pugi::xml_attribute();
    // Position among the siblings that share the name (and the key, if there is one).
    size_t index = 0, same = 0;
    for (pugi::xml_node sibling = node.parent().first_child(); sibling;
         sibling = sibling.next_sibling()) {
      if (sibling.type() != pugi::node_element || std::strcmp(sibling.name(), node.name()) != 0) {
        continue;
      }
      if (key && std::strcmp(sibling.attribute(key.name()).value(), key.value()) != 0) continue;
      ++same;
      if (sibling == node) index = same;
    }
    if (key) part += "[@" + std::string(key.name()) + "=" + QuoteKey(key.value()) + "]";
    if (same > 1) part += "[" + std::to_string(index) + "]";
    parts.push_back(std::move(part));
  }
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) out += "/" + *it;
  return out.empty() ? "/" : out;
}

}  // namespace konform::xml
