// Parser tests: expression structure (via lang::DumpExpr), syntax diagnostics with their
// positions, whole rule files, and robustness against hostile input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "lang/ast_printer.h"
#include "lang/parser.h"
#include "testing/rule_fixture.h"

namespace konform {
namespace {

using testing::ParseExpr;
using testing::ParseFile;
using testing::ShortList;

// ---------------------------------------------------------------------------------------------
// (a) Valid expressions and their structure.

struct DumpCase {
  const char* expr;
  const char* dump;
};

void PrintTo(const DumpCase& c, std::ostream* os) { *os << c.expr; }

const DumpCase kDumpCases[] = {
    // Arithmetic precedence and associativity.
    {"1 + 2 * 3", "(+ 1 (* 2 3))"},
    {"1 * 2 + 3", "(+ (* 1 2) 3)"},
    {"1 - 2 - 3", "(- (- 1 2) 3)"},
    {"8 / 4 / 2", "(/ (/ 8 4) 2)"},
    {"8 / 4 * 2", "(* (/ 8 4) 2)"},
    {"a + b - c * d / e", "(- (+ a b) (/ (* c d) e))"},
    {"(1 + 2) * 3", "(* (+ 1 2) 3)"},
    {"1 - (2 - 3)", "(- 1 (- 2 3))"},
    // Unary minus binds tightest.
    {"-1", "(neg 1)"},
    {"- 2 * 3", "(* (neg 2) 3)"},
    {"2 * -3", "(* 2 (neg 3))"},
    {"-a - -b", "(- (neg a) (neg b))"},
    {"- - 1", "(neg (neg 1))"},
    {"-(1 + 2)", "(neg (+ 1 2))"},
    // Comparisons bind looser than arithmetic, tighter than not/and/or.
    {"a = b + 1", "(= a (+ b 1))"},
    {"a * 2 >= b - 1", "(>= (* a 2) (- b 1))"},
    {"a != b", "(!= a b)"},
    {"a < b", "(< a b)"},
    {"a <= b", "(<= a b)"},
    {"a > b", "(> a b)"},
    {"/a in s", "(in /a s)"},
    {"/a matches \"^x$\"", "(matches /a \"^x$\")"},
    {"1 < 2 and 3 >= 4", "(and (< 1 2) (>= 3 4))"},
    {"(a = b) = c", "(= (= a b) c)"},
    {"a = (b = c)", "(= a (= b c))"},
    // not < comparison; and < not; or < and.
    {"not a = b", "(not (= a b))"},
    {"not a and b", "(and (not a) b)"},
    {"not not a", "(not (not a))"},
    {"not (a or b)", "(not (or a b))"},
    {"a or b and c", "(or a (and b c))"},
    {"a and b or c", "(or (and a b) c)"},
    {"a or b or c", "(or (or a b) c)"},
    {"a and b and c", "(and (and a b) c)"},
    {"a or not b and c", "(or a (and (not b) c))"},
    {"/a = \"x\" or /b in {\"y\"}", "(or (= /a \"x\") (in /b {\"y\"}))"},
    // Quantifiers: the body extends as far as possible.
    {"every $x in /a/b satisfies $x/@c = 1 and $x/@d = 2",
     "(every $x /a/b (and (= $x/@c 1) (= $x/@d 2)))"},
    {"some $x in /a satisfies $x = 1 or b", "(some $x /a (or (= $x 1) b))"},
    {"a or some $x in /a satisfies $x = 1 or b", "(or a (some $x /a (or (= $x 1) b)))"},
    {"every $x in /a satisfies some $y in $x/b satisfies $y = 1",
     "(every $x /a (some $y $x/b (= $y 1)))"},
    {"every $x in /a/b[@c = 1] satisfies true", "(every $x /a/b[(= @c 1)] true)"},
    {"(every $x in /a satisfies $x) and b", "(and (every $x /a $x) b)"},
    // Paths of every form.
    {"/", "/"},
    {"/proposal/metadata/id", "/proposal/metadata/id"},
    {"//component", "//component"},
    {"/proposal//component/@id", "/proposal//component/@id"},
    {"$c", "$c"},
    {"$c/name", "$c/name"},
    {"$c/@id", "$c/@id"},
    {"$c/a//b", "$c/a//b"},
    {"$c/text()", "$c/text()"},
    {"@id", "@id"},
    {"@*", "@*"},
    {"./name", "./name"},
    {".", "."},
    {"..", ".."},
    {"../@id", "../@id"},
    {"/a/b/..", "/a/b/.."},
    {"/a/./b", "/a/./b"},
    {"/a/*", "/a/*"},
    {"/a/@*", "/a/@*"},
    {"/a/text()", "/a/text()"},
    {"/a/b[2]", "/a/b[2]"},
    {"/a/*[1]", "/a/*[1]"},
    {"/a/b[@type = \"webApp\"]", "/a/b[(= @type \"webApp\")]"},
    {"/a/b[@x][2]", "/a/b[@x][2]"},
    {"/a/b[./c > 1]/@id", "/a/b[(> ./c 1)]/@id"},
    {".[@x = 1]", ".[(= @x 1)]"},
    {"/a/b-c/d.e", "/a/b-c/d.e"},
    // Keywords are ordinary names inside paths.
    {"/proposal/source/@title", "/proposal/source/@title"},
    {"/rule/when/at/message/hint", "/rule/when/at/message/hint"},
    {"/in/and/or/not/every/some/satisfies", "/in/and/or/not/every/some/satisfies"},
    {"$c/@severity", "$c/@severity"},
    {"/pack/let/for/each/require/area/version", "/pack/let/for/each/require/area/version"},
    // '-' between letters belongs to the name; with spaces it is subtraction.
    {"a-b", "a-b"},
    {"a - b", "(- a b)"},
    {"1-2", "(- 1 2)"},
    {"2026-1", "(- 2026 1)"},
    {"count(/a)-1", "(- (count /a) 1)"},
    {"/a/b.c", "/a/b.c"},
    // After a path '/' followed by a name continues the path; a number or '(' divides.
    {"$x / rate", "$x/rate"},
    {"$x / (rate)", "(/ $x rate)"},
    {"count(/a) / 2", "(/ (count /a) 2)"},
    // Sets.
    {"{\"a\", \"b\"}", "{\"a\" \"b\"}"},
    {"{}", "{}"},
    {"{1, 2026-01-01, true, k}", "{1 2026-01-01 true k}"},
    // Calls.
    {"count(/a/b)", "(count /a/b)"},
    {"today()", "(today)"},
    {"if(true, 1, 2)", "(if true 1 2)"},
    {"starts-with(@a, \"x\")", "(starts-with @a \"x\")"},
    {"occurrences($c/@id, //component/@id)", "(occurrences $c/@id //component/@id)"},
    {"not exists(/a) or count(/a/b) > 2", "(or (not (exists /a)) (> (count /a/b) 2))"},
    // Literals.
    {"12", "12"},
    {"0.5", "0.5"},
    {"12.50", "12.5"},
    {"true", "true"},
    {"false", "false"},
    {"2026-01-31", "2026-01-31"},
    {"2024-02-29", "2024-02-29"},
    {"\"text\"", "\"text\""},
    {"\"a\\\"b\"", "\"a\\\"b\""},
    {"\"a\\\\b\"", "\"a\\\\b\""},
    {"\"a\\nb\"", "\"a\\nb\""},
    {"\"a\\tb\"", "\"a\tb\""},
    {"\"\\{x\\}\"", "\"{x}\""},
    {"\"Grüße\"", "\"Grüße\""},
    {"\"a # b\"", "\"a # b\""},
    // Adjacent strings are joined.
    {"\"ab\" \"cd\"", "\"abcd\""},
    {"\"a\"\n  \"b\" \"c\"", "\"abc\""},
    {"/a = \"x\" \"y\"", "(= /a \"xy\")"},
    // Whitespace and comments.
    {"  1\t+\n2  # comment\n", "(+ 1 2)"},
};

class DumpTest : public ::testing::TestWithParam<DumpCase> {};

TEST_P(DumpTest, ParsesToExpectedTree) {
  const DumpCase& c = GetParam();
  testing::ParsedExpr parsed = ParseExpr(c.expr);
  EXPECT_TRUE(parsed.diagnostics.empty()) << testing::FullList(parsed.diagnostics);
  EXPECT_EQ(parsed.dump, c.dump);
}

INSTANTIATE_TEST_SUITE_P(Expressions, DumpTest, ::testing::ValuesIn(kDumpCases));

TEST(ParserTest, AtLeastFortyValidSnippets) {
  EXPECT_GE(sizeof(kDumpCases) / sizeof(kDumpCases[0]), 40u);
}

TEST(ParserTest, SameExpressionInsideRuleFileGivesSameTree) {
  // Expressions in `let` definitions go through the same grammar as standalone ones.
  for (const DumpCase& c : kDumpCases) {
    SCOPED_TRACE(c.expr);
    testing::ParsedFile parsed = ParseFile(std::string("let x =\n") + c.expr + "\n");
    ASSERT_TRUE(parsed.file.has_value()) << testing::FullList(parsed.diagnostics);
    ASSERT_EQ(parsed.file->lets.size(), 1u);
    EXPECT_EQ(lang::DumpExpr(*parsed.file->lets[0].value), c.dump);
  }
}

TEST(ParserTest, LiteralValuesAreDecoded) {
  testing::ParsedExpr parsed = ParseExpr("\"a\\\"b\\\\c\\nd\\te\\{f\\}\" \"!\"");
  ASSERT_TRUE(parsed.expr) << testing::FullList(parsed.diagnostics);
  const auto& literal = std::get<lang::Literal>(parsed.expr->kind);
  EXPECT_EQ(std::get<std::string>(literal.value), "a\"b\\c\nd\te{f}!");

  parsed = ParseExpr("0.25");
  ASSERT_TRUE(parsed.expr);
  EXPECT_DOUBLE_EQ(std::get<double>(std::get<lang::Literal>(parsed.expr->kind).value), 0.25);

  parsed = ParseExpr("2026-01-31");
  ASSERT_TRUE(parsed.expr);
  EXPECT_EQ(std::get<Date>(std::get<lang::Literal>(parsed.expr->kind).value),
            DateFromCivil(2026, 1, 31));
}

TEST(ParserTest, PathStructure) {
  testing::ParsedExpr parsed = ParseExpr("$c//b[2]/@id");
  ASSERT_TRUE(parsed.expr) << testing::FullList(parsed.diagnostics);
  const auto& path = std::get<lang::Path>(parsed.expr->kind);
  EXPECT_EQ(path.origin, lang::PathOrigin::kVariable);
  EXPECT_EQ(path.variable, "c");
  ASSERT_EQ(path.steps.size(), 2u);
  EXPECT_EQ(path.steps[0].axis, lang::Axis::kChild);
  EXPECT_TRUE(path.steps[0].descendant);
  EXPECT_EQ(path.steps[0].name, "b");
  EXPECT_EQ(path.steps[0].predicates.size(), 1u);
  EXPECT_EQ(path.steps[1].axis, lang::Axis::kAttribute);
  EXPECT_FALSE(path.steps[1].descendant);
  EXPECT_EQ(path.steps[1].name, "id");

  parsed = ParseExpr("../text()");
  ASSERT_TRUE(parsed.expr);
  const auto& relative = std::get<lang::Path>(parsed.expr->kind);
  EXPECT_EQ(relative.origin, lang::PathOrigin::kContext);
  ASSERT_EQ(relative.steps.size(), 2u);
  EXPECT_EQ(relative.steps[0].axis, lang::Axis::kParent);
  EXPECT_EQ(relative.steps[1].axis, lang::Axis::kText);

  parsed = ParseExpr("/a");
  ASSERT_TRUE(parsed.expr);
  EXPECT_EQ(std::get<lang::Path>(parsed.expr->kind).origin, lang::PathOrigin::kRoot);
}

TEST(ParserTest, ExpressionSpans) {
  testing::ParsedExpr parsed = ParseExpr("a and (b = c)");
  ASSERT_TRUE(parsed.expr);
  EXPECT_EQ(parsed.expr->span.begin, (SourcePos{1, 1}));
  EXPECT_EQ(parsed.expr->span.end, (SourcePos{1, 14}));
  const auto& binary = std::get<lang::Binary>(parsed.expr->kind);
  EXPECT_EQ(binary.rhs->span.begin, (SourcePos{1, 7}));
  EXPECT_TRUE(binary.rhs->parenthesized);
  EXPECT_FALSE(binary.lhs->parenthesized);
}

// ---------------------------------------------------------------------------------------------
// (b) Invalid snippets and rule files: code and exact position.

struct ErrorCase {
  const char* name;
  bool whole_file;  // false: a standalone expression (positions on line 1)
  const char* text;
  const char* expected;  // first diagnostic: "K1001 1:4"
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

const ErrorCase kErrorCases[] = {
    // K1001: syntax errors, located at the offending token.
    {"MissingOperand", false, "1 +", "K1001 1:4"},
    {"UnclosedParen", false, "(1 + 2", "K1001 1:7"},
    {"ExtraParen", false, "1 + 2)", "K1001 1:6"},
    {"TwoValues", false, "1 2", "K1001 1:3"},
    {"TwoOperators", false, "1 + * 2", "K1001 1:5"},
    {"AndWithoutOperand", false, "a and", "K1001 1:6"},
    {"LeadingOperator", false, "= 1", "K1001 1:1"},
    {"UnknownCharacter", false, "1 ? 2", "K1001 1:3"},
    {"UnterminatedString", false, "\"abc", "K1001 1:1"},
    {"LoneDollar", false, "$ = 1", "K1001 1:1"},
    {"UnclosedPredicate", false, "/a/b[", "K1001 1:6"},
    {"EmptyPredicate", false, "/a/b[]", "K1001 1:6"},
    {"SetTrailingComma", false, "{1, }", "K1001 1:5"},
    {"CallTrailingComma", false, "f(1,)", "K1001 1:5"},
    {"QuantifierWithoutSatisfies", false, "every $x in /a", "K1001 1:15"},
    {"QuantifierWithoutVariable", false, "every x in /a satisfies true", "K1001 1:7"},
    {"DoubleSlashAlone", false, "//", "K1001 1:1"},
    {"UnknownEscape", false, "\"a\\qb\"", "K1001 1:1"},
    {"MissingFieldValue", true, "rule R \"T\" {\n  severity\n}\n", "K1001 3:1"},
    {"MissingClosingBrace", true, "rule R \"T\" {\n  severity error\n", "K1001 3:1"},
    {"RuleWithoutId", true, "rule {\n}\n", "K1001 1:6"},
    {"UnknownField", true, "rule R \"T\" {\n  priority high\n}\n", "K1001 2:3"},
    {"LetWithoutValue", true, "let a =\n", "K1001 2:1"},
    {"SyntaxErrorInInterpolation", true, "rule R \"T\" {\n  message \"ab{1 +}\"\n}\n",
     "K1001 2:18"},
    // K1002: nesting beyond the limit (100 levels).
    {"NestedTooDeeply", false, nullptr, "K1002"},
    // K1003: comparisons do not chain.
    {"ChainedEquals", false, "a = b = c", "K1003 1:1"},
    {"ChainedLess", false, "1 < x < 3", "K1003 1:1"},
    {"ChainedIn", false, "a = b in s", "K1003 1:1"},
    {"ChainedMatchesInRule", true, "let x =\n  /a matches \"x\" = true\n", "K1003 2:3"},
    // K1004: invalid date literals.
    {"February30", false, "2026-02-30", "K1004 1:1"},
    {"NotALeapYear", false, "x = 2025-02-29", "K1004 1:5"},
    {"Month13", false, "2026-13-01", "K1004 1:1"},
    {"Day00", false, "2026-01-00", "K1004 1:1"},
    {"BadDateInLet", true, "let deadline =   2026-04-31\n", "K1004 1:18"},
    // K1005: malformed interpolation.
    {"UnclosedBrace", true, "rule R \"T\" {\n  message \"Wert {x\"\n}\n", "K1005 2:17"},
    {"UnmatchedClosingBrace", true, "rule R \"T\" {\n  message \"a } b\"\n}\n", "K1005 2:14"},
    {"EmptyInterpolation", true, "rule R \"T\" {\n  hint \"x {} y\"\n}\n", "K1005 2:11"},
    {"BlankInterpolation", true, "rule R \"T\" {\n  message en \"{  }\"\n}\n", "K1005 2:15"},
    // K2003: a field given twice.
    {"DuplicateSeverity", true, "rule R \"T\" {\n  severity error\n  severity info\n}\n",
     "K2003 3:3"},
    {"DuplicateRequire", true, "rule R \"T\" {\n  require true\n  require false\n}\n", "K2003 3:3"},
    {"DuplicateGermanMessage", true, "rule R \"T\" {\n  message \"a\"\n  message de \"b\"\n}\n",
     "K2003 3:3"},
    {"DuplicateEnglishTitle", true, "rule R \"T\" {\n  title en \"a\"\n  title en \"b\"\n}\n",
     "K2003 3:3"},
    {"DuplicateHint", true, "rule R \"T\" {\n  hint \"a\"\n  hint \"b\"\n}\n", "K2003 3:3"},
    {"DuplicateWhen", true, "rule R \"T\" {\n  when true\n  when true\n}\n", "K2003 3:3"},
    {"DuplicateAt", true, "rule R \"T\" {\n  at /a\n  at /b\n}\n", "K2003 3:3"},
    {"DuplicateArea", true, "rule R \"T\" {\n  area a\n  area b\n}\n", "K2003 3:3"},
    {"DuplicateForEach", true, "rule R \"T\" {\n  for each $a in /a\n  for each $b in /b\n}\n",
     "K2003 3:3"},
    {"TitleInHeaderAndField", true, "rule R \"T\" {\n  title de \"U\"\n}\n", "K2003 2:3"},
    {"DuplicatePackVersion", true, "pack p {\n  version \"1\"\n  version \"2\"\n}\n", "K2003 3:3"},
    {"DuplicatePackTitle", true, "pack p {\n  title \"a\"\n  title de \"b\"\n}\n", "K2003 3:3"},
};

class ErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ErrorTest, ReportsCodeAtPosition) {
  const ErrorCase& c = GetParam();
  std::string text;
  if (c.text != nullptr) {
    text = c.text;
  } else {
    text = std::string(101, '(') + "1" + std::string(101, ')');
  }
  std::vector<testing::Diag> diags;
  if (c.whole_file) {
    testing::ParsedFile parsed = ParseFile(text);
    diags = parsed.diagnostics;
  } else {
    testing::ParsedExpr parsed = ParseExpr(text);
    diags = parsed.diagnostics;
  }
  ASSERT_FALSE(diags.empty()) << "no diagnostic for: " << text;
  std::string expected = c.expected;
  if (expected.find(' ') == std::string::npos) {
    EXPECT_EQ(diags.front().code, expected) << testing::FullList(diags);
  } else {
    EXPECT_EQ(diags.front().Short(), expected) << testing::FullList(diags);
  }
}

INSTANTIATE_TEST_SUITE_P(Invalid, ErrorTest, ::testing::ValuesIn(kErrorCases),
                         [](const ::testing::TestParamInfo<ErrorCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(ParserTest, AtLeastTwentyFiveInvalidSnippets) {
  EXPECT_GE(sizeof(kErrorCases) / sizeof(kErrorCases[0]), 25u);
}

TEST(ParserTest, ValidBoundaryCases) {
  // The limit is 100 levels: exactly 100 parentheses are fine.
  testing::ParsedExpr parsed = ParseExpr(std::string(100, '(') + "1" + std::string(100, ')'));
  EXPECT_TRUE(parsed.diagnostics.empty()) << testing::FullList(parsed.diagnostics);
  // A leap day is a valid date.
  EXPECT_EQ(ParseExpr("2000-02-29").dump, "2000-02-29");
  // Escaped braces in a message are no interpolation.
  testing::ParsedFile file = ParseFile("rule R \"T\" {\n  message \"a \\{b\\} c\"\n}\n");
  ASSERT_TRUE(file.file.has_value()) << testing::FullList(file.diagnostics);
  EXPECT_EQ(lang::DumpRule(file.file->rules[0]), "(rule R (message de \"a {b} c\"))");
}

TEST(ParserTest, SyntaxErrorsYieldNoTreeOtherProblemsDo) {
  // After a syntax error there is no tree.
  testing::ParsedFile syntax = ParseFile("let a = 1 +\n");
  EXPECT_FALSE(syntax.file.has_value());
  EXPECT_EQ(ShortList(syntax.diagnostics), "K1001 2:1");
  // The builder's problems are reported, and the tree is kept so later passes can report more.
  testing::ParsedFile date = ParseFile("let a = 2026-02-30\nlet b = a = 1 = 2\n");
  EXPECT_TRUE(date.file.has_value());
  EXPECT_EQ(ShortList(date.diagnostics), "K1004 1:9, K1003 2:9");
}

TEST(ParserTest, SeveralErrorsInOneFileAreAllReported) {
  testing::ParsedFile parsed = ParseFile(
      "let a = 2026-02-30\n"
      "let b = 2026-02-31\n");
  EXPECT_EQ(ShortList(parsed.diagnostics), "K1004 1:9, K1004 2:9");
}

// ---------------------------------------------------------------------------------------------
// (c) Whole rule files.

const char kFullFile[] =
    "# Regelpaket für Tests\n"                                         // 1
    "pack demo {  # the header\n"                                      // 2
    "  title \"Demo-Paket\"\n"                                         // 3
    "  title en \"Demo pack\"\n"                                       // 4
    "  version \"2026.1\"\n"                                           // 5
    "  area security\n"                                                // 6
    "}\n"                                                              // 7
    "\n"                                                               // 8
    "let levels = {\"normal\", \"high\"}   # Schutzbedarf\n"           // 9
    "let personal = /proposal/data/@personalData = true\n"             // 10
    "\n"                                                               // 11
    "rule SEC-001 \"Schutzbedarf\" {\n"                                // 12
    "  title en \"Protection need\"\n"                                 // 13
    "  severity warning\n"                                             // 14
    "  area governance\n"                                              // 15
    "  source \"BSI 200-2\"\n"                                         // 16
    "  source \"DSGVO \" \"Art. 32\"\n"                                // 17
    "  when personal\n"                                                // 18
    "  for each $c in /proposal/component\n"                           // 19
    "  require $c/@level in levels  # comment after a field\n"         // 20
    "  at $c/protectionNeed\n"                                         // 21
    "  message \"Komponente '{$c/@id}': {count($c/x) + 1} fehlt.\"\n"  // 22
    "  message en \"Component {$c/@id}\"\n"                            // 23
    "  hint \"Stufe \\{normal\\} angeben\"\n"                          // 24
    "  hint en \"Give the level\"\n"                                   // 25
    "}\n"                                                              // 26
    "\n"                                                               // 27
    "rule SEC_002 {\n"                                                 // 28
    "  require true\n"                                                 // 29
    "}\n";                                                             // 30

TEST(RuleFileTest, PackHeader) {
  testing::ParsedFile parsed = ParseFile(kFullFile, "rules/security.rules");
  ASSERT_TRUE(parsed.file.has_value()) << testing::FullList(parsed.diagnostics);
  const lang::RuleFile& file = *parsed.file;
  EXPECT_TRUE(file.has_pack_header);
  EXPECT_EQ(file.pack.name, "demo");
  EXPECT_EQ(file.pack.title.at("de"), "Demo-Paket");
  EXPECT_EQ(file.pack.title.at("en"), "Demo pack");
  EXPECT_EQ(file.pack.version, "2026.1");
  EXPECT_EQ(file.pack.area, "security");
}

TEST(RuleFileTest, Lets) {
  testing::ParsedFile parsed = ParseFile(kFullFile);
  ASSERT_TRUE(parsed.file.has_value()) << testing::FullList(parsed.diagnostics);
  const lang::RuleFile& file = *parsed.file;
  ASSERT_EQ(file.lets.size(), 2u);
  EXPECT_EQ(file.lets[0].name, "levels");
  EXPECT_EQ(lang::DumpExpr(*file.lets[0].value), "{\"normal\" \"high\"}");
  EXPECT_EQ(file.lets[0].span.begin, (SourcePos{9, 1}));
  EXPECT_EQ(file.lets[1].name, "personal");
  EXPECT_EQ(lang::DumpExpr(*file.lets[1].value), "(= /proposal/data/@personalData true)");
}

TEST(RuleFileTest, RuleWithEveryField) {
  testing::ParsedFile parsed = ParseFile(kFullFile);
  ASSERT_TRUE(parsed.file.has_value()) << testing::FullList(parsed.diagnostics);
  ASSERT_EQ(parsed.file->rules.size(), 2u);
  const lang::RuleDecl& rule = parsed.file->rules[0];
  EXPECT_EQ(rule.id, "SEC-001");
  EXPECT_EQ(rule.id_span.begin, (SourcePos{12, 6}));
  EXPECT_EQ(rule.title.at("de"), "Schutzbedarf");
  EXPECT_EQ(rule.title.at("en"), "Protection need");
  ASSERT_TRUE(rule.severity.has_value());
  EXPECT_EQ(*rule.severity, Severity::kWarning);
  EXPECT_EQ(rule.area, "governance");
  EXPECT_THAT(rule.sources, ::testing::ElementsAre("BSI 200-2", "DSGVO Art. 32"));
  ASSERT_TRUE(rule.for_each.has_value());
  EXPECT_EQ(rule.for_each->variable, "c");
  EXPECT_EQ(lang::DumpRule(rule),
            "(rule SEC-001 warning (when personal) (for $c /proposal/component)"
            " (require (in $c/@level levels)) (at $c/protectionNeed)"
            " (message de \"Komponente '\" {$c/@id} \"': \" {(+ (count $c/x) 1)} \" fehlt.\")"
            " (message en \"Component \" {$c/@id}))");
  ASSERT_EQ(rule.hint.size(), 2u);
  ASSERT_EQ(rule.hint.at("de").parts.size(), 1u);
  EXPECT_EQ(rule.hint.at("de").parts[0].text, "Stufe {normal} angeben");
  EXPECT_EQ(rule.hint.at("en").parts[0].text, "Give the level");
  // The rule's own source text is kept for `konform explain`.
  EXPECT_EQ(rule.text.rfind("rule SEC-001", 0), 0u) << rule.text;
  EXPECT_NE(rule.text.find("hint en \"Give the level\""), std::string::npos);
  EXPECT_EQ(rule.text.find("SEC_002"), std::string::npos);
}

TEST(RuleFileTest, InterpolationPositions) {
  testing::ParsedFile parsed = ParseFile(kFullFile);
  ASSERT_TRUE(parsed.file.has_value()) << testing::FullList(parsed.diagnostics);
  const lang::Template& message = parsed.file->rules[0].message.at("de");
  ASSERT_EQ(message.parts.size(), 5u);
  ASSERT_TRUE(message.parts[1].expr);
  // `  message "Komponente '{$c/@id}'...`: the '$' is in column 25.
  EXPECT_EQ(message.parts[1].expr->span.begin, (SourcePos{22, 25}));
}

TEST(RuleFileTest, MinimalRuleAndDefaults) {
  testing::ParsedFile parsed = ParseFile(kFullFile);
  ASSERT_TRUE(parsed.file.has_value());
  const lang::RuleDecl& rule = parsed.file->rules[1];
  EXPECT_EQ(rule.id, "SEC_002");
  EXPECT_TRUE(rule.title.empty());
  EXPECT_FALSE(rule.severity.has_value());
  EXPECT_TRUE(rule.area.empty());
  EXPECT_EQ(lang::DumpRule(rule), "(rule SEC_002 (require true))");
}

TEST(RuleFileTest, PackWithoutHeaderIsNamedAfterFile) {
  testing::ParsedFile parsed = ParseFile("let a = 1\n", "rules/governance.rules");
  ASSERT_TRUE(parsed.file.has_value()) << testing::FullList(parsed.diagnostics);
  EXPECT_FALSE(parsed.file->has_pack_header);
  EXPECT_EQ(parsed.file->pack.name, "governance");
}

TEST(RuleFileTest, EmptyAndCommentOnlyFiles) {
  for (const char* text : {"", "# nur ein Kommentar\n", "\n\n   \n", "# a\r\n# b\r\n"}) {
    SCOPED_TRACE(text);
    testing::ParsedFile parsed = ParseFile(text);
    ASSERT_TRUE(parsed.file.has_value()) << testing::FullList(parsed.diagnostics);
    EXPECT_TRUE(parsed.file->rules.empty());
    EXPECT_TRUE(parsed.file->lets.empty());
  }
}

TEST(RuleFileTest, CrLfLineEndings) {
  testing::ParsedFile parsed = ParseFile("let a = 1\r\nlet b = 2026-02-30\r\n");
  EXPECT_EQ(ShortList(parsed.diagnostics), "K1004 2:9");
}

TEST(RuleFileTest, NonAsciiColumnsCountCodePoints) {
  // "Prüfung" and "ä" take two bytes each: the bad date starts in column 21 (byte 23).
  testing::ParsedFile parsed = ParseFile("let Prüfung = {\"ä\", 2026-02-30}\n");
  EXPECT_EQ(ShortList(parsed.diagnostics), "K1004 1:21");
}

TEST(RuleFileTest, KeywordsAsNames) {
  // Keywords are reserved only where they start a construct.
  testing::ParsedFile parsed = ParseFile(
      "rule message \"T\" {\n"
      "  title en \"x\"\n"
      "  require /proposal/source/@title = \"a\" and /rule/when\n"
      "  message \"{/proposal/message}\"\n"
      "}\n");
  ASSERT_TRUE(parsed.file.has_value()) << testing::FullList(parsed.diagnostics);
  EXPECT_EQ(parsed.file->rules[0].id, "message");
  EXPECT_EQ(lang::DumpRule(parsed.file->rules[0]),
            "(rule message (require (and (= /proposal/source/@title \"a\") /rule/when))"
            " (message de {/proposal/message}))");
}

TEST(RuleFileTest, RuleIdCharacters) {
  // Ids are letters, digits, '-' and '_'.
  testing::ParsedFile ok = ParseFile("rule SEC-001_a \"T\" {\n}\n");
  ASSERT_TRUE(ok.file.has_value()) << testing::FullList(ok.diagnostics);
  EXPECT_EQ(ok.file->rules[0].id, "SEC-001_a");
}

// Rule ids are letters, digits, '-' and '_' only: `rule R.1` is rejected.
TEST(RuleFileTest, RuleIdWithDotIsRejected) {
  testing::ParsedFile dotted = ParseFile("rule R.1 \"T\" {\n}\n");
  ASSERT_FALSE(dotted.diagnostics.empty());
  EXPECT_EQ(dotted.diagnostics.front().line, 1u);
  EXPECT_EQ(dotted.diagnostics.front().column, 6u);
}

TEST(RuleFileTest, ByteOrderMarkIsSkipped) {
  testing::ParsedFile parsed = ParseFile("\xEF\xBB\xBFlet a = 1\nlet b = 2026-02-30\n");
  EXPECT_EQ(ShortList(parsed.diagnostics), "K1004 2:9");
}

TEST(RuleFileTest, ByteOrderMarkIsNotAColumn) {
  testing::ParsedFile parsed = ParseFile("\xEF\xBB\xBFlet a = 2026-02-30\n");
  EXPECT_EQ(ShortList(parsed.diagnostics), "K1004 1:9");
}

TEST(RuleFileTest, StringsInsideInterpolation) {
  testing::ParsedFile parsed =
      ParseFile("rule R \"T\" {\n  message \"x{if(/a, \\\"ja\\\", \\\"nein\\\")}y\"\n}\n");
  ASSERT_TRUE(parsed.file.has_value()) << testing::FullList(parsed.diagnostics);
  EXPECT_TRUE(parsed.diagnostics.empty()) << testing::FullList(parsed.diagnostics);
  EXPECT_EQ(lang::DumpRule(parsed.file->rules[0]),
            "(rule R (message de \"x\" {(if /a \"ja\" \"nein\")} \"y\"))");
}

TEST(RuleFileTest, ManyRulesDoNotAccumulateNesting) {
  // Each field starts afresh: 500 rules with a few operators each are fine.
  std::string text;
  for (int i = 0; i < 500; ++i) {
    text += "rule R" + std::to_string(i) +
            " \"T\" {\n  when /a and /b\n  require (/a = 1 or /b = 2) and not /c\n"
            "  message \"{/a + 1}\"\n}\n";
  }
  testing::ParsedFile parsed = ParseFile(text);
  ASSERT_TRUE(parsed.file.has_value()) << testing::FullList(parsed.diagnostics);
  EXPECT_EQ(parsed.file->rules.size(), 500u);
}

TEST(RuleFileTest, ExpressionIdsAreUnique) {
  testing::ParsedFile parsed = ParseFile(kFullFile);
  ASSERT_TRUE(parsed.file.has_value());
  EXPECT_GT(parsed.file->expr_count, 10u);
}

// ---------------------------------------------------------------------------------------------
// (d) Robustness.

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

TEST(RobustnessTest, HundredThousandNestedParentheses) {
  std::string text = std::string(100000, '(') + "1" + std::string(100000, ')');
  auto start = Clock::now();
  testing::ParsedExpr parsed = ParseExpr(text);
  EXPECT_LT(SecondsSince(start), 2.0);
  ASSERT_FALSE(parsed.diagnostics.empty());
  EXPECT_EQ(parsed.diagnostics.front().code, "K1002");
  EXPECT_EQ(parsed.expr, nullptr);

  start = Clock::now();
  testing::ParsedFile file = ParseFile("let a = " + text + "\n");
  EXPECT_LT(SecondsSince(start), 2.0);
  EXPECT_FALSE(file.file.has_value());
  ASSERT_FALSE(file.diagnostics.empty());
  EXPECT_EQ(file.diagnostics.front().code, "K1002");
}

TEST(RobustnessTest, HundredThousandNots) {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "not ";
  text += "true";
  auto start = Clock::now();
  testing::ParsedExpr parsed = ParseExpr(text);
  EXPECT_LT(SecondsSince(start), 2.0);
  ASSERT_FALSE(parsed.diagnostics.empty());
  EXPECT_EQ(parsed.diagnostics.front().code, "K1002");

  testing::ParsedFile file = ParseFile("rule R \"T\" {\n  require " + text + "\n}\n");
  EXPECT_FALSE(file.file.has_value());
  ASSERT_FALSE(file.diagnostics.empty());
  EXPECT_EQ(file.diagnostics.front().code, "K1002");
}

TEST(RobustnessTest, DeepNestingInsideInterpolation) {
  std::string text = "rule R \"T\" {\n  message \"{" + std::string(5000, '(') + "1" +
                     std::string(5000, ')') + "}\"\n}\n";
  testing::ParsedFile file = ParseFile(text);
  ASSERT_FALSE(file.diagnostics.empty());
  EXPECT_EQ(file.diagnostics.front().code, "K1002");
}

TEST(RobustnessTest, TwoMegabyteRuleFile) {
  std::string text;
  while (text.size() < (2u << 20)) text += "# Kommentar, der die Datei nur groß macht ...\n";
  auto start = Clock::now();
  testing::ParsedFile parsed = ParseFile(text);
  EXPECT_LT(SecondsSince(start), 2.0);
  EXPECT_FALSE(parsed.file.has_value());
  ASSERT_EQ(parsed.diagnostics.size(), 1u);
  EXPECT_EQ(parsed.diagnostics.front().code, "K1002");
}

TEST(RobustnessTest, RandomBytes) {
  std::mt19937 random(20260615);
  std::uniform_int_distribution<int> byte(0, 255);
  auto start = Clock::now();
  for (int round = 0; round < 50; ++round) {
    std::string text(20 + round * 40, '\0');
    for (char& c : text) c = static_cast<char>(byte(random));
    SCOPED_TRACE(round);
    testing::ParsedFile parsed = ParseFile(text);
    EXPECT_FALSE(parsed.file.has_value());
    ASSERT_FALSE(parsed.diagnostics.empty());
    EXPECT_EQ(parsed.diagnostics.front().code, "K1001") << testing::FullList(parsed.diagnostics);
    // Error recovery stops after 25 syntax errors per file.
    EXPECT_LE(parsed.diagnostics.size(), 26u);
  }
  EXPECT_LT(SecondsSince(start), 3.0);
}

TEST(RobustnessTest, RandomPrintableCharacters) {
  std::mt19937 random(7);
  std::uniform_int_distribution<int> printable(32, 126);
  for (int round = 0; round < 50; ++round) {
    std::string text(20 + round * 40, ' ');
    for (char& c : text) c = static_cast<char>(printable(random));
    SCOPED_TRACE(text);
    testing::ParsedFile parsed = ParseFile(text);
    EXPECT_FALSE(parsed.file.has_value());
    ASSERT_FALSE(parsed.diagnostics.empty());
    EXPECT_EQ(parsed.diagnostics.front().code, "K1001");
  }
}

TEST(RobustnessTest, RandomTokenSoup) {
  // Plausible tokens in random order: must never crash, and either parse or report.
  const char* const kTokens[] = {
      "rule",       "R-1",     "\"T\"",   "{",      "}",        "let",       "x",  "=",
      "/a",         "$c",      "@id",     "(",      ")",        "[",         "]",  "and",
      "or",         "not",     "every",   "some",   "in",       "satisfies", "1",  "2026-01-01",
      "2026-02-30", ",",       "+",       "-",      "*",        "/",         "<",  "matches",
      "\"{x}\"",    "message", "require", "for",    "each",     "when",      "at", "..",
      ".",          "//",      "text()",  "count(", "severity", "error",     "\n", "#c\n",
      "\"\\q\"",    "pack",
  };
  std::mt19937 random(42);
  std::uniform_int_distribution<size_t> pick(0, sizeof(kTokens) / sizeof(kTokens[0]) - 1);
  auto start = Clock::now();
  for (int round = 0; round < 200; ++round) {
    std::string text;
    for (int i = 0; i < 60; ++i) text += std::string(kTokens[pick(random)]) + " ";
    testing::ParsedFile parsed = ParseFile(text);
    EXPECT_TRUE(parsed.file.has_value() || !parsed.diagnostics.empty()) << text;
  }
  EXPECT_LT(SecondsSince(start), 3.0);
}

TEST(RobustnessTest, InvalidUtf8AndNulBytes) {
  for (std::string text : {std::string("let a = \"\xff\xfe\"\n"),
                           std::string("let a = 1\0 + 2", 15), std::string("rule \xc3\x28 {}")}) {
    testing::ParsedFile parsed = ParseFile(text);
    EXPECT_FALSE(parsed.file.has_value());
    EXPECT_FALSE(parsed.diagnostics.empty());
  }
}

}  // namespace
}  // namespace konform
