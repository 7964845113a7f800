// SourceFile line/column mapping, diagnostics rendering, calendar dates, control characters
// shown on a terminal, and reading input files with limits.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/diagnostic.h"
#include "common/file_reader.h"
#include "common/source.h"
#include "common/terminal_text.h"
#include "testing/rule_fixture.h"

namespace konform {
namespace {

std::string PosText(SourcePos pos) {
  return std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

struct PosCase {
  const char* name;
  std::string text;
  size_t offset;
  const char* expected;  // "line:column"
};

void PrintTo(const PosCase& c, std::ostream* os) { *os << c.name; }

const PosCase kPosCases[] = {
    {"Start", "abc\ndef", 0, "1:1"},
    {"MiddleOfFirstLine", "abc\ndef", 2, "1:3"},
    {"LineFeedItself", "abc\ndef", 3, "1:4"},
    {"StartOfSecondLine", "abc\ndef", 4, "2:1"},
    {"EndWithoutFinalNewline", "abc\ndef", 7, "2:4"},
    {"PastTheEndClamps", "abc\ndef", 100, "2:4"},
    {"AfterFinalNewline", "abc\n", 4, "2:1"},
    {"EmptyText", "", 0, "1:1"},
    {"CrLfCarriageReturn", "ab\r\ncd", 2, "1:3"},
    {"CrLfLineFeed", "ab\r\ncd", 3, "1:4"},
    {"CrLfNextLine", "ab\r\ncd", 4, "2:1"},
    {"CrLfIsOneBreak", "a\r\nb\r\nc", 6, "3:1"},
    {"LoneCr", "ab\rcd", 3, "2:1"},
    {"LoneCrEnd", "ab\rcd", 5, "2:3"},
    {"MixedBreaks", "a\rb\r\nc\nd", 7, "4:1"},
    {"EmptyLines", "\n\n\nx", 3, "4:1"},
    {"TwoByteCharacters", "äöü=x", 6, "1:4"},
    {"ThreeByteCharacter", "€ = 1", 4, "1:3"},
    {"FourByteCharacter", "😀a", 4, "1:2"},
    {"NonAsciiSecondLine", "x\nGrüße, Welt", 8, "2:5"},
};

class PosTest : public ::testing::TestWithParam<PosCase> {};

TEST_P(PosTest, PosFromOffset) {
  const PosCase& c = GetParam();
  SourceFile file("f", c.text);
  EXPECT_EQ(PosText(file.PosFromOffset(c.offset)), c.expected);
}

INSTANTIATE_TEST_SUITE_P(Table, PosTest, ::testing::ValuesIn(kPosCases),
                         [](const ::testing::TestParamInfo<PosCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(SourceFileTest, OffsetFromPosInvertsPosFromOffset) {
  for (std::string text :
       {std::string("abc\ndef\n"), std::string("ab\r\ncd\rx"), std::string("Grüße\n€😀x\r\n")}) {
    SourceFile file("f", text);
    for (size_t offset = 0; offset < text.size(); ++offset) {
      unsigned char c = static_cast<unsigned char>(text[offset]);
      if ((c & 0xC0) == 0x80) continue;  // inside a UTF-8 sequence
      if (text[offset] == '\n' || text[offset] == '\r') continue;
      SCOPED_TRACE(offset);
      EXPECT_EQ(file.OffsetFromPos(file.PosFromOffset(offset)), offset);
    }
  }
}

TEST(SourceFileTest, LineText) {
  SourceFile file("f", "first\r\nsecond\rthird\nlast");
  EXPECT_EQ(file.line_count(), 4u);
  EXPECT_EQ(file.LineText(1), "first");
  EXPECT_EQ(file.LineText(2), "second");
  EXPECT_EQ(file.LineText(3), "third");
  EXPECT_EQ(file.LineText(4), "last");
  EXPECT_EQ(file.LineText(0), "");
  EXPECT_EQ(file.LineText(5), "");
}

TEST(SourceFileTest, LineCount) {
  EXPECT_EQ(SourceFile("f", "").line_count(), 1u);
  EXPECT_EQ(SourceFile("f", "a").line_count(), 1u);
  EXPECT_EQ(SourceFile("f", "a\n").line_count(), 2u);
  EXPECT_EQ(SourceFile("f", "a\r\nb\r\n").line_count(), 3u);
  EXPECT_EQ(SourceFile("f", "a\rb\rc").line_count(), 3u);
}

TEST(SourceFileTest, LargeFile) {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "line " + std::to_string(i) + "\n";
  SourceFile file("f", text);
  EXPECT_EQ(file.line_count(), 100001u);
  size_t offset = text.find("line 54321\n");
  EXPECT_EQ(PosText(file.PosFromOffset(offset + 5)), "54322:6");
  EXPECT_EQ(file.LineText(54322), "line 54321");
}

TEST(SourceManagerTest, IdsStartAtOne) {
  SourceManager sources;
  EXPECT_EQ(sources.size(), 0u);
  uint32_t a = sources.Add(SourceFile("a.rules", "x"));
  uint32_t b = sources.Add(SourceFile("b.rules", "y"));
  EXPECT_EQ(a, 1u);
  EXPECT_EQ(b, 2u);
  EXPECT_EQ(sources.Get(a).path(), "a.rules");
  EXPECT_EQ(sources.Get(b).text(), "y");
  EXPECT_EQ(sources.size(), 2u);
}

TEST(CountCodePointsTest, Counts) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("aä€😀"), 4u);
  EXPECT_EQ(CountCodePoints("Grüße"), 5u);
}

// ---------------------------------------------------------------------------------------------
// Diagnostics.

Diagnostic Make(std::string code, uint32_t file, SourcePos begin, SourcePos end,
                std::string message) {
  Diagnostic d;
  d.code = std::move(code);
  d.span = SourceSpan{file, begin, end};
  d.message = std::move(message);
  return d;
}

TEST(FormatDiagnosticTest, CaretUnderSingleColumn) {
  SourceManager sources;
  uint32_t id = sources.Add(SourceFile("r.rules", "let a = b\n"));
  Diagnostic d = Make("K2005", id, {1, 9}, {1, 10}, "unknown name 'b'");
  EXPECT_EQ(FormatDiagnostic(d, sources),
            "r.rules:1:9: error[K2005]: unknown name 'b'\n"
            "    1 | let a = b\n"
            "      |         ^\n");
}

TEST(FormatDiagnosticTest, CaretUnderlinesTheSpan) {
  SourceManager sources;
  uint32_t id = sources.Add(SourceFile("r.rules", "# c\nlet x = coutn(/a)\n"));
  Diagnostic d = Make("K2006", id, {2, 9}, {2, 18}, "unknown function 'coutn'");
  EXPECT_EQ(FormatDiagnostic(d, sources),
            "r.rules:2:9: error[K2006]: unknown function 'coutn'\n"
            "    2 | let x = coutn(/a)\n"
            "      |         ^~~~~~~~~\n");
}

TEST(FormatDiagnosticTest, WideLineNumbers) {
  std::string text;
  for (int i = 1; i < 41; ++i) text += "\n";
  text += "x = 1\n";
  SourceManager sources;
  uint32_t id = sources.Add(SourceFile("r.rules", text));
  Diagnostic d = Make("K1001", id, {41, 1}, {41, 2}, "syntax error");
  EXPECT_EQ(FormatDiagnostic(d, sources),
            "r.rules:41:1: error[K1001]: syntax error\n"
            "    41 | x = 1\n"
            "       | ^\n");
}

TEST(FormatDiagnosticTest, CaretAfterNonAsciiAndTabs) {
  SourceManager sources;
  uint32_t id = sources.Add(SourceFile("r.rules", "\t\"Größe\" = x\n"));
  // Column 12 is the 'x': a tab, then 10 characters of which two are not ASCII.
  Diagnostic d = Make("K2005", id, {1, 12}, {1, 13}, "unknown name 'x'");
  EXPECT_EQ(FormatDiagnostic(d, sources),
            "r.rules:1:12: error[K2005]: unknown name 'x'\n"
            "    1 | \t\"Größe\" = x\n"
            "      | \t          ^\n");
}

TEST(FormatDiagnosticTest, CrLfLineIsShownWithoutBreak) {
  SourceManager sources;
  uint32_t id = sources.Add(SourceFile("r.rules", "a\r\nbad line\r\n"));
  Diagnostic d = Make("K1001", id, {2, 5}, {2, 9}, "syntax error");
  EXPECT_EQ(FormatDiagnostic(d, sources),
            "r.rules:2:5: error[K1001]: syntax error\n"
            "    2 | bad line\n"
            "      |     ^~~~\n");
}

TEST(FormatDiagnosticTest, Notes) {
  SourceManager sources;
  uint32_t a = sources.Add(SourceFile("a.rules", "rule R-1 {}\n"));
  uint32_t b = sources.Add(SourceFile("b.rules", "\nrule R-1 {}\n"));
  Diagnostic d = Make("K2001", b, {2, 6}, {2, 9}, "duplicate rule id 'R-1'");
  d.notes.emplace_back(SourceSpan{a, {1, 6}, {1, 9}}, "first defined here");
  EXPECT_EQ(FormatDiagnostic(d, sources),
            "b.rules:2:6: error[K2001]: duplicate rule id 'R-1'\n"
            "    2 | rule R-1 {}\n"
            "      |      ^~~\n"
            "   = note: a.rules:1:6: first defined here\n");
}

TEST(FormatDiagnosticTest, DocumentProblemWithoutSpan) {
  SourceManager sources;
  Diagnostic d;
  d.code = "K4001";
  d.file = "doc.xml";
  d.pos = SourcePos{3, 4};
  d.message = "mismatched end tag";
  d.snippet = "    3 | </b>\n      |    ^\n";
  EXPECT_EQ(FormatLocation(d, sources), "doc.xml:3:4");
  EXPECT_EQ(FormatDiagnostic(d, sources),
            "doc.xml:3:4: error[K4001]: mismatched end tag\n"
            "    3 | </b>\n"
            "      |    ^\n");
}

TEST(FormatDiagnosticTest, WarningsAndNoPosition) {
  SourceManager sources;
  Diagnostic d;
  d.code = "K5001";
  d.severity = DiagSeverity::kWarning;
  d.file = "missing.xml";
  d.message = "cannot read file";
  EXPECT_EQ(FormatLocation(d, sources), "missing.xml");
  EXPECT_EQ(FormatDiagnostic(d, sources), "missing.xml: warning[K5001]: cannot read file\n");
}

TEST(FormatDiagnosticTest, ColorAddsEscapes) {
  SourceManager sources;
  uint32_t id = sources.Add(SourceFile("r.rules", "x\n"));
  Diagnostic d = Make("K2005", id, {1, 1}, {1, 2}, "m");
  std::string colored = FormatDiagnostic(d, sources, true);
  EXPECT_NE(colored.find("\033["), std::string::npos);
  EXPECT_EQ(FormatDiagnostic(d, sources, false).find("\033["), std::string::npos);
}

TEST(DiagnosticSinkTest, CountsAndSorts) {
  SourceManager sources;
  uint32_t a = sources.Add(SourceFile("a.rules", "x\ny\n"));
  uint32_t b = sources.Add(SourceFile("b.rules", "x\n"));
  DiagnosticSink sink;
  EXPECT_FALSE(sink.has_errors());
  sink.Error("K2005", SourceSpan{b, {1, 1}, {1, 2}}, "b");
  sink.Error("K2008", SourceSpan{a, {2, 1}, {2, 2}}, "a2");
  sink.Error("K2005", SourceSpan{a, {1, 3}, {1, 4}}, "a1");
  sink.Error("K2005", SourceSpan{a, {1, 3}, {1, 4}}, "a1");  // duplicate
  Diagnostic warning;
  warning.code = "K3001";
  warning.severity = DiagSeverity::kWarning;
  warning.span = SourceSpan{a, {1, 3}, {1, 4}};
  sink.Report(warning);
  EXPECT_TRUE(sink.has_errors());
  EXPECT_EQ(sink.error_count(), 4u);
  EXPECT_EQ(sink.diagnostics().size(), 5u);
  std::vector<testing::Diag> sorted = testing::TakeDiags(sink, sources);
  EXPECT_EQ(testing::ShortList(sorted), "K2005 1:3, K3001 1:3, K2008 2:1, K2005 1:1");
  EXPECT_EQ(sorted.back().file, "b.rules");
  EXPECT_FALSE(sink.has_errors());
}

// ---------------------------------------------------------------------------------------------
// Dates.

TEST(DateTest, ParseValidDates) {
  for (const char* text : {"2026-01-31", "2024-02-29", "2000-02-29", "1970-01-01", "9999-12-31",
                           "2026-04-30", "0001-01-01"}) {
    SCOPED_TRACE(text);
    std::optional<Date> date = ParseIsoDate(text);
    ASSERT_TRUE(date.has_value());
    EXPECT_EQ(FormatIsoDate(*date), text);
  }
}

TEST(DateTest, RejectInvalidDates) {
  for (const char* text :
       {"2026-02-30", "2025-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
        "2026-01-00", "2026-1-05", "2026-01-5", "26-01-05", "2026/01/05", " 2026-01-05",
        "2026-01-05 ", "2026-01-05T00:00", "", "abcd-ef-gh", "+026-01-05"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(ParseIsoDate(text).has_value());
  }
}

TEST(DateTest, CivilConversions) {
  EXPECT_EQ(DateFromCivil(1970, 1, 1).days, 0);
  EXPECT_EQ(DateFromCivil(1970, 1, 2).days, 1);
  EXPECT_EQ(DateFromCivil(1969, 12, 31).days, -1);
  EXPECT_EQ(DateFromCivil(2026, 12, 31).days - DateFromCivil(2026, 1, 1).days, 364);
  EXPECT_EQ(DateFromCivil(2024, 12, 31).days - DateFromCivil(2024, 1, 1).days, 365);
  int32_t year = 0;
  uint32_t month = 0, day = 0;
  CivilFromDate(DateFromCivil(2024, 2, 29), year, month, day);
  EXPECT_EQ(year, 2024);
  EXPECT_EQ(month, 2u);
  EXPECT_EQ(day, 29u);
  EXPECT_EQ(FormatIsoDate(Date{DateFromCivil(2026, 2, 28).days + 1}), "2026-03-01");
  EXPECT_TRUE(DateFromCivil(2026, 1, 1) < DateFromCivil(2026, 1, 2));
}

TEST(DateTest, TodayIsPlausible) {
  Date today = Today();
  EXPECT_GT(today.days, DateFromCivil(2020, 1, 1).days);
  EXPECT_LT(today.days, DateFromCivil(2200, 1, 1).days);
}

// ---------------------------------------------------------------------------------------------
// Control characters shown on a terminal (common/terminal_text.h).

TEST(TerminalTextTest, EscapesControlCharactersVisibly) {
  EXPECT_EQ(TerminalText("plain ASCII"), "plain ASCII");
  EXPECT_EQ(TerminalText("Größe € 😀"), "Größe € 😀");
  EXPECT_EQ(TerminalText("\x1b]0;pwned\x07\x1b[2J"), "\\x1b]0;pwned\\x07\\x1b[2J");
  EXPECT_EQ(TerminalText(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(TerminalText("tab\tkept"), "tab\tkept");
  EXPECT_EQ(TerminalText("two\r\nlines"), "two\\r\\nlines");
  EXPECT_EQ(TerminalText("del\x7f"), "del\\x7f");
  // C1 controls as UTF-8 (U+009B is CSI) and as single bytes (not UTF-8) look the same.
  EXPECT_EQ(TerminalText(std::string("\xc2\x9b") + "31m"), "\\x9b31m");
  EXPECT_EQ(TerminalText(std::string("\x9b") + "31m"), "\\x9b31m");
  EXPECT_EQ(TerminalText("\xc2\x85|\xc2\xa0|\xc2\x9f"), "\\x85|\xc2\xa0|\\x9f");  // NEL, NBSP
  // Invalid UTF-8: every byte that is not part of a valid sequence.
  EXPECT_EQ(TerminalText("gr\xc3\xbc\xc3"), "gr\xc3\xbc\\xc3");
  EXPECT_EQ(TerminalText("\xc0\xaf"), "\\xc0\\xaf");           // overlong '/'
  EXPECT_EQ(TerminalText("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // surrogate
  EXPECT_EQ(TerminalText("\xff"), "\\xff");
  // The output never contains what it escapes: escaping again changes nothing.
  const std::string once = TerminalText("\x1b[31m\x9b\xff\r\n");
  EXPECT_EQ(TerminalText(once), once);
}

// Bidirectional overrides and isolates reorder what a terminal shows around them ("Trojan
// Source"); the line and paragraph separators break lines in some viewers. All are shown.
TEST(TerminalTextTest, BidiControlsAndSeparatorsAreShown) {
  EXPECT_EQ(TerminalText("ok\xE2\x80\xAE}if{\xE2\x81\xA6x\xE2\x81\xA9"),
            "ok\\u202e}if{\\u2066x\\u2069");
  EXPECT_EQ(TerminalText("a\xE2\x80\xA8"
                         "b\xE2\x80\xA9"
                         "c"),
            "a\\u2028b\\u2029c");
  EXPECT_EQ(TerminalText("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD"),
            "\\u202a\\u202b\\u202c\\u202d");
  // Neighbours that are ordinary text stay: U+2027, U+202F, U+2065, U+206A.
  const std::string neighbours = "\xE2\x80\xA7\xE2\x80\xAF\xE2\x81\xA5\xE2\x81\xAA";
  EXPECT_EQ(TerminalText(neighbours), neighbours);
}

TEST(TerminalTextTest, LinesAndKeptCharacters) {
  EXPECT_EQ(TerminalLines("a\nb\x1b\r\n"), "a\nb\\x1b\\r\n");
  EXPECT_EQ(EscapeControls("a\r\n\t\x07", "\r\n"), "a\r\n\\x09\\x07");
  EXPECT_EQ(EscapeControls("", "\t"), "");
}

TEST(TerminalTextTest, DecodeUtf8) {
  char32_t cp = 0;
  EXPECT_EQ(DecodeUtf8("a", 0, cp), 1u);
  EXPECT_EQ(cp, U'a');
  EXPECT_EQ(DecodeUtf8("\xc3\xa4", 0, cp), 2u);
  EXPECT_EQ(cp, U'ä');
  EXPECT_EQ(DecodeUtf8("x\xe2\x82\xac", 1, cp), 3u);
  EXPECT_EQ(cp, U'€');
  EXPECT_EQ(DecodeUtf8("\xf0\x9f\x98\x80", 0, cp), 4u);
  EXPECT_EQ(cp, char32_t{0x1F600});
  EXPECT_EQ(DecodeUtf8("\xe2\x82", 0, cp), 0u);          // truncated
  EXPECT_EQ(DecodeUtf8("\x80", 0, cp), 0u);              // continuation byte
  EXPECT_EQ(DecodeUtf8("\xe0\x80\x80", 0, cp), 0u);      // overlong
  EXPECT_EQ(DecodeUtf8("\xf4\x90\x80\x80", 0, cp), 0u);  // above U+10FFFF
  EXPECT_EQ(DecodeUtf8("\xc3\x28", 0, cp), 0u);          // not a continuation
}

TEST(TerminalTextTest, CaretStaysUnderItsColumnAfterEscapes) {
  // Column 4 is the 'c' after ESC: the caret line pads the four characters of "\x1b".
  EXPECT_EQ(RenderSourceLine(7, "ab\033cd", 4, 2, false),
            "    7 | ab\\x1bcd\n"
            "      |       ^~\n");
  // Tabs are kept in both lines; an invalid byte is as wide as its escape.
  EXPECT_EQ(RenderSourceLine(1, "\t\xff<x>", 3, 1, false),
            "    1 | \t\\xff<x>\n"
            "      | \t    ^\n");
  EXPECT_EQ(RenderSourceLine(1, std::string(301, 'x'), 1, 1, false), "");
}

TEST(FormatDiagnosticTest, ControlCharactersFromTheInputAreEscaped) {
  SourceManager sources;
  uint32_t id = sources.Add(SourceFile("r\x1b[31m.rules", "x = \"\x07\x1b]0;t\x07\"\n"));
  Diagnostic d = Make("K1001", id, {1, 5}, {1, 6}, "unexpected '\x07'");
  d.notes.emplace_back(SourceSpan{id, {1, 1}, {1, 2}}, "see \x1b[2J");
  EXPECT_EQ(FormatDiagnostic(d, sources),
            "r\\x1b[31m.rules:1:5: error[K1001]: unexpected '\\x07'\n"
            "    1 | x = \"\\x07\\x1b]0;t\\x07\"\n"
            "      |     ^\n"
            "   = note: r\\x1b[31m.rules:1:1: see \\x1b[2J\n");
  // A document problem: file name and message escaped, the snippet as rendered.
  Diagnostic doc;
  doc.code = "K4001";
  doc.file = "evil\n.xml";
  doc.pos = SourcePos{1, 2};
  doc.message = "bad \x9b";
  SourceFile file("evil\n.xml", "<\x1b>\n");
  doc.snippet = RenderSnippet(file, doc.pos, doc.pos, false);
  EXPECT_EQ(FormatDiagnostic(doc, sources),
            "evil\\n.xml:1:2: error[K4001]: bad \\x9b\n"
            "    1 | <\\x1b>\n"
            "      |  ^\n");
}

// ---------------------------------------------------------------------------------------------
// Reading input files with limits (common/file_reader.h).

class FileReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("konform-reader-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(Path(name), std::ios::binary) << text;
    return Path(name);
  }

  // Reads `path`; on failure returns "CODE message" of the one diagnostic.
  static std::string Read(const std::string& path, uint64_t max_bytes,
                          std::string_view option = {}) {
    DiagnosticSink sink;
    std::optional<std::string> text = ReadBoundedFile(path, max_bytes, sink, option);
    if (text) {
      EXPECT_TRUE(sink.diagnostics().empty());
      return "ok:" + *text;
    }
    EXPECT_EQ(sink.diagnostics().size(), 1u);
    if (sink.diagnostics().empty()) return "no diagnostic";
    const Diagnostic& d = sink.diagnostics()[0];
    EXPECT_EQ(d.file, path);
    EXPECT_EQ(d.severity, DiagSeverity::kError);
    return d.code + " " + d.message;
  }

  std::filesystem::path dir_;
};

TEST_F(FileReaderTest, ReadsRegularFilesUpToTheLimit) {
  EXPECT_EQ(Read(Write("a.xml", "<a/>\n"), 5), "ok:<a/>\n");
  EXPECT_EQ(Read(Write("empty.xml", ""), 0), "ok:");
  std::string big(200000, 'x');  // several read chunks
  EXPECT_EQ(Read(Write("big.xml", big), 200000), "ok:" + big);
  std::filesystem::create_symlink("a.xml", Path("link.xml"));
  EXPECT_EQ(Read(Path("link.xml"), 5), "ok:<a/>\n");
}

TEST_F(FileReaderTest, RefusesLargerFilesByTheirSize) {
  EXPECT_EQ(Read(Write("a.xml", "<a/>\n"), 4), "K5003 file too large (5 bytes; limit 4)");
  EXPECT_EQ(Read(Path("a.xml"), 4, "--max-file-size"),
            "K5003 file too large (5 bytes; limit 4, see --max-file-size)");
  // A sparse file of 8 GiB: refused by its size, nothing read.
  { std::ofstream create(Path("sparse.xml")); }
  std::filesystem::resize_file(Path("sparse.xml"), uint64_t{8} << 30);
  EXPECT_EQ(Read(Path("sparse.xml"), 64u << 20),
            "K5003 file too large (8589934592 bytes; limit 67108864)");
}

TEST_F(FileReaderTest, RefusesWhatIsNotARegularFile) {
  // None of these is opened: a FIFO without a writer would block, /dev/zero never ends.
  ASSERT_EQ(::mkfifo(Path("fifo.xml").c_str(), 0600), 0);
  EXPECT_EQ(Read(Path("fifo.xml"), 1000), "K5001 not a regular file");
  EXPECT_EQ(Read("/dev/zero", 1000), "K5001 not a regular file");
  std::filesystem::create_symlink("/dev/zero", Path("zero.xml"));
  EXPECT_EQ(Read(Path("zero.xml"), 1000), "K5001 not a regular file");
  std::filesystem::create_directory(Path("dir.xml"));
  EXPECT_EQ(Read(Path("dir.xml"), 1000), "K5001 not a regular file");
}

TEST_F(FileReaderTest, ReportsWhyAFileCannotBeRead) {
  EXPECT_EQ(Read(Path("missing.xml"), 1000), "K5001 cannot read file: No such file or directory");
  std::filesystem::create_symlink("nowhere.xml", Path("dangling.xml"));
  EXPECT_EQ(Read(Path("dangling.xml"), 1000), "K5001 cannot read file: No such file or directory");
  std::filesystem::create_symlink("loop.xml", Path("loop.xml"));
  EXPECT_EQ(Read(Path("loop.xml"), 1000),
            "K5001 cannot read file: Too many levels of symbolic links");
}

}  // namespace
}  // namespace konform
