// Escaping shared by the writers.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace konform::report {

// The text as a JSON string literal, with quotes. Always valid JSON in valid UTF-8: invalid
// sequences become U+FFFD; control characters (C0, DEL, C1), the line and paragraph
// separators U+2028/U+2029 (line breaks in JavaScript) and the bidirectional formatting
// characters (U+202A-U+202E, U+2066-U+2069, which reorder how text around them is displayed)
// are written as \u escapes, so that a reader decodes exactly the text but no viewer shows
// it rearranged. Everything else is kept as UTF-8.
std::string JsonString(std::string_view text);

// The text with every invalid UTF-8 sequence replaced by U+FFFD, so that a file name or a
// message quoting raw bytes cannot make a JSON or XML report unreadable.
std::string ValidUtf8(std::string_view text);

// Character data for XML: `&`, `<`, `>` escaped, CR as a character reference (a parser
// would drop it otherwise), characters XML 1.0 forbids removed, invalid UTF-8 replaced; DEL,
// C1 controls, U+2028/U+2029 and bidirectional formatting characters as character
// references (`&#x202E;`), so that the raw file shows them.
std::string XmlText(std::string_view text);

// An XML attribute value in double quotes: as XmlText, plus `"`, and tab and line breaks as
// character references so that attribute normalisation keeps them.
std::string XmlAttribute(std::string_view text);

// Text or a double- or single-quoted attribute value in HTML. C0 controls other than tab and
// line feed are dropped (parse errors in HTML); DEL, C1 controls and bidirectional formatting
// characters are shown as in the text report (`\x9b`, `\u202e`).
std::string HtmlEscape(std::string_view text);

// A file path as a URI reference: unreserved characters and `/` kept, everything else
// percent-encoded; an absolute path becomes a `file://` URI.
std::string UriFromPath(std::string_view path);

// Inline Markdown (CommonMark, GitHub and GitLab flavours) that renders as the literal text:
// punctuation backslash-escaped (including `|` for table cells), line breaks and tabs as
// spaces, other control characters and bidirectional formatting characters visible as in
// the text report (`\x1b`, rendered from `\\x1b`), and `@` followed by a zero-width space so that
// paths like `/@id` mention nobody.
std::string MarkdownText(std::string_view text);

// GitHub Actions workflow commands: the message (`%`, CR, LF encoded) and property values
// (additionally `:` and `,`); other control characters visible as in the text report
// (`\x1b`), invalid UTF-8 as U+FFFD.
std::string GithubMessage(std::string_view text);
std::string GithubProperty(std::string_view text);

// A localised text: `language`, else German, else any; empty if there is none.
std::string Localized(const std::map<std::string, std::string>& texts, const std::string& language);

}  // namespace konform::report
