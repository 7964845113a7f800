// libFuzzer target: arbitrary bytes as a proposal document, through xml::Document::Parse with
// the default limits (the strict well-formedness check, then pugixml), then every node is
// located and named as findings are (line:column, caret width, plain and stable paths).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "common/diagnostic.h"
#include "xml/document.h"
#include "xml/wellformed.h"

namespace konform {
namespace {

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "fuzz_xml: %s\n", what);
  std::abort();
}

void Visit(const xml::Document& doc, const xml::NodeRef& ref) {
  SourcePos pos = doc.PosOf(ref);
  if (!pos.valid()) Fail("node without a position");
  (void)doc.source().LineText(pos.line);
  (void)doc.NameWidth(ref);
  (void)doc.PathOf(ref);
  (void)doc.StablePathOf(ref);
  std::string scratch;
  (void)xml::NodeValue(ref, scratch);
  // A finding's caret on an element must sit on its '<'.
  if (ref.is_element()) {
    size_t offset = doc.source().OffsetFromPos(pos);
    if (offset >= doc.source().text().size() || doc.source().text()[offset] != '<') {
      Fail("element position does not point at '<'");
    }
  }
}

void Walk(const xml::Document& doc, pugi::xml_node node) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element && child.type() != pugi::node_pcdata &&
        child.type() != pugi::node_cdata) {
      continue;
    }
    Visit(doc, xml::NodeRef{child, {}});
    for (pugi::xml_attribute a = child.first_attribute(); a; a = a.next_attribute()) {
      Visit(doc, xml::NodeRef{child, a});
    }
    Walk(doc, child);  // depth is bounded by the default limit (256)
  }
}

void ParseAndVisit(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  const xml::LoadLimits limits;
  // What the strict check accepts, pugixml must parse too: a document is never refused with
  // a pugixml message after the check said it is well-formed.
  std::optional<xml::WellFormedError> error = xml::CheckWellFormed(text, limits.structure);
  bool well_formed = !error.has_value();
  if (error) {
    if (error->offset > text.size()) Fail("error offset past the end of the input");
    (void)xml::PositionAt(text, error->offset);
  }
  DiagnosticSink sink;
  std::unique_ptr<xml::Document> doc = xml::Document::Parse("fuzz.xml", text, limits, sink);
  if (!doc) {
    if (sink.diagnostics().size() != 1) Fail("a refused document must give one diagnostic");
    if (well_formed)
      Fail(("well-formed document refused: " + sink.diagnostics()[0].message).c_str());
    return;
  }
  if (!well_formed) Fail("document accepted although the strict check refused it");
  if (!doc->root()) Fail("accepted document without a root element");
  Visit(*doc, xml::NodeRef{doc->root(), {}});
  Walk(*doc, doc->root());
}

}  // namespace
}  // namespace konform

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  konform::ParseAndVisit(data, size);
  return 0;
}
