// Checker tests: rule files that must be accepted, and rule files that must be rejected with
// a given diagnostic code at a given position.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "testing/rule_fixture.h"

namespace konform {
namespace {

using testing::RuleText;
using testing::RuleWithRequire;

// The standard rule with EXPR in `require` (line 5, column 11), after `lets` lines.
std::string R(const std::string& expr, const std::string& lets = "") {
  return lets + RuleWithRequire(expr);
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

struct CheckCase {
  std::string name;
  std::vector<RuleText> files;
  // All diagnostics, as "K2005 5:11, K2008 6:3"; empty: the files must be accepted.
  std::string expected;
  std::string message_contains = "";  // of the first diagnostic
  std::string file = "";              // of the first diagnostic, when several files are given
};

void PrintTo(const CheckCase& c, std::ostream* os) { *os << c.name; }

CheckCase Ok(std::string name, std::string text) {
  return CheckCase{std::move(name), {{"test.rules", std::move(text)}}, ""};
}

CheckCase Bad(std::string name, std::string text, std::string expected,
              std::string message_contains = "") {
  return CheckCase{std::move(name),
                   {{"test.rules", std::move(text)}},
                   std::move(expected),
                   std::move(message_contains)};
}

// A rule whose fields are given line by line (each indented by two spaces), after `rule R-1
// "Titel" {` on line 1.
std::string Rule(const std::vector<std::string>& fields,
                 const std::string& header = "R-1 \"Titel\"") {
  std::string out = "rule " + header + " {\n";
  for (const std::string& field : fields) out += "  " + field + "\n";
  return out + "}\n";
}

const std::vector<std::string> kComplete = {"severity error", "area test", "source \"Norm\"",
                                            "require true", "message \"Meldung\""};

std::vector<std::string> Without(const std::string& prefix) {
  std::vector<std::string> out;
  for (const std::string& field : kComplete) {
    if (field.rfind(prefix, 0) != 0) out.push_back(field);
  }
  return out;
}

std::vector<CheckCase> Cases() {
  std::vector<CheckCase> cases = {
      // ---- Must be accepted.
      Ok("MinimalRule", R("true")),
      Ok("AreaFromPack", "pack p {\n  area security\n}\n" + Rule(Without("area"))),
      Ok("SeveralSources", Rule({"severity warning", "area a", "source \"A\"", "source \"B\"",
                                 "require true", "message \"m\""})),
      Ok("InfoSeverityAndTitles", Rule({"title en \"Title\"", "title fr \"Titre\"", "severity info",
                                        "area a", "source \"A\"", "require true", "message \"m\"",
                                        "message en \"m\"", "hint \"h\"", "hint en \"h\""})),
      Ok("LetsInAnyOrder", R("a = 3", "let a = b + 1\nlet b = 2\n")),
      Ok("LetUsingLetSet", R("/a in s", "let k = \"b\"\nlet s = {\"a\", k}\n")),
      Ok("ForEachVariableEverywhere",
         Rule({"severity error", "area a", "source \"N\"", "when exists(/a)", "for each $c in /a/b",
               "require $c/@x = 1 and exists($c/y)", "at $c/y",
               "message \"Komponente {$c/@id}: {count($c/y)}\"", "hint \"{$c}\""})),
      Ok("QuantifierVariable", R("every $x in /a/b satisfies $x/@c = 1")),
      Ok("NestedQuantifiers", R("every $x in /a satisfies some $y in $x/b satisfies $y = $x/@c")),
      Ok("QuantifierInsideForEach",
         Rule({"severity error", "area a", "source \"N\"", "for each $c in //c",
               "require some $d in //d satisfies $d/@ref = $c/@id", "message \"m\""})),
      Ok("DateComparisons", R("2026-01-01 < today() and /a/@d >= 2026-01-01")),
      Ok("DateArithmetic", R("today() - 2026-01-01 > 30 and 2026-01-01 + 5 < /a/@d")),
      Ok("NodeSetWithEveryScalar",
         R("/a = 1 or /a = \"x\" or /a = true or /a = 2026-01-01 or /a = /b")),
      Ok("Functions", R("count(/a) > 1 and sum(/a) < 5 and len(/a) = 2 and contains(/a, \"x\")"
                        " and starts-with(lower(/a), \"a\") and year(today()) = 2026"
                        " and number(/a) = 1 and date(/a) < today() and unique(/a/@id)"
                        " and occurrences(\"x\", /a) = 1 and name(/a/*) = \"b\" and empty(/c)"
                        " and min(/a) < max(/a) and string(/a) = upper(trim(/a))")),
      Ok("IfWithMatchingBranches", R("if(/a, 1, 2) = 1")),
      Ok("InSetAndNodeSet", R("/a in {\"x\", \"y\"} and /a/@ref in //b/@id and 2 in {1, 2}")),
      Ok("MatchesLiteralAndLet",
         R("/a matches \"^[a-z]+$\" and /b matches re", "let re = \"^[0-9]{4}$\"\n")),
      Ok("ParentAfterAttribute", R("exists(/a/@x/..) and exists(/a/text()/..)")),
      Ok("NegatedPathAndNumber", R("-/a/b < 0 and -1 < 0")),
      Ok("NegativeNumberInSet", R("/a in {-1, 2}")),
      Ok("PositionalAndConditionPredicates", R("exists(/a/b[2][@c = 1][./d])")),
      Ok("ContextPathsInPredicates", R("exists(//b[../@x = @y])")),
      Ok("ComparisonInParentheses", R("(/a = 1) = true")),
      // ---- K2001: duplicate rule id.
      Bad("DuplicateIdSameFile", R("true") + R("false"), "K2001 8:6", "R-1"),
      CheckCase{"DuplicateIdAcrossFiles",
                {{"a.rules", R("true")}, {"b.rules", "\n" + R("true")}},
                "K2001 2:6",
                "R-1",
                "b.rules"},
      CheckCase{"DifferentIdsAcrossFiles",
                {{"a.rules", R("true")}, {"b.rules", Rule(kComplete, "R-2 \"T\"")}},
                ""},
      CheckCase{"LetsArePerFile",
                {{"a.rules", R("a = 1", "let a = 1\n")},
                 {"b.rules", Replace(R("a = 2", "let a = 2\n"), "R-1", "R-2")}},
                ""},
      CheckCase{
          "LetOfOtherFileIsInvisible",
          {{"a.rules", R("x = 1", "let x = 1\n")}, {"b.rules", Replace(R("x = 1"), "R-1", "R-2")}},
          "K2005 5:11",
          "x",
          "b.rules"},
      // ---- K2002: missing required fields (reported at the rule id).
      Bad("MissingTitle", Rule(kComplete, "R-1"), "K2002 1:6", "title"),
      Bad("OnlyEnglishTitle",
          Rule({"title en \"T\"", "severity error", "area test", "source \"Norm\"", "require true",
                "message \"Meldung\""},
               "R-1"),
          "K2002 1:6", "title"),
      Bad("MissingSeverity", Rule(Without("severity")), "K2002 1:6", "severity"),
      Bad("MissingArea", Rule(Without("area")), "K2002 1:6", "area"),
      Bad("MissingAreaPackWithoutArea", "pack p {\n  version \"1\"\n}\n" + Rule(Without("area")),
          "K2002 4:6", "area"),
      Bad("MissingSource", Rule(Without("source")), "K2002 1:6", "source"),
      Bad("MissingRequire", Rule(Without("require")), "K2002 1:6", "require"),
      Bad("MissingGermanMessage",
          Rule({"severity error", "area test", "source \"Norm\"", "require true",
                "message en \"Message\""}),
          "K2002 1:6", "message"),
      // ---- K2004: unknown severity.
      Bad("UnknownSeverity",
          Rule({"severity critical", "area test", "source \"Norm\"", "require true",
                "message \"m\""}),
          "K2004 2:12", "critical"),
      Bad("SeverityIsCaseSensitive",
          Rule({"severity Error", "area test", "source \"Norm\"", "require true", "message \"m\""}),
          "K2004 2:12"),
      // ---- K2005: unknown let name or variable.
      Bad("UnknownLet", R("foo"), "K2005 5:11", "foo"),
      Bad("UnknownLetSuggestsLet", R("level = 1", "let levels = 1\n"), "K2005 6:11",
          "did you mean 'levels'"),
      Bad("UnknownLetInLet", "let a = b\n", "K2005 1:9"),
      Bad("UnknownVariable", R("exists($x/a)"), "K2005 5:18", "$x"),
      Bad("VariableInWhenOfForEachRule",
          Rule({"severity error", "area test", "source \"N\"", "when $c/@x = 1",
                "for each $c in /a", "require true", "message \"m\""}),
          "K2005 5:8", "$c"),
      Bad("ForEachVariableInItsOwnRange",
          Rule({"severity error", "area test", "source \"N\"", "for each $c in $c/a",
                "require true", "message \"m\""}),
          "K2005 5:18"),
      Bad("LetUsesRuleVariable",
          "let a = $c/x\n" + Rule({"severity error", "area test", "source \"N\"",
                                   "for each $c in /a", "require a", "message \"m\""}),
          "K2005 1:9", "$c"),
      Bad("UnknownNameInMessage", Replace(R("true"), "\"Meldung\"", "\"x {foo}\""), "K2005 6:15"),
      Bad("QuantifierVariableOutOfScope", R("(some $x in /a satisfies true) and $x/b"),
          "K2005 5:46"),
      Bad("VariableOfOtherRule",
          Rule({"severity error", "area test", "source \"N\"", "for each $c in /a", "require true",
                "message \"m\""}) +
              Replace(R("exists($c)"), "R-1", "R-2"),
          "K2005 13:18"),
      Bad("UnknownVariableInHint",
          Rule({"severity error", "area test", "source \"Norm\"", "require true", "message \"m\"",
                "hint \"{$y}\""}),
          "K2005 7:10", "$y"),
      // ---- K2006: unknown function.
      Bad("UnknownFunction", R("foo(1)"), "K2006 5:11", "foo"),
      Bad("MisspelledCount", R("coutn(/a) > 1"), "K2006 5:11", "did you mean 'count'"),
      Bad("MisspelledStartsWith", R("startswith(/a, \"x\")"), "K2006 5:11",
          "did you mean 'starts-with'"),
      Bad("UnknownFunctionInMessage", Replace(R("true"), "\"Meldung\"", "\"{foo()}\""),
          "K2006 6:13"),
      // ---- K2007: wrong number of arguments.
      Bad("CountWithoutArgument", R("count() > 1"), "K2007 5:11"),
      Bad("CountWithTwoArguments", R("count(/a, /b) > 1"), "K2007 5:11"),
      Bad("TodayWithArgument", R("today(1) < 2026-01-01"), "K2007 5:11"),
      Bad("IfWithTwoArguments", R("if(true, true)"), "K2007 5:11"),
      Bad("ContainsWithOneArgument", R("contains(\"a\")"), "K2007 5:11"),
      Bad("OccurrencesWithOneArgument", R("occurrences(/a) > 0"), "K2007 5:11"),
      // ---- K2008: type errors knowable before evaluation.
      Bad("DateLessThanSet", R("2026-01-01 < {1}"), "K2008 5:11"),
      Bad("StringPlusNumber", R("1 + \"a\" = 2"), "K2008 5:15"),
      Bad("CountOfString", R("count(\"x\") > 0"), "K2008 5:17"),
      Bad("NotOfNumber", R("not 5"), "K2008 5:15"),
      Bad("DateEqualsString", R("2026-01-01 = \"x\""), "K2008 5:11"),
      Bad("ForEachOverNumber",
          Rule({"severity error", "area test", "source \"N\"", "for each $x in 5", "require true",
                "message \"m\""}),
          "K2008 5:18"),
      Bad("SetEqualsString", R("{\"a\"} = \"a\""), "K2008 5:11"),
      Bad("PathEqualsSet", R("/a = {\"a\"}"), "K2008 5:11"),
      Bad("RequireNumber", R("5"), "K2008 5:11"),
      Bad("RequireString", R("\"ja\""), "K2008 5:11"),
      Bad("WhenDate",
          Rule({"severity error", "area test", "source \"N\"", "when 2026-01-01", "require true",
                "message \"m\""}),
          "K2008 5:8"),
      Bad("OrderingBooleans", R("1 < true"), "K2008 5:11"),
      Bad("BooleanPlusNumber", R("true + 1 = 2"), "K2008 5:11"),
      Bad("DatePlusDate", R("2026-01-01 + 2026-01-02 = 1"), "K2008 5:11"),
      Bad("DateTimesNumber", R("2026-01-01 * 2 > 1"), "K2008 5:11"),
      Bad("NumberMinusDate", R("1 - 2026-01-01 > 2026-01-01"), "K2008 5:11"),
      Bad("MatchesNumberPattern", R("/a matches 5"), "K2008 5:22"),
      Bad("MatchesPathPattern", R("/a matches /b"), "K2008 5:22"),
      Bad("NumberMatches", R("5 matches \"a\""), "K2008 5:11"),
      Bad("ExistsOfNumber", R("exists(1)"), "K2008 5:18"),
      Bad("InString", R("\"x\" in \"abc\""), "K2008 5:18"),
      Bad("SetInSet", R("{\"a\"} in {\"a\"}"), "K2008 5:11"),
      Bad("LenOfSet", R("len({\"a\"}) > 0"), "K2008 5:15"),
      Bad("IfConditionNumber", R("if(1, true, false)"), "K2008 5:14"),
      Bad("QuantifierOverNumber", R("every $x in 1 satisfies true"), "K2008 5:23"),
      Bad("NegatedString", R("-\"a\" < 0"), "K2008 5:11"),
      Bad("PredicateString", R("exists(/a[\"x\"])"), "K2008 5:21"),
      Bad("AndWithNumber", R("/a and 5"), "K2008 5:18"),
      Bad("AtNumber",
          Rule({"severity error", "area test", "source \"N\"", "require true", "at 5",
                "message \"m\""}),
          "K2008 6:6"),
      Bad("SetInMessage", Replace(R("true", "let s = {\"a\"}\n"), "\"Meldung\"", "\"{s}\""),
          "K2008 7:13"),
      // ---- K2009: invalid regular expression.
      Bad("UnbalancedParenRegex", R("/a matches \"(\""), "K2009 5:22"),
      Bad("BadRangeRegex", R("/a matches \"[z-a]\""), "K2009 5:22"),
      Bad("TrailingBackslashRegex", R("/a matches \"a\\\\\""), "K2009 5:22"),
      Bad("BadRegexInLet", R("/a matches re", "let re = \"a{2,1}\"\n"), "K2009 6:22"),
      // ---- K2010: let definitions that depend on themselves.
      Bad("LetUsesItself", "let a = a + 1\n", "K2010 1:1"),
      Bad("TwoLetCycle", "let a = b\nlet b = a\n", "K2010 1:1"),
      Bad("ThreeLetCycleUsedByRule", R("a", "let a = b\nlet b = c\nlet c = not a\n"), "K2010 1:1"),
      // ---- K2011: duplicate let.
      Bad("DuplicateLet", "let a = 1\nlet a = 2\n", "K2011 2:1", "'a'"),
      // ---- K2012: invalid path.
      Bad("ChildOfAttribute", R("exists(/a/@b/c)"), "K2012 5:24"),
      Bad("AttributeOfAttribute", R("exists(/a/@b/@c)"), "K2012 5:24"),
      Bad("ChildOfText", R("exists(/a/text()/b)"), "K2012 5:28"),
      Bad("UnknownNodeTest", R("exists(/a/foo())"), "K2012 5:21"),
      // ---- K2013: set elements must be constants.
      Bad("PathInSet", R("/a in {\"a\", /b}"), "K2013 5:23"),
      Bad("NonConstantLetInSet", R("/a in {p}", "let p = /a\n"), "K2013 6:18"),
      Bad("CallInSet", R("/a in {count(/b)}"), "K2013 5:18"),
      Bad("NestedSet", R("/a in {{\"a\"}}"), "K2013 5:18"),
  };
  return cases;
}

class CheckerTest : public ::testing::TestWithParam<CheckCase> {};

TEST_P(CheckerTest, Diagnostics) {
  const CheckCase& c = GetParam();
  testing::CompiledRules compiled = testing::CompileRules(c.files);
  EXPECT_EQ(testing::ShortList(compiled.diagnostics), c.expected)
      << testing::FullList(compiled.diagnostics);
  EXPECT_EQ(compiled.ok(), c.expected.empty());
  if (!c.message_contains.empty() && !compiled.diagnostics.empty()) {
    EXPECT_NE(compiled.diagnostics.front().message.find(c.message_contains), std::string::npos)
        << compiled.diagnostics.front().message;
  }
  if (!c.file.empty() && !compiled.diagnostics.empty()) {
    EXPECT_EQ(compiled.diagnostics.front().file, c.file);
  }
}

INSTANTIATE_TEST_SUITE_P(Table, CheckerTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<CheckCase>& info) {
                           return info.param.name;
                         });

TEST(CheckerTableTest, AtLeastFortyCases) { EXPECT_GE(Cases().size(), 40u); }

TEST(CheckerExtraTest, RuleWithoutAnythingReportsEveryMissingField) {
  testing::CompiledRules compiled = testing::CompileRules("rule R-1 {\n}\n");
  ASSERT_EQ(compiled.diagnostics.size(), 6u) << testing::FullList(compiled.diagnostics);
  for (const testing::Diag& d : compiled.diagnostics) EXPECT_EQ(d.Short(), "K2002 1:6");
}

TEST(CheckerExtraTest, SeveralProblemsAreReportedInOneRun) {
  // The checker does not stop at the first problem, and builder problems (K1004) do not hide
  // the checker's.
  testing::CompiledRules compiled =
      testing::CompileRules("let d = 2026-02-30\n" + R("foo(1) and $x", "let a = 1\nlet a = 2\n"));
  EXPECT_EQ(testing::ShortList(compiled.diagnostics),
            "K1004 1:9, K2011 3:1, K2006 8:11, K2005 8:22")
      << testing::FullList(compiled.diagnostics);
}

TEST(CheckerExtraTest, DuplicateIdNotesFirstDefinition) {
  testing::CompiledRules compiled =
      testing::CompileRules({{"a.rules", R("true")}, {"b.rules", R("true")}});
  ASSERT_FALSE(compiled.ok());
  ASSERT_EQ(compiled.diagnostics.size(), 1u);
  EXPECT_EQ(compiled.diagnostics[0].file, "b.rules");
}

TEST(CheckerExtraTest, CompiledRulesCarrySeverityAreaAndPack) {
  testing::CompiledRules compiled = testing::CompileRules(
      "pack demo {\n  area security\n}\n" +
          Rule({"severity warning", "source \"N\"", "require true", "message \"m\""}) +
          Rule(
              {"severity info", "area governance", "source \"N\"", "require true", "message \"m\""},
              "A-1 \"T\""),
      "rules/x.rules");
  ASSERT_TRUE(compiled.ok()) << testing::FullList(compiled.diagnostics);
  const eval::CompiledRule* r1 = compiled.rules->Find("R-1");
  ASSERT_NE(r1, nullptr);
  EXPECT_EQ(r1->severity, Severity::kWarning);
  EXPECT_EQ(r1->area, "security");
  EXPECT_EQ(r1->pack, "demo");
  const eval::CompiledRule* a1 = compiled.rules->Find("A-1");
  ASSERT_NE(a1, nullptr);
  EXPECT_EQ(a1->severity, Severity::kInfo);
  EXPECT_EQ(a1->area, "governance");
  EXPECT_EQ(compiled.rules->Find("nope"), nullptr);
}

}  // namespace
}  // namespace konform
