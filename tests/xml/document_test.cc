// Document loading: node positions, node paths, values, and the rejection of malformed input
// with a code and a position.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include "testing/rule_fixture.h"
#include "xml/document.h"
#include "xml/element_index.h"
#include "xml/node_ref.h"

namespace konform {
namespace {

using testing::ParseXml;
using xml::NodeRef;

std::string PosText(SourcePos pos) {
  return std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

NodeRef Element(pugi::xml_node node) { return NodeRef{node, {}}; }
NodeRef Attribute(pugi::xml_node node, const char* name) {
  return NodeRef{node, node.attribute(name)};
}

const char kDoc[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"       // 1
    "<proposal id=\"P-1\">\n"                            // 2
    "  <part name=\"a\">x</part>\n"                      // 3
    "  <part name=\"b\"><item>1</item></part>\n"         // 4
    "  <größe wert=\"ä\">y</größe>\n"                    // 5
    "  <single/>\n"                                      // 6
    "  <!-- comment --><mixed> one <b/> two </mixed>\n"  // 7
    "</proposal>\n";                                     // 8

class DocumentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::LoadedXml loaded = ParseXml(kDoc);
    ASSERT_TRUE(loaded.doc) << testing::FullList(loaded.diagnostics);
    doc_ = std::move(loaded.doc);
    root_ = doc_->root();
  }

  std::string Pos(const NodeRef& ref) const { return PosText(doc_->PosOf(ref)); }

  std::unique_ptr<xml::Document> doc_;
  pugi::xml_node root_;
};

TEST_F(DocumentTest, RootAndPath) {
  EXPECT_STREQ(root_.name(), "proposal");
  EXPECT_EQ(doc_->path(), "doc.xml");
  EXPECT_EQ(doc_->source().text(), kDoc);
}

TEST_F(DocumentTest, ElementPositionsPointAtTheOpeningBracket) {
  EXPECT_EQ(Pos(Element(root_)), "2:1");
  pugi::xml_node part1 = root_.child("part");
  pugi::xml_node part2 = part1.next_sibling("part");
  EXPECT_EQ(Pos(Element(part1)), "3:3");
  EXPECT_EQ(Pos(Element(part2)), "4:3");
  EXPECT_EQ(Pos(Element(part2.child("item"))), "4:18");
  EXPECT_EQ(Pos(Element(root_.child("single"))), "6:3");
  EXPECT_EQ(Pos(Element(root_.child("mixed"))), "7:19");
}

TEST_F(DocumentTest, NonAsciiColumnsCountCharacters) {
  pugi::xml_node groesse = root_.child("größe");
  ASSERT_TRUE(groesse);
  EXPECT_EQ(Pos(Element(groesse)), "5:3");
  EXPECT_EQ(Pos(Attribute(groesse, "wert")), "5:10");
  EXPECT_EQ(Pos(Element(groesse.first_child())), "5:19");  // the text 'y'
}

TEST_F(DocumentTest, AttributePositionsPointAtTheName) {
  EXPECT_EQ(Pos(Attribute(root_, "id")), "2:11");
  EXPECT_EQ(Pos(Attribute(root_.child("part"), "name")), "3:9");
  EXPECT_EQ(doc_->NameWidth(Attribute(root_, "id")), 2u);
  EXPECT_EQ(doc_->NameWidth(Element(root_)), 9u);  // '<proposal'
}

TEST_F(DocumentTest, TextPositionsPointAtTheFirstCharacter) {
  pugi::xml_node text = root_.child("part").first_child();
  ASSERT_EQ(text.type(), pugi::node_pcdata);
  EXPECT_EQ(Pos(NodeRef{text, {}}), "3:18");
}

TEST_F(DocumentTest, PathOf) {
  pugi::xml_node part1 = root_.child("part");
  pugi::xml_node part2 = part1.next_sibling("part");
  EXPECT_EQ(doc_->PathOf(Element(root_)), "/proposal");
  EXPECT_EQ(doc_->PathOf(Element(part1)), "/proposal/part[1]");
  EXPECT_EQ(doc_->PathOf(Element(part2)), "/proposal/part[2]");
  EXPECT_EQ(doc_->PathOf(Element(part2.child("item"))), "/proposal/part[2]/item");
  EXPECT_EQ(doc_->PathOf(Element(root_.child("single"))), "/proposal/single");
  EXPECT_EQ(doc_->PathOf(Attribute(part1, "name")), "/proposal/part[1]/@name");
  EXPECT_EQ(doc_->PathOf(Attribute(root_, "id")), "/proposal/@id");
  EXPECT_EQ(doc_->PathOf(NodeRef{part1.first_child(), {}}), "/proposal/part[1]/text()");
  EXPECT_EQ(doc_->PathOf(Element(root_.child("größe"))), "/proposal/größe");
  EXPECT_EQ(doc_->PathOf(doc_->document_node()), "/");
}

TEST(ElementIndexTest, MirrorsElementsChildrenAndAttributes) {
  testing::LoadedXml loaded =
      ParseXml("<p a=\"1\" b=\"2\">text<c x=\"y\"><d/></c><!-- note --><e/>tail</p>");
  ASSERT_TRUE(loaded.doc) << testing::FullList(loaded.diagnostics);
  const xml::ElementIndex& index = loaded.doc->index();
  const auto& elements = index.elements();
  ASSERT_EQ(elements.size(), 5u);  // the document node, then p c d e in document order
  std::vector<std::string> names;
  for (size_t i = 1; i < elements.size(); ++i) names.push_back(elements[i].name);
  EXPECT_EQ(names, (std::vector<std::string>{"p", "c", "d", "e"}));
  EXPECT_EQ(elements[0].first_child, 1u);
  EXPECT_EQ(elements[1].first_child, 2u);  // p: text and comment children are skipped
  EXPECT_EQ(elements[2].next_sibling, 4u);
  EXPECT_EQ(elements[2].first_child, 3u);
  EXPECT_EQ(elements[3].first_child, xml::ElementIndex::kNone);
  EXPECT_EQ(elements[4].next_sibling, xml::ElementIndex::kNone);
  EXPECT_EQ(elements[1].attributes_end - elements[1].attributes_begin, 2u);
  EXPECT_STREQ(index.attributes()[elements[2].attributes_begin].name, "x");
  // Parents, and descendants as the entry range up to subtree_end.
  EXPECT_EQ(elements[0].parent, xml::ElementIndex::kNone);
  EXPECT_EQ(elements[1].parent, 0u);
  EXPECT_EQ(elements[3].parent, 2u);
  EXPECT_EQ(elements[4].parent, 1u);
  EXPECT_EQ(elements[0].subtree_end, 5u);
  EXPECT_EQ(elements[1].subtree_end, 5u);
  EXPECT_EQ(elements[2].subtree_end, 4u);  // c holds d
  EXPECT_EQ(elements[3].subtree_end, 4u);
  EXPECT_EQ(elements[4].subtree_end, 5u);
  for (uint32_t i = 0; i < elements.size(); ++i) EXPECT_EQ(index.Find(elements[i].node), i);
  EXPECT_EQ(index.Find(loaded.doc->root().first_child()), xml::ElementIndex::kNone);  // text
  EXPECT_FALSE(index.has_prefixed_names());

  testing::LoadedXml prefixed = ParseXml("<p xmlns:k=\"urn:k\"><k:c/></p>");
  ASSERT_TRUE(prefixed.doc);
  EXPECT_TRUE(prefixed.doc->index().has_prefixed_names());
}

TEST(DocumentPathTest, StablePathNamesElementsByKeyAndCountsOnlyEqualKeys) {
  testing::LoadedXml loaded = ParseXml(
      "<p>"
      "<c id=\"a\"/><c id=\"b\"/><c id=\"b\"/><c/><c key=\"k\" id=\"z\"/>"
      // The first d is keyed by @key; the second has an @id as well, which outranks @key for
      // its own name, but its @key still counts among the first one's equals.
      "<d key=\"k\"/><d id=\"x\" key=\"k\"/>"
      "</p>");
  ASSERT_TRUE(loaded.doc) << testing::FullList(loaded.diagnostics);
  const xml::Document& doc = *loaded.doc;
  std::vector<std::string> stable, plain;
  for (pugi::xml_node n = doc.root().first_child(); n; n = n.next_sibling()) {
    stable.push_back(doc.StablePathOf(Element(n)));
    plain.push_back(doc.PathOf(Element(n)));
  }
  EXPECT_EQ(stable, (std::vector<std::string>{"/p/c[@id='a']", "/p/c[@id='b'][1]",
                                              "/p/c[@id='b'][2]", "/p/c[4]", "/p/c[@id='z']",
                                              "/p/d[@key='k'][1]", "/p/d[@id='x']"}));
  EXPECT_EQ(plain, (std::vector<std::string>{"/p/c[1]", "/p/c[2]", "/p/c[3]", "/p/c[4]", "/p/c[5]",
                                             "/p/d[1]", "/p/d[2]"}));
  // Asking again (ranks are computed once per parent) gives the same answer.
  EXPECT_EQ(doc.StablePathOf(Element(doc.root().first_child().next_sibling())), "/p/c[@id='b'][1]");
}

TEST_F(DocumentTest, NodeValuesAndNames) {
  std::string scratch;
  pugi::xml_node part1 = root_.child("part");
  EXPECT_EQ(xml::NodeValue(Element(part1), scratch), "x");
  EXPECT_EQ(xml::NodeValue(Attribute(part1, "name"), scratch), "a");
  EXPECT_EQ(xml::NodeValue(Element(root_.child("single")), scratch), "");
  // An element's value is the text directly inside it, trimmed at both ends.
  EXPECT_EQ(xml::NodeValue(Element(root_.child("mixed")), scratch), "one  two");
  EXPECT_EQ(xml::NodeName(Element(part1)), "part");
  EXPECT_EQ(xml::NodeName(Attribute(part1, "name")), "name");
  EXPECT_EQ(xml::NodeName(NodeRef{part1.first_child(), {}}), "");
  EXPECT_TRUE(Element(part1).is_element());
  EXPECT_TRUE(Attribute(part1, "name").is_attribute());
  EXPECT_TRUE(doc_->document_node().is_document());
}

TEST_F(DocumentTest, DocumentOrder) {
  pugi::xml_node part1 = root_.child("part");
  pugi::xml_node part2 = part1.next_sibling("part");
  EXPECT_TRUE(Element(root_) < Attribute(root_, "id"));
  EXPECT_TRUE(Attribute(root_, "id") < Element(part1));
  EXPECT_TRUE(Element(part1) < Attribute(part1, "name"));
  EXPECT_TRUE(Attribute(part1, "name") < Element(part2));
  EXPECT_FALSE(Element(part2) < Element(part1));
}

TEST(DocumentPositionTest, LineBreaks) {
  struct Case {
    const char* name;
    std::string xml;
    const char* expected;  // position of <b>
  };
  const Case cases[] = {
      {"LF", "<a>\n  <b/>\n</a>", "2:3"},
      {"CRLF", "<a>\r\n  <b/>\r\n</a>", "2:3"},
      {"LoneCR", "<a>\r<b/></a>", "2:1"},
      {"Tab", "<a>\n\t<b/></a>", "2:2"},
      {"NoFinalNewline", "<a><b/></a>", "1:4"},
      {"AfterComment", "<!-- x\ny -->\n<a>\n<c/><b/></a>", "4:5"},
      {"AfterCdata", "<a><![CDATA[x\n]]><b/></a>", "2:4"},
      {"NonAscii", "<a>äöü<b/></a>", "1:7"},
      {"BomOnFirstLine", "\xEF\xBB\xBF<a>\n<b/></a>", "2:1"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    testing::LoadedXml loaded = ParseXml(c.xml);
    ASSERT_TRUE(loaded.doc) << testing::FullList(loaded.diagnostics);
    pugi::xml_node b = loaded.doc->root().child("b");
    ASSERT_TRUE(b);
    EXPECT_EQ(PosText(loaded.doc->PosOf(NodeRef{b, {}})), c.expected);
    EXPECT_EQ(loaded.doc->PathOf(NodeRef{b, {}}), "/a/b");
  }
}

// A UTF-8 byte order mark is not a column of line 1.
TEST(DocumentPositionTest, ByteOrderMarkIsNotAColumn) {
  testing::LoadedXml loaded = ParseXml("\xEF\xBB\xBF<a><b/></a>");
  ASSERT_TRUE(loaded.doc) << testing::FullList(loaded.diagnostics);
  EXPECT_EQ(PosText(loaded.doc->PosOf(NodeRef{loaded.doc->root(), {}})), "1:1");
  EXPECT_EQ(PosText(loaded.doc->PosOf(NodeRef{loaded.doc->root().child("b"), {}})), "1:4");
}

// ---------------------------------------------------------------------------------------------
// Malformed input: code and position.

struct BadCase {
  const char* name;
  std::string xml;
  const char* expected;  // "K4001 1:7", or only the code when the position is not asserted
  xml::LoadLimits limits = {};
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

xml::LoadLimits Structure(uint32_t depth, uint32_t attributes, uint64_t text) {
  xml::LoadLimits limits;
  limits.structure.max_depth = depth;
  limits.structure.max_attributes = attributes;
  limits.structure.max_text_bytes = text;
  return limits;
}

xml::LoadLimits FileBytes(uint64_t bytes) {
  xml::LoadLimits limits;
  limits.max_file_bytes = bytes;
  return limits;
}

const BadCase kBadCases[] = {
    // K4001: not well-formed.
    {"Empty", "", "K4001"},
    {"OnlyWhitespace", "  \n\t ", "K4001"},
    {"OnlyDeclaration", "<?xml version=\"1.0\"?>\n", "K4001"},
    {"MismatchedEndTag", "<a><b></a>", "K4001 1:7"},
    {"MismatchedEndTagLine3", "<a>\n  <b>\n  </c>\n</a>", "K4001 3:3"},
    {"DuplicateAttribute", "<a x=\"1\" x=\"2\"/>", "K4001 1:10"},
    {"UndefinedEntity", "<a>&bogus;</a>", "K4001 1:4"},
    {"BareAmpersand", "<a>\n x & y</a>", "K4001 2:4"},
    {"LessThanInAttribute", "<a x=\"<\"/>", "K4001 1:7"},
    {"TwoRoots", "<a/><b/>", "K4001 1:5"},
    {"TextAfterRoot", "<a/>\ntext", "K4001 2:1"},
    {"UnquotedAttribute", "<a x=1/>", "K4001 1:6"},
    {"BadComment", "<a><!-- a -- b --></a>", "K4001 1:11"},
    {"NonAsciiColumn", "<größe>\n  <ä></ö>\n</größe>", "K4001 2:6"},
    {"BadNameStart", "<1a/>", "K4001 1:1"},
    {"Truncated", "<a><b>", "K4001"},
    {"XmlDeclarationNotAtStart", "\n<?xml version=\"1.0\"?><a/>", "K4001 2:1"},
    // K4002: DOCTYPE is refused.
    {"Doctype", "<!DOCTYPE a><a/>", "K4002 1:1"},
    {"DoctypeWithEntity", "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x \"y\">]>\n<a>&x;</a>",
     "K4002 2:1"},
    // K4003: resource limits.
    {"DepthLimit", "<a><b><c><d/></c></b></a>", "K4003 1:10", Structure(3, 256, 1000)},
    {"AttributeLimit", "<a x=\"1\" y=\"2\" z=\"3\"/>", "K4003", Structure(256, 2, 1000)},
    {"TextLimit", "<a>0123456789ABC</a>", "K4003 1:14", Structure(256, 256, 10)},
    // K4004: encoding.
    {"Latin1Declaration", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", "K4004"},
    {"InvalidUtf8", "<a>\xff</a>", "K4004 1:4"},
    {"InvalidUtf8Line2", "<a>\nab\xc3\x28</a>", "K4004 2:3"},
    {"Utf16Bom", std::string("\xff\xfe<\0a\0/\0>\0", 10), "K4004 1:1"},
    {"OverlongUtf8", "<a>\xc0\xaf</a>", "K4004 1:4"},
    // K5003: larger than the file limit.
    {"FileTooLarge", "<a>0123456789</a>", "K5003", FileBytes(10)},
};

class BadDocumentTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadDocumentTest, IsRejected) {
  const BadCase& c = GetParam();
  testing::LoadedXml loaded = ParseXml(c.xml, c.limits, "bad.xml");
  EXPECT_EQ(loaded.doc, nullptr);
  ASSERT_EQ(loaded.diagnostics.size(), 1u) << testing::FullList(loaded.diagnostics);
  const testing::Diag& d = loaded.diagnostics.front();
  EXPECT_EQ(d.file, "bad.xml");
  EXPECT_FALSE(d.message.empty());
  std::string expected = c.expected;
  if (expected.find(' ') == std::string::npos) {
    EXPECT_EQ(d.code, expected) << d;
  } else {
    EXPECT_EQ(d.Short(), expected) << d;
  }
}

INSTANTIATE_TEST_SUITE_P(Table, BadDocumentTest, ::testing::ValuesIn(kBadCases),
                         [](const ::testing::TestParamInfo<BadCase>& info) {
                           return std::string(info.param.name);
                         });

// After a UTF-8 byte order mark, K4xxx columns on line 1 start after it.
TEST(BadDocumentExtraTest, ErrorPositionAfterByteOrderMark) {
  testing::LoadedXml loaded = ParseXml("\xEF\xBB\xBF<a>&x;</a>");
  ASSERT_EQ(loaded.diagnostics.size(), 1u);
  EXPECT_EQ(loaded.diagnostics[0].Short(), "K4001 1:4");
}

TEST(BadDocumentExtraTest, DiagnosticQuotesTheLine) {
  DiagnosticSink sink;
  std::unique_ptr<xml::Document> doc =
      xml::Document::Parse("bad.xml", "<a>\n  <b></c>\n</a>\n", {}, sink);
  ASSERT_EQ(doc, nullptr);
  ASSERT_EQ(sink.diagnostics().size(), 1u);
  SourceManager none;
  std::string text = FormatDiagnostic(sink.diagnostics()[0], none);
  EXPECT_EQ(text.rfind("bad.xml:2:", 0), 0u) << text;
  EXPECT_NE(text.find("error[K4001]"), std::string::npos) << text;
  EXPECT_NE(text.find("  <b></c>"), std::string::npos) << text;
  EXPECT_NE(text.find('^'), std::string::npos) << text;
}

TEST(DocumentLoadTest, LoadFromFile) {
  std::string path =
      ::testing::TempDir() + "konform_document_test_" + std::to_string(::getpid()) + ".xml";
  {
    std::ofstream out(path, std::ios::binary);
    out << "<a>\n  <b x=\"1\"/>\n</a>\n";
  }
  DiagnosticSink sink;
  std::unique_ptr<xml::Document> doc = xml::Document::Load(path, {}, sink);
  std::remove(path.c_str());
  ASSERT_NE(doc, nullptr);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_EQ(doc->path(), path);
  pugi::xml_node b = doc->root().child("b");
  EXPECT_EQ(PosText(doc->PosOf(NodeRef{b, b.attribute("x")})), "2:6");
}

TEST(DocumentLoadTest, MissingFileIsAnIoProblem) {
  DiagnosticSink sink;
  std::unique_ptr<xml::Document> doc =
      xml::Document::Load("/nonexistent/konform/nothing.xml", {}, sink);
  EXPECT_EQ(doc, nullptr);
  ASSERT_EQ(sink.diagnostics().size(), 1u);
  EXPECT_EQ(sink.diagnostics()[0].code.substr(0, 2), "K5");
  EXPECT_EQ(sink.diagnostics()[0].file, "/nonexistent/konform/nothing.xml");
}

TEST(DocumentLoadTest, DirectoryIsAnIoProblem) {
  DiagnosticSink sink;
  EXPECT_EQ(xml::Document::Load(::testing::TempDir(), {}, sink), nullptr);
  ASSERT_EQ(sink.diagnostics().size(), 1u);
  EXPECT_EQ(sink.diagnostics()[0].code.substr(0, 2), "K5");
}

TEST(DocumentLoadTest, LargeDocumentIsFast) {
  std::string xml = "<r>\n";
  for (int i = 0; i < 50000; ++i) xml += "  <c id=\"c" + std::to_string(i) + "\">text</c>\n";
  xml += "</r>\n";
  testing::LoadedXml loaded = ParseXml(xml);
  ASSERT_TRUE(loaded.doc) << testing::FullList(loaded.diagnostics);
  pugi::xml_node last = loaded.doc->root().last_child();
  EXPECT_EQ(PosText(loaded.doc->PosOf(NodeRef{last, {}})), "50001:3");
  EXPECT_EQ(loaded.doc->PathOf(NodeRef{last, last.attribute("id")}), "/r/c[50000]/@id");
}

}  // namespace
}  // namespace konform
