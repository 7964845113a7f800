#pragma once

// Strict XML 1.0 well-formedness check over raw bytes.
//
// Why: pugixml, which builds our DOM, is deliberately lenient. It accepts several root elements,
// duplicate attributes, '<' in attribute values, a bare '&', undefined entities, invalid UTF-8 and
// more. Rule results on such input would be computed on a tree that a conforming XML parser
// refuses to produce, so every document passes through CheckWellFormed() before pugixml sees it.
//
// What is checked (XML 1.0 fifth edition, non-validating processor, no DTD support):
//  - Encoding: UTF-8 only, optionally preceded by the UTF-8 BOM. UTF-16/UTF-32 byte order marks,
//    a leading NUL byte, "<\0" and EBCDIC signatures, and an encoding declaration naming anything
//    but UTF-8 are refused. Every byte sequence must be valid UTF-8 (no overlong forms, no
//    surrogates, nothing above U+10FFFF) and every character must match the Char production.
//  - XML declaration: only at the very start; version="1.x", then optional encoding and
//    standalone="yes|no", in that order, with the spec's whitespace rules.
//  - Policy: any <!DOCTYPE is refused (no DTD support).
//  - Processing instructions: a target Name that is not [Xx][Mm][Ll].
//  - Names per the Name production, including the non-ASCII ranges; ':' is an ordinary name
//    character (prefixes are not validated).
//  - Tag syntax, '=' and quoted values for attributes, whitespace between attributes, unique
//    attribute names per element, no '<' in attribute values.
//  - References: &lt; &gt; &amp; &apos; &quot; and character references to legal characters.
//  - Exactly one root element; only whitespace, comments and PIs outside it; balanced tags;
//    no ']]>' in character data; no '--' inside comments; CDATA sections only inside the root.
//  - Truncated input anywhere.
//  - Resource limits (WellFormedLimits): nesting depth, attributes per element, and the raw byte
//    length of one text run (references count with their source bytes; whitespace between
//    top-level constructs counts as a run too), CDATA section, attribute value, comment or PI
//    body.
//
// The check is a single forward pass without recursion: linear time, and the only memory it
// keeps is the stack of open tag names plus a per-element attribute-name set that is reused.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace konform::xml {

struct WellFormedLimits {
  uint32_t max_depth = 256;             // element nesting depth; root element is depth 1
  uint32_t max_attributes = 256;        // attributes on one element
  uint64_t max_text_bytes = 16u << 20;  // longest single text/CDATA run or attribute value
                                        // (also applied to comment and PI bodies), raw bytes
};

enum class WellFormedCode {
  kInvalidUtf8,
  kUnsupportedEncoding,
  kDoctypeNotAllowed,
  kInvalidChar,
  kMalformedMarkup,
  kMismatchedEndTag,
  kUnclosedElement,
  kDuplicateAttribute,
  kLtInAttributeValue,
  kBadReference,
  kMultipleRoots,
  kNoRootElement,
  kTextOutsideRoot,
  kBadComment,
  kBadCdata,
  kBadProcessingInstruction,
  kBadXmlDeclaration,
  kDepthLimit,
  kAttributeLimit,
  kTextLimit,
  kUnexpectedEnd,
};

struct WellFormedError {
  WellFormedCode code;
  size_t offset;  // byte offset into the text passed in, pointing at the offending byte/construct
  std::string message;  // English, specific, e.g. "duplicate attribute 'id' (first at 3:15)"
};

// Returns std::nullopt when `text` is a well-formed XML 1.0 document in UTF-8 (optionally
// starting with the UTF-8 BOM EF BB BF) within `limits`; otherwise the first problem found.
// Never throws (barring std::bad_alloc), never allocates per node beyond a tag-name stack;
// linear time, no recursion.
//
// Offsets: lexical errors point at the offending byte; errors about a whole construct point at
// its first byte (the '<' of a tag, comment, CDATA section or DOCTYPE, the '&' of a reference,
// the first byte of a duplicate attribute name). kUnexpectedEnd, kNoRootElement point at the end
// of input; kUnclosedElement points at the start tag of the innermost unclosed element;
// kTextLimit points at the first byte beyond the limit.
std::optional<WellFormedError> CheckWellFormed(std::string_view text,
                                               const WellFormedLimits& limits = {});

// Stable short identifier of a code, e.g. "duplicate-attribute".
const char* WellFormedCodeName(WellFormedCode code);

// 1-based line and column of a byte offset, as used in error messages. Lines end at LF, CRLF or
// a lone CR; columns count characters (UTF-8 sequences), and a leading BOM is not counted.
struct TextPosition {
  size_t line = 1;
  size_t column = 1;
};
TextPosition PositionAt(std::string_view text, size_t offset);

}  // namespace konform::xml
