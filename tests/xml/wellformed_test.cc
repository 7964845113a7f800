#include "xml/wellformed.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace konform::xml {
namespace {

using namespace std::string_literals;
using Code = WellFormedCode;

constexpr size_t kAtEnd = static_cast<size_t>(-1);  // expected offset: end of input
constexpr size_t kNotFound = static_cast<size_t>(-2);

struct Case {
  std::string name;
  std::string input;
  bool ok = true;
  Code code = Code::kMalformedMarkup;
  size_t offset = 0;
  WellFormedLimits limits;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

WellFormedLimits Limits(uint32_t depth, uint32_t attributes, uint64_t text_bytes) {
  WellFormedLimits limits;
  limits.max_depth = depth;
  limits.max_attributes = attributes;
  limits.max_text_bytes = text_bytes;
  return limits;
}

WellFormedLimits TextLimit(uint64_t bytes) { return Limits(256, 256, bytes); }

Case Ok(std::string name, std::string input, WellFormedLimits limits = {}) {
  Case c;
  c.name = std::move(name);
  c.input = std::move(input);
  c.limits = limits;
  return c;
}

// Expected error at an explicit offset (kAtEnd: the end of input).
Case Bad(std::string name, std::string input, Code code, size_t offset,
         WellFormedLimits limits = {}) {
  Case c = Ok(std::move(name), std::move(input), limits);
  c.ok = false;
  c.code = code;
  c.offset = offset == kAtEnd ? c.input.size() : offset;
  return c;
}

// Expected error at the first occurrence of `at` in the input.
Case BadAt(std::string name, std::string input, Code code, std::string_view at,
           WellFormedLimits limits = {}) {
  const size_t offset = input.find(at);
  return Bad(std::move(name), std::move(input), code,
             offset == std::string::npos ? kNotFound : offset, limits);
}

std::vector<Case> Cases() {
  std::vector<Case> cases = {
      // ---- well-formed -------------------------------------------------------------------
      Ok("MinimalEmptyElement", "<a/>"),
      Ok("StartEndPair", "<a></a>"),
      Ok("XmlDeclDoubleQuotes", "<?xml version=\"1.0\"?><a/>"),
      Ok("XmlDeclAllPseudoAttributes",
         "<?xml version='1.0' encoding='utf-8' standalone=\"yes\" ?>\n<root/>"),
      Ok("XmlDeclSpacesAroundEq",
         "<?xml version = '1.1'\tencoding =\"UTF-8\"\nstandalone= 'no'?><a/>"),
      Ok("XmlDeclVersionManyDigits", "<?xml version=\"1.10\"?><a/>"),
      Ok("Utf8BomAndDecl", "\xEF\xBB\xBF<?xml version=\"1.0\"?><a/>"),
      Ok("Utf8BomOnlyRoot", "\xEF\xBB\xBF<a/>"),
      Ok("MiscAroundRoot", "<!-- c1 --><?pi data?>\n<a/>\n<!-- c2 -->\r\n<?pi2?>  "),
      Ok("WhitespaceAroundRoot", " \n\t<a/>\n "),
      Ok("XmlStylesheetPi", "<?xml-stylesheet type=\"text/xsl\" href=\"s.xsl\"?><a/>"),
      Ok("PiInsideElement", "<a><?target some ? data ?? ?></a>"),
      Ok("NestedTextAndReferences",
         "<a>x &lt; y &gt; z &amp; &apos;&quot; &#65;&#x1F600;&#x9;&#1114111;&#xe000;"
         "<b>t</b>tail</a>"),
      Ok("AttributesBothQuotes", "<a x=\"'>\" y='\"' z=\"&amp;&#x3C;\" e=''/>"),
      Ok("AttributeSpacing", "<a\n  x = \"1\"\ty='2'\n></a\n >"),
      Ok("CdataWithMarkupChars", "<a><![CDATA[<b> & ]] ]> ]]]></a>"),
      Ok("EmptyCdataAndComment", "<a><![CDATA[]]><!----></a>"),
      Ok("CommentWithSingleHyphens", "<a><!-- a - b -c- --></a>"),
      Ok("NonAsciiNames", "<änd ü=\"1\"><日本語 ключ='значение'/></änd>"),
      Ok("NameCharsMiddleDotAndCombiningMark",
         "<a\xC2\xB7"
         "b c\xCC\x81"
         "d=\"1\" _x.y-z=\"2\"/>"),
      Ok("NamespacePrefixesAndColonStart", "<x:a xmlns:x=\"urn:x\" x:b=\"1\"><:c/></x:a>"),
      Ok("SameLocalNameDifferentPrefixes", "<a x:id='1' y:id='2' id='3'/>"),
      Ok("SameAttributeOnDifferentElements", "<a id='1'><b id='2'/><b id='3'/></a>"),
      Ok("TextWithBracketsAndGt", "<a>]] > ] ]]</a>"),
      Ok("CrLfAndTabs", "<a>\r\n\tx\r</a>\r\n"),
      Ok("LegalNonAsciiChars",
         "<a>\x7F \xC2\x85 \xEF\xBF\xBD \xF4\x8F\xBF\xBF \xF0\x9F\x98\x80 \xEE\x80\x80</a>"),
      Ok("DepthAtLimit", "<a><b><c/></b></a>", Limits(3, 256, 1 << 20)),
      Ok("AttributesAtLimit", "<a x='1' y='2'/>", Limits(256, 2, 1 << 20)),
      Ok("TextAtLimit", "<a>12345</a>", TextLimit(5)),
      Ok("AttributeValueAtLimit", "<a x='12345'/>", TextLimit(5)),
      Ok("CdataAtLimit", "<a><![CDATA[12345]]></a>", TextLimit(5)),

      // ---- encoding and empty documents ----------------------------------------------------
      Bad("Empty", "", Code::kNoRootElement, 0),
      Bad("WhitespaceOnly", " \n ", Code::kNoRootElement, kAtEnd),
      Bad("OnlyComment", "<!-- x -->", Code::kNoRootElement, kAtEnd),
      Bad("OnlyBom", "\xEF\xBB\xBF", Code::kNoRootElement, kAtEnd),
      Bad("OnlyXmlDecl", "<?xml version=\"1.0\"?>\n", Code::kNoRootElement, kAtEnd),
      Bad("Utf16LeBom", "\xFF\xFE<\0a\0/\0>\0"s, Code::kUnsupportedEncoding, 0),
      Bad("Utf16BeBom", "\xFE\xFF\0<\0a\0/\0>"s, Code::kUnsupportedEncoding, 0),
      Bad("Utf32BeBom", "\0\0\xFE\xFF\0\0\0<"s, Code::kUnsupportedEncoding, 0),
      Bad("Utf16LeWithoutBom", "<\0a\0/\0>\0"s, Code::kUnsupportedEncoding, 0),
      Bad("Utf16BeWithoutBom", "\0<\0a\0/\0>"s, Code::kUnsupportedEncoding, 0),
      BadAt("EncodingLatin1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>",
            Code::kUnsupportedEncoding, "ISO"),
      BadAt("EncodingUtf16", "<?xml version='1.0' encoding='UTF-16'?><a/>",
            Code::kUnsupportedEncoding, "UTF-16"),
      BadAt("EncodingUtf8WithoutHyphen", "<?xml version='1.0' encoding='utf8'?><a/>",
            Code::kUnsupportedEncoding, "utf8"),

      // ---- XML declaration and processing instructions --------------------------------------
      BadAt("DeclMissingVersion", "<?xml encoding=\"UTF-8\"?><a/>", Code::kBadXmlDeclaration,
            "encoding"),
      BadAt("DeclEmpty", "<?xml?><a/>", Code::kBadXmlDeclaration, "?><a"),
      BadAt("DeclVersion2", "<?xml version=\"2.0\"?><a/>", Code::kBadXmlDeclaration, "2.0"),
      BadAt("DeclVersionWithoutDigits", "<?xml version='1.'?><a/>", Code::kBadXmlDeclaration,
            "'?>"),
      BadAt("DeclMismatchedQuotes", "<?xml version=\"1.0'?><a/>", Code::kBadXmlDeclaration, "'?>"),
      BadAt("DeclWrongOrder", "<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?><a/>",
            Code::kBadXmlDeclaration, "encoding"),
      BadAt("DeclMissingWhitespace", "<?xml version=\"1.0\"encoding=\"UTF-8\"?><a/>",
            Code::kBadXmlDeclaration, "encoding"),
      BadAt("DeclBadStandalone", "<?xml version='1.0' standalone='maybe'?><a/>",
            Code::kBadXmlDeclaration, "maybe"),
      BadAt("DeclUppercaseKeyword", "<?xml VERSION='1.0'?><a/>", Code::kBadXmlDeclaration,
            "VERSION"),
      BadAt("DeclEmptyEncoding", "<?xml version='1.0' encoding=''?><a/>", Code::kBadXmlDeclaration,
            "'?>"),
      BadAt("DeclUnknownPseudoAttribute", "<?xml version='1.0' foo='bar'?><a/>",
            Code::kBadXmlDeclaration, "foo"),
      Bad("DeclAfterWhitespace", " <?xml version=\"1.0\"?><a/>", Code::kBadProcessingInstruction,
          1),
      BadAt("DeclAfterRoot", "<a/><?xml version=\"1.0\"?>", Code::kBadProcessingInstruction,
            "<?xml"),
      Bad("UppercaseXmlTarget", "<?XML version=\"1.0\"?><a/>", Code::kBadProcessingInstruction, 0),
      BadAt("ReservedTargetInContent", "<a><?XmL x?></a>", Code::kBadProcessingInstruction, "<?"),
      BadAt("PiWithoutTarget", "<a><? x?></a>", Code::kBadProcessingInstruction, " x?"),
      BadAt("PiTargetWithoutWhitespace", "<?pi#x?><a/>", Code::kBadProcessingInstruction, "#"),
      BadAt("InvalidCharInPi", "<?pi \x01?><a/>", Code::kInvalidChar, "\x01"),
      Bad("UnterminatedPi", "<a><?pi data?", Code::kUnexpectedEnd, kAtEnd),

      // ---- DTD policy ---------------------------------------------------------------------
      Bad("Doctype", "<!DOCTYPE a><a/>", Code::kDoctypeNotAllowed, 0),
      BadAt("DoctypeWithInternalSubset",
            "<?xml version='1.0'?>\n<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>",
            Code::kDoctypeNotAllowed, "<!DOCTYPE"),
      BadAt("DoctypeInsideElement", "<a><!DOCTYPE a></a>", Code::kDoctypeNotAllowed, "<!"),
      Bad("EntityDeclarationOutsideDtd", "<!ENTITY e 'x'><a/>", Code::kMalformedMarkup, 0),
      Bad("LowercaseDoctype", "<!doctype a><a/>", Code::kMalformedMarkup, 0),

      // ---- UTF-8 ------------------------------------------------------------------------
      BadAt("StrayContinuationByte", "<a>x\x80</a>", Code::kInvalidUtf8, "\x80"),
      BadAt("OverlongTwoBytes", "<a>\xC0\xAF</a>", Code::kInvalidUtf8, "\xC0"),
      BadAt("OverlongThreeBytes", "<a>\xE0\x80\xAF</a>", Code::kInvalidUtf8, "\xE0"),
      BadAt("OverlongFourBytes", "<a>\xF0\x82\x82\xAC</a>", Code::kInvalidUtf8, "\xF0"),
      BadAt("EncodedSurrogate", "<a>\xED\xA0\x80</a>", Code::kInvalidUtf8, "\xED"),
      BadAt("AboveMaxCodePoint", "<a>\xF4\x90\x80\x80</a>", Code::kInvalidUtf8, "\xF4"),
      BadAt("InvalidLeadByte", "<a>\xF5\x80\x80\x80</a>", Code::kInvalidUtf8, "\xF5"),
      BadAt("MissingContinuation", "<a>\xE2\x28\xA1</a>", Code::kInvalidUtf8, "\xE2"),
      BadAt("SequenceCutByEndOfInput", "<a/>\xE2\x82", Code::kInvalidUtf8, "\xE2"),
      BadAt("InvalidUtf8InAttribute", "<a x=\"\xFF\"/>", Code::kInvalidUtf8, "\xFF"),
      BadAt("InvalidUtf8AfterName", "<a\xFF/>", Code::kInvalidUtf8, "\xFF"),
      BadAt("InvalidUtf8InComment", "<!-- \xC3\x28 --><a/>", Code::kInvalidUtf8, "\xC3"),

      // ---- Char production ----------------------------------------------------------------
      BadAt("NulInText", "<a>x\0y</a>"s, Code::kInvalidChar, "\0"s),
      BadAt("ControlCharInText", "<a>\x01</a>", Code::kInvalidChar, "\x01"),
      BadAt("FormFeedInAttribute", "<a x='\x0C'/>", Code::kInvalidChar, "\x0C"),
      BadAt("ControlCharInCdata", "<a><![CDATA[\x1F]]></a>", Code::kInvalidChar, "\x1F"),
      BadAt("NonCharacterFFFE", "<a>\xEF\xBF\xBE</a>", Code::kInvalidChar, "\xEF"),
      BadAt("NonCharacterFFFF", "<a>\xEF\xBF\xBF</a>", Code::kInvalidChar, "\xEF"),

      // ---- tags and attributes ------------------------------------------------------------
      BadAt("MissingWhitespaceBetweenAttributes", "<a b=\"1\"c=\"2\"/>", Code::kMalformedMarkup,
            "c="),
      BadAt("AttributeWithoutValue", "<a b/>", Code::kMalformedMarkup, "/"),
      BadAt("MissingEquals", "<a b \"1\"/>", Code::kMalformedMarkup, "\""),
      BadAt("UnquotedValue", "<a b=1/>", Code::kMalformedMarkup, "1"),
      BadAt("EqualsWithoutName", "<a =\"1\"/>", Code::kMalformedMarkup, "="),
      Bad("SpaceAfterLt", "< a/>", Code::kMalformedMarkup, 0),
      BadAt("LtInText", "<a>1 < 2</a>", Code::kMalformedMarkup, "< 2"),
      Bad("DigitStartsName", "<1a/>", Code::kMalformedMarkup, 0),
      BadAt("HyphenStartsName", "<a><-b/></a>", Code::kMalformedMarkup, "<-"),
      Bad("MultiplicationSignStartsName", "<\xC3\x97/>", Code::kMalformedMarkup, 0),
      BadAt("BadCharInTagName", "<a$/>", Code::kMalformedMarkup, "$"),
      BadAt("SlashNotFollowedByGt", "<a/ >", Code::kMalformedMarkup, " >"),
      Bad("StrayEndTagBeforeRoot", "</a><a/>", Code::kMalformedMarkup, 0),
      BadAt("EndTagAfterRoot", "<a/></a>", Code::kMalformedMarkup, "</a>"),
      Bad("EndTagWithoutName", "<a></></a>", Code::kMalformedMarkup, 5),
      BadAt("AttributeInEndTag", "<a></a b>", Code::kMalformedMarkup, "b>"),
      BadAt("CdataEndInText", "<a>x]]>y</a>", Code::kMalformedMarkup, "]]>"),
      BadAt("BangWithoutHyphens", "<a><!- x --></a>", Code::kMalformedMarkup, "<!"),
      BadAt("DuplicateAttribute", "<a id=\"1\" id=\"2\"/>", Code::kDuplicateAttribute, "id=\"2\""),
      BadAt("DuplicateAttributeNotAdjacent", "<a x='1' y='2' z='3' y='4'/>",
            Code::kDuplicateAttribute, "y='4'"),
      BadAt("DuplicateNonAsciiAttribute", "<a ü='1' ü='2'/>", Code::kDuplicateAttribute, "ü='2'"),
      BadAt("LtInAttributeValue", "<a b=\"x<y\"/>", Code::kLtInAttributeValue, "<y"),
      BadAt("LtInSingleQuotedValue", "<a b='<'/>", Code::kLtInAttributeValue, "<'"),

      // ---- references ---------------------------------------------------------------------
      BadAt("BareAmpersand", "<a>fish & chips</a>", Code::kBadReference, "&"),
      BadAt("UndefinedEntity", "<a>&nbsp;</a>", Code::kBadReference, "&"),
      BadAt("EntityWithoutSemicolon", "<a>&lt </a>", Code::kBadReference, "&"),
      BadAt("CharRefZero", "<a>&#0;</a>", Code::kBadReference, "&"),
      BadAt("CharRefControl", "<a>&#1;</a>", Code::kBadReference, "&"),
      BadAt("CharRefSurrogate", "<a>&#xD800;</a>", Code::kBadReference, "&"),
      BadAt("CharRefFFFE", "<a>&#xFFFE;</a>", Code::kBadReference, "&"),
      BadAt("CharRefAboveMax", "<a>&#x110000;</a>", Code::kBadReference, "&"),
      BadAt("CharRefHugeDecimal", "<a>&#99999999999999999999;</a>", Code::kBadReference, "&"),
      BadAt("CharRefUppercaseX", "<a>&#X41;</a>", Code::kBadReference, "&"),
      BadAt("CharRefWithoutDigits", "<a>&#x;</a>", Code::kBadReference, "&"),
      BadAt("CharRefHexDigitInDecimal", "<a>&#1a;</a>", Code::kBadReference, "&"),
      BadAt("BareAmpersandInAttribute", "<a b=\"x & y\"/>", Code::kBadReference, "&"),
      BadAt("UndefinedEntityInAttribute", "<a b='&foo;'/>", Code::kBadReference, "&"),

      // ---- document structure -------------------------------------------------------------
      BadAt("MultipleRoots", "<a/><b/>", Code::kMultipleRoots, "<b"),
      Bad("MultipleRootsSameName", "<a></a>\n<a></a>", Code::kMultipleRoots, 8),
      Bad("TextBeforeRoot", "x<a/>", Code::kTextOutsideRoot, 0),
      BadAt("TextAfterRoot", "<a/>\ntrailing", Code::kTextOutsideRoot, "t"),
      BadAt("ReferenceAfterRoot", "<a/>&amp;", Code::kTextOutsideRoot, "&"),
      BadAt("NonAsciiTextAfterRoot", "<a/> \xC3\xA9", Code::kTextOutsideRoot, "\xC3"),
      Bad("SecondBom", "\xEF\xBB\xBF\xEF\xBB\xBF<a/>", Code::kTextOutsideRoot, 3),
      BadAt("MismatchedEndTag", "<a><b></a></b>", Code::kMismatchedEndTag, "</a>"),
      BadAt("EndTagDiffersInCase", "<a></A>", Code::kMismatchedEndTag, "</A>"),
      BadAt("EndTagIsPrefixOfName", "<ab></a>", Code::kMismatchedEndTag, "</a>"),
      Bad("UnclosedRoot", "<a><b></b>", Code::kUnclosedElement, 0),
      BadAt("UnclosedInnerElement", "<a><b>text", Code::kUnclosedElement, "<b>"),

      // ---- comments and CDATA -------------------------------------------------------------
      BadAt("DoubleHyphenInComment", "<!-- a -- b --><a/>", Code::kBadComment, "-- b"),
      BadAt("CommentEndsWithTripleHyphen", "<a><!-- a ---></a>", Code::kBadComment, "---"),
      Bad("UnterminatedComment", "<a/><!-- x", Code::kUnexpectedEnd, kAtEnd),
      Bad("CdataBeforeRoot", "<![CDATA[x]]><a/>", Code::kBadCdata, 0),
      BadAt("CdataAfterRoot", "<a/><![CDATA[x]]>", Code::kBadCdata, "<!"),
      BadAt("LowercaseCdata", "<a><![cdata[x]]></a>", Code::kBadCdata, "<!"),
      Bad("UnterminatedCdata", "<a><![CDATA[x]]", Code::kUnexpectedEnd, kAtEnd),

      // ---- truncated input ----------------------------------------------------------------
      Bad("TruncatedLt", "<", Code::kUnexpectedEnd, kAtEnd),
      Bad("TruncatedStartTag", "<a", Code::kUnexpectedEnd, kAtEnd),
      Bad("TruncatedAfterEquals", "<a b=", Code::kUnexpectedEnd, kAtEnd),
      Bad("TruncatedAttributeValue", "<a b=\"1", Code::kUnexpectedEnd, kAtEnd),
      Bad("TruncatedEndTag", "<a></a", Code::kUnexpectedEnd, kAtEnd),
      Bad("TruncatedReference", "<a>&am", Code::kUnexpectedEnd, kAtEnd),
      Bad("TruncatedCommentOpener", "<a><!-", Code::kUnexpectedEnd, kAtEnd),
      Bad("TruncatedDoctype", "<!DOC", Code::kUnexpectedEnd, kAtEnd),
      Bad("TruncatedXmlDecl", "<?xml version=\"1.0\"", Code::kUnexpectedEnd, kAtEnd),
      Bad("TruncatedXmlDeclKeyword", "<?xml version=\"1.0\" enco", Code::kUnexpectedEnd, kAtEnd),

      // ---- limits -------------------------------------------------------------------------
      BadAt("DepthLimit", "<a><b><c><d/></c></b></a>", Code::kDepthLimit, "<d",
            Limits(3, 256, 1 << 20)),
      Bad("DepthLimitZero", "<a/>", Code::kDepthLimit, 0, Limits(0, 256, 1 << 20)),
      BadAt("AttributeLimit", "<a x='1' y='2' z='3'/>", Code::kAttributeLimit,
            "z=", Limits(256, 2, 1 << 20)),
      Bad("TextLimit", "<a>123456</a>", Code::kTextLimit, 8, TextLimit(5)),
      Bad("TextLimitCountsReferenceBytes", "<a>&amp;&amp;</a>", Code::kTextLimit, 8, TextLimit(5)),
      Bad("TextLimitBeforeLaterError", "<a>123456\x01</a>", Code::kTextLimit, 8, TextLimit(5)),
      Bad("AttributeValueLimit", "<a x='123456'/>", Code::kTextLimit, 11, TextLimit(5)),
      Bad("CdataLimit", "<a><![CDATA[123456]]></a>", Code::kTextLimit, 17, TextLimit(5)),
      Bad("CommentLimit", "<!--123456--><a/>", Code::kTextLimit, 9, TextLimit(5)),
  };

  // Generated inputs.
  std::string many_attributes = "<a";
  for (int i = 0; i < 300; ++i) many_attributes += " a" + std::to_string(i) + "='v'";
  cases.push_back(Ok("ThreeHundredAttributes", many_attributes + "/>", Limits(256, 300, 1 << 20)));
  cases.push_back(BadAt("ThreeHundredAttributesOverLimit", many_attributes + "/>",
                        Code::kAttributeLimit, " a256=", Limits(256, 256, 1 << 20)));
  cases.back().offset += 1;
  return cases;
}

class WellFormedTest : public ::testing::TestWithParam<Case> {};

TEST_P(WellFormedTest, Check) {
  const Case& c = GetParam();
  const std::optional<WellFormedError> error = CheckWellFormed(c.input, c.limits);
  if (c.ok) {
    EXPECT_FALSE(error.has_value())
        << WellFormedCodeName(error->code) << " at " << error->offset << ": " << error->message;
    return;
  }
  ASSERT_NE(c.offset, kNotFound) << "test table error: marker not found in input";
  ASSERT_TRUE(error.has_value()) << "expected " << WellFormedCodeName(c.code);
  EXPECT_STREQ(WellFormedCodeName(error->code), WellFormedCodeName(c.code)) << error->message;
  const TextPosition want = PositionAt(c.input, c.offset);
  const TextPosition got = PositionAt(c.input, error->offset);
  EXPECT_EQ(error->offset, c.offset) << "expected " << want.line << ":" << want.column << ", got "
                                     << got.line << ":" << got.column << ": " << error->message;
  EXPECT_FALSE(error->message.empty());
}

INSTANTIATE_TEST_SUITE_P(Table, WellFormedTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

TEST(WellFormedTableTest, HasEnoughDistinctCases) {
  const std::vector<Case> cases = Cases();
  std::set<std::string> names;
  for (const Case& c : cases) names.insert(c.name);
  EXPECT_EQ(names.size(), cases.size());
  EXPECT_GE(cases.size(), 60u);
}

TEST(WellFormedMessageTest, DuplicateAttributeNamesFirstPosition) {
  const auto error = CheckWellFormed("<a id=\"1\" id=\"2\"/>");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->message, "duplicate attribute 'id' (first at 1:4)");
}

TEST(WellFormedMessageTest, MismatchedEndTagNamesStartTag) {
  const std::string doc = "<r>\n  <a>\n  </b>";
  const auto error = CheckWellFormed(doc);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, Code::kMismatchedEndTag);
  EXPECT_EQ(error->message, "end tag </b> does not match start tag <a> opened at 2:3");
  const TextPosition pos = PositionAt(doc, error->offset);
  EXPECT_EQ(pos.line, 3u);
  EXPECT_EQ(pos.column, 3u);
}

TEST(WellFormedMessageTest, UnclosedElementSaysWhereOffsetPoints) {
  const auto error = CheckWellFormed("<a>\n <b>");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, Code::kUnclosedElement);
  EXPECT_EQ(error->offset, 5u);
  EXPECT_NE(error->message.find("<b> opened at 2:2"), std::string::npos) << error->message;
  EXPECT_NE(error->message.find("start tag"), std::string::npos) << error->message;
}

TEST(WellFormedMessageTest, InvalidUtf8IsDescribed) {
  const auto error = CheckWellFormed("<a>\xED\xA0\x80</a>");
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message.find("surrogate"), std::string::npos) << error->message;
}

TEST(WellFormedCodeNameTest, AllCodesHaveDistinctNames) {
  std::set<std::string> names;
  for (int i = 0; i <= static_cast<int>(Code::kUnexpectedEnd); ++i) {
    const char* name = WellFormedCodeName(static_cast<Code>(i));
    ASSERT_NE(name, nullptr);
    EXPECT_STRNE(name, "unknown");
    names.insert(name);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(Code::kUnexpectedEnd) + 1);
  EXPECT_STREQ(WellFormedCodeName(Code::kDuplicateAttribute), "duplicate-attribute");
}

TEST(PositionAtTest, CountsLinesAndCharacters) {
  const std::string text =
      "\xEF\xBB\xBF"
      "ab\r\ncd\ref\n\xC3\xA9x";
  EXPECT_EQ(PositionAt(text, 3).line, 1u);
  EXPECT_EQ(PositionAt(text, 3).column, 1u);
  EXPECT_EQ(PositionAt(text, 4).column, 2u);
  EXPECT_EQ(PositionAt(text, 7).line, 2u);  // 'c' after CRLF
  EXPECT_EQ(PositionAt(text, 7).column, 1u);
  EXPECT_EQ(PositionAt(text, 10).line, 3u);  // 'e' after a lone CR
  EXPECT_EQ(PositionAt(text, 15).line, 4u);  // 'x' after a two-byte character
  EXPECT_EQ(PositionAt(text, 15).column, 2u);
  EXPECT_EQ(PositionAt(text, 1000).line, 4u);  // clamped to the end
}

// ---- scale: these must stay fast and must not recurse --------------------------------------

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(WellFormedScaleTest, MillionDeepNestingHitsDepthLimit) {
  const std::string doc = Repeat("<a>", 1000000) + Repeat("</a>", 1000000);
  const auto error = CheckWellFormed(doc);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, Code::kDepthLimit);
  EXPECT_EQ(error->offset, 256u * 3);
}

TEST(WellFormedScaleTest, MillionDeepNestingWithinRaisedLimit) {
  const std::string doc = Repeat("<a>", 1000000) + Repeat("</a>", 1000000);
  WellFormedLimits limits;
  limits.max_depth = 1000000;
  EXPECT_FALSE(CheckWellFormed(doc, limits).has_value());
  limits.max_depth = 999999;
  const auto error = CheckWellFormed(doc, limits);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, Code::kDepthLimit);
}

TEST(WellFormedScaleTest, MillionAttributes) {
  std::string doc = "<a";
  for (int i = 0; i < 1000000; ++i) doc += " a" + std::to_string(i) + "=''";
  WellFormedLimits limits;
  limits.max_attributes = 2000000;
  EXPECT_FALSE(CheckWellFormed(doc + "/>", limits).has_value());

  const size_t dup = doc.size() + 1;
  const auto error = CheckWellFormed(doc + " a123456=''/>", limits);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, Code::kDuplicateAttribute);
  EXPECT_EQ(error->offset, dup);

  const auto limited = CheckWellFormed(doc + "/>");
  ASSERT_TRUE(limited.has_value());
  EXPECT_EQ(limited->code, Code::kAttributeLimit);
}

TEST(WellFormedScaleTest, DefaultTextLimit) {
  const size_t limit = 16u << 20;
  const std::string doc = "<a>" + std::string(limit + 1, 'x') + "</a>";
  const auto error = CheckWellFormed(doc);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, Code::kTextLimit);
  EXPECT_EQ(error->offset, 3 + limit);
  EXPECT_FALSE(CheckWellFormed("<a>" + std::string(limit, 'x') + "</a>").has_value());
}

// ---- robustness -----------------------------------------------------------------------------

const char kRichDocument[] =
    "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!-- head --><?pi x?>\n"
    "<proposal id='p1' xmlns:k=\"urn:k\">\n"
    "  <k:title lang=\"fr\">Caf\xC3\xA9 &amp; cr\xC3\xA8me &#x1F600;</k:title>\n"
    "  <budget total='1&lt;2'><![CDATA[<raw> & ]]]]><item/></budget>\n"
    "  <\xE6\x97\xA5\xE6\x9C\xAC/>\n"
    "</proposal>";

TEST(WellFormedRobustnessTest, RichDocumentPasses) {
  const auto error = CheckWellFormed(kRichDocument);
  EXPECT_FALSE(error.has_value()) << error->message;
}

TEST(WellFormedRobustnessTest, EveryTruncationFails) {
  const std::string_view doc = kRichDocument;
  for (size_t len = 0; len < doc.size(); ++len) {
    const auto error = CheckWellFormed(doc.substr(0, len));
    ASSERT_TRUE(error.has_value()) << "prefix of length " << len << " accepted";
    EXPECT_LE(error->offset, len);
    const Code code = error->code;
    EXPECT_TRUE(code == Code::kUnexpectedEnd || code == Code::kUnclosedElement ||
                code == Code::kNoRootElement || code == Code::kInvalidUtf8)
        << "prefix " << len << ": " << WellFormedCodeName(code) << ": " << error->message;
  }
}

TEST(WellFormedRobustnessTest, SingleByteMutationsNeverCrash) {
  const std::string doc = kRichDocument;
  for (size_t i = 0; i < doc.size(); ++i) {
    for (int b = 0; b < 256; ++b) {
      std::string mutated = doc;
      mutated[i] = static_cast<char>(b);
      const auto error = CheckWellFormed(mutated);
      if (error.has_value()) {
        ASSERT_LE(error->offset, mutated.size());
        ASSERT_FALSE(error->message.empty());
      }
    }
  }
}

// Plain text is skipped in blocks of 16 and 8 bytes: whatever the alignment, the first byte
// that needs attention must be found at its exact offset, and tabs and line ends must pass.
TEST(WellFormedRobustnessTest, SpecialBytesAreFoundAtEveryOffsetOfABlock) {
  const std::string before = "<r a=\"";
  for (size_t k = 0; k < 40; ++k) {
    std::string plain;
    for (size_t i = 0; i < k; ++i) plain += "ab\t\ncd\r\n"[i % 8];
    // Character data: a control character, a stray '<' in an attribute, an invalid byte.
    const std::string text_doc = "<r>" + plain + '\x01' + "</r>";
    auto error = CheckWellFormed(text_doc);
    ASSERT_TRUE(error.has_value()) << k;
    EXPECT_EQ(error->code, Code::kInvalidChar) << k;
    EXPECT_EQ(error->offset, 3 + k) << k;

    const std::string attr_doc = before + plain + "<\"/>";
    error = CheckWellFormed(attr_doc);
    ASSERT_TRUE(error.has_value()) << k;
    EXPECT_EQ(error->code, Code::kLtInAttributeValue) << k;
    EXPECT_EQ(error->offset, before.size() + k) << k;

    const std::string utf8_doc = "<r>" + plain + '\xC0' + "</r>";
    error = CheckWellFormed(utf8_doc);
    ASSERT_TRUE(error.has_value()) << k;
    EXPECT_EQ(error->code, Code::kInvalidUtf8) << k;
    EXPECT_EQ(error->offset, 3 + k) << k;

    // Valid multi-byte characters and line ends only: accepted.
    EXPECT_FALSE(CheckWellFormed("<r>" + plain + "\xC3\xA4\xE2\x82\xAC" + plain + "</r>")) << k;
  }
}

}  // namespace
}  // namespace konform::xml
