// Evaluator tests: expressions against inline XML (one table line per case), then whole
// rules: outcomes, findings, their locations and messages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "testing/rule_fixture.h"

namespace konform {
namespace {

using testing::EvalExpr;
using testing::EvalRules;
using testing::RulesResult;

// The document most expression cases run against.
const char kDoc[] = R"(<proposal id="P-1" version="2">
  <metadata>
    <id>KF-2026-001</id>
    <title>Bürgerportal</title>
    <budget currency="EUR">1500.50</budget>
    <start>2026-03-01</start>
    <end> 2026-12-31 </end>
    <active>true</active>
    <flag>1</flag>
    <off>0</off>
    <negative>-3.5</negative>
    <bad>abc</bad>
    <comma>1,5</comma>
    <baddate>2026-02-30</baddate>
    <empty/>
  </metadata>
  <components>
    <component id="c1" type="webApp"><cost>100</cost><name> Portal </name></component>
    <component id="c2" type="database"><cost>250.5</cost><name>DB</name></component>
    <component id="c3" type="webApp"><cost>49.5</cost><name>Admin</name></component>
  </components>
  <tags><tag>a</tag><tag>b</tag><tag>a</tag></tags>
  <refs><ref to="c1"/><ref to="c9"/></refs>
  <mixed>one<b/>two</mixed>
  <n10>10</n10><n9>9</n9>
</proposal>
)";

#define C1 "/proposal/components/component[1]"
#define C2 "/proposal/components/component[2]"
#define C3 "/proposal/components/component[3]"

struct EvalCase {
  const char* xml;
  const char* expr;
  const char* expected;  // testing::Describe format
  const char* lets = "";
};

void PrintTo(const EvalCase& c, std::ostream* os) { *os << c.expr; }

const EvalCase kCases[] = {
    // ---- Arithmetic.
    {kDoc, "1 + 2", "3"},
    {kDoc, "7 - 10", "-3"},
    {kDoc, "2 * 3.5", "7"},
    {kDoc, "7 / 2", "3.5"},
    {kDoc, "-(3)", "-3"},
    {kDoc, "1 + 2 * 3", "7"},
    {kDoc, "(1 + 2) * 3", "9"},
    {kDoc, "10 - 2 - 3", "5"},
    {kDoc, "12 / 2 / 3", "2"},
    {kDoc, "1 / 0", "error"},
    {kDoc, "1 / (2 - 2)", "error"},
    {kDoc, "/proposal/metadata/budget + 1", "1501.5"},
    {kDoc, "/proposal/metadata/budget * 2", "3001"},
    {kDoc, "/proposal/metadata/negative * 2", "-7"},
    {kDoc, "-/proposal/metadata/negative", "3.5"},
    {kDoc, "(/proposal/n10) / 5", "2"},
    {kDoc, "count(/proposal/tags/tag) * 2", "6"},
    {kDoc, "/proposal/metadata/budget / 0", "error"},
    // Run-time errors: text that is no number, node sets that are no single value.
    {kDoc, "/proposal/metadata/bad + 1", "error"},
    {kDoc, "/proposal/metadata/comma + 0", "error"},
    {kDoc, "/proposal/components/component/cost + 1", "error"},
    {kDoc, "/proposal/tags/tag[1] + /proposal/components/component/cost", "error"},
    {kDoc, "/proposal/missing + 1", "error"},
    {kDoc, "-/proposal/components/component/cost", "error"},
    // ---- Comparisons of single values.
    {kDoc, "1 < 2", "true"},
    {kDoc, "2 <= 2", "true"},
    {kDoc, "3 > 4", "false"},
    {kDoc, "3 >= 3", "true"},
    {kDoc, "1 = 1.0", "true"},
    {kDoc, "1 != 1", "false"},
    {kDoc, "\"a\" = \"a\"", "true"},
    {kDoc, "\"a\" != \"b\"", "true"},
    {kDoc, "\"a\" = \"A\"", "false"},
    {kDoc, "true = true", "true"},
    {kDoc, "true != false", "true"},
    {kDoc, "2026-01-01 < 2026-02-01", "true"},
    {kDoc, "2026-01-01 = 2026-01-01", "true"},
    {kDoc, "2026-01-02 >= 2026-01-03", "false"},
    // ---- Node sets meet single values: conversion to the other side's type.
    {kDoc, "/proposal/metadata/budget = 1500.5", "true"},
    {kDoc, "/proposal/metadata/budget > 1000", "true"},
    {kDoc, "/proposal/metadata/budget = \"1500.50\"", "true"},
    {kDoc, "/proposal/metadata/budget = \"1500.5\"", "false"},
    {kDoc, "/proposal/@version = 2", "true"},
    {kDoc, "/proposal/@id = \"P-1\"", "true"},
    {kDoc, "/proposal/metadata/negative = -3.5", "true"},
    {kDoc, "/proposal/metadata/negative < 0", "true"},
    {kDoc, "/proposal/metadata/title = \"Bürgerportal\"", "true"},
    {kDoc, "/proposal/metadata/active = true", "true"},
    {kDoc, "/proposal/metadata/flag = true", "true"},
    {kDoc, "/proposal/metadata/off = false", "true"},
    {kDoc, "/proposal/metadata/off = true", "false"},
    {kDoc, "/proposal/metadata/start = 2026-03-01", "true"},
    {kDoc, "/proposal/metadata/start < 2026-06-15", "true"},
    {kDoc, "/proposal/metadata/end = 2026-12-31", "true"},
    {kDoc, "/proposal/metadata/empty = \"\"", "true"},
    {kDoc, "/proposal/mixed = \"onetwo\"", "true"},
    {kDoc, "/proposal/components/component/name = \"Portal\"", "true"},
    // Existential: some node compares true.
    {kDoc, "/proposal/components/component/cost > 200", "true"},
    {kDoc, "/proposal/components/component/cost > 300", "false"},
    {kDoc, "/proposal/components/component/cost = 100", "true"},
    {kDoc, "/proposal/components/component/cost < 50", "true"},
    {kDoc, "/proposal/components/component/cost != 100", "false"},
    {kDoc, "/proposal/components/component/cost != 7", "true"},
    {kDoc, "/proposal/components/component/@type = \"database\"", "true"},
    {kDoc, "/proposal/tags/tag = /proposal/refs/ref/@to", "false"},
    {kDoc, "/proposal/components/component/@id = /proposal/refs/ref/@to", "true"},
    {kDoc, "/proposal/n10 > /proposal/n9", "true"},
    // Values that cannot be converted are errors, never a silent false.
    {kDoc, "/proposal/metadata/bad = true", "error"},
    {kDoc, "/proposal/metadata/id = true", "error"},
    {kDoc, "/proposal/metadata/baddate < 2026-01-01", "error"},
    {kDoc, "/proposal/metadata/bad > 5", "error"},
    {kDoc, "/proposal/metadata/id = 5", "error"},
    {kDoc, "/proposal/metadata/comma = 1.5", "error"},
    {kDoc, "/proposal/metadata/empty = 0", "error"},
    {kDoc, "/proposal/metadata/bad != 5", "error"},
    {"<r><n> 12 </n></r>", "/r/n = 12", "true"},
    {"<r><n>12abc</n></r>", "/r/n = 12", "error"},
    {"<r><n>0x10</n></r>", "/r/n = 16", "error"},
    {"<r><v>abc</v><v>5</v></r>", "/r/v = 7", "error"},
    {"<r><b>TRUE</b></r>", "/r/b = true", "error"},
    {"<r><b>yes</b></r>", "/r/b = false", "error"},
    {"<r><d>2026-1-5</d></r>", "/r/d = 2026-01-05", "error"},
    {"<r><d>05.01.2026</d></r>", "/r/d < 2026-01-05", "error"},
    {"<r><![CDATA[a<b]]></r>", "/r = \"a<b\"", "true"},
    {"<r>a &amp; b</r>", "/r = \"a & b\"", "true"},
    {"<r><n>1.5</n><n>2.5</n></r>", "sum(/r/n)", "4"},
    {"<r><n>1.5</n><n/></r>", "sum(/r/n)", "error"},
    {"<r><n>1.5</n><n>x</n></r>", "min(/r/n)", "error"},
    // ---- Empty node sets.
    {kDoc, "/proposal/missing", "[]"},
    {kDoc, "/proposal/missing/deeper/@x", "[]"},
    {kDoc, "/proposal/missing = 1", "false"},
    {kDoc, "/proposal/missing != 1", "true"},
    {kDoc, "/proposal/missing = \"x\"", "false"},
    {kDoc, "/proposal/missing != \"x\"", "true"},
    {kDoc, "/proposal/missing < 1", "false"},
    {kDoc, "/proposal/missing >= 1", "false"},
    {kDoc, "/proposal/missing = true", "false"},
    {kDoc, "/proposal/missing = 2026-01-01", "false"},
    {kDoc, "/proposal/missing = /proposal/missing", "false"},
    {kDoc, "/proposal/missing in {\"a\"}", "false"},
    {kDoc, "/proposal/missing in /proposal/tags/tag", "false"},
    {kDoc, "/proposal/missing matches \".*\"", "false"},
    {kDoc, "every $x in /proposal/missing satisfies false", "true"},
    {kDoc, "some $x in /proposal/missing satisfies true", "false"},
    {kDoc, "count(/proposal/missing)", "0"},
    {kDoc, "sum(/proposal/missing)", "0"},
    {kDoc, "exists(/proposal/missing)", "false"},
    {kDoc, "empty(/proposal/missing)", "true"},
    {kDoc, "unique(/proposal/missing)", "true"},
    {kDoc, "occurrences(\"a\", /proposal/missing)", "0"},
    {kDoc, "not /proposal/missing", "true"},
    {kDoc, "/proposal/missing and true", "false"},
    {kDoc, "/proposal/missing or true", "true"},
    // ---- Dates and date arithmetic.
    {kDoc, "2026-01-31 + 1", "date 2026-02-01"},
    {kDoc, "2024-02-28 + 1", "date 2024-02-29"},
    {kDoc, "2026-03-01 - 1", "date 2026-02-28"},
    {kDoc, "2026-12-31 + 1", "date 2027-01-01"},
    {kDoc, "2026-12-31 - 2026-01-01", "364"},
    {kDoc, "2026-01-01 - 2026-12-31", "-364"},
    {kDoc, "/proposal/metadata/end - /proposal/metadata/start", "305"},
    {kDoc, "/proposal/metadata/start + 30", "date 2026-03-31"},
    {kDoc, "/proposal/metadata/start + 30 < /proposal/metadata/end", "true"},
    {kDoc, "/proposal/metadata/baddate + 1", "error"},
    {kDoc, "today()", "date 2026-06-15"},
    {kDoc, "today() + 15", "date 2026-06-30"},
    {kDoc, "today() - 2026-06-01", "14"},
    {kDoc, "2026-12-31 - today()", "199"},
    {kDoc, "today() > /proposal/metadata/start", "true"},
    {kDoc, "/proposal/metadata/start - 1", "date 2026-02-28"},
    {kDoc, "/proposal/metadata/start < /proposal/metadata/end", "true"},
    {kDoc, "year(2026-06-15)", "2026"},
    {kDoc, "year(/proposal/metadata/start)", "2026"},
    {kDoc, "year(today()) - 1", "2025"},
    {kDoc, "year(/proposal/metadata/bad)", "error"},
    {kDoc, "date(\"2026-01-31\")", "date 2026-01-31"},
    {kDoc, "date(\"2026-02-30\")", "error"},
    {kDoc, "date(/proposal/metadata/start)", "date 2026-03-01"},
    {kDoc, "date(/proposal/metadata/baddate)", "error"},
    {kDoc, "date(/proposal/metadata/bad)", "error"},
    // ---- Sets and `in`.
    {kDoc, "{\"a\", \"b\"}", "{\"a\", \"b\"}"},
    {kDoc, "\"a\" in {\"a\", \"b\"}", "true"},
    {kDoc, "\"x\" in {\"a\", \"b\"}", "false"},
    {kDoc, "\"a\" in {}", "false"},
    {kDoc, "2 in {1, 2, 3}", "true"},
    {kDoc, "/proposal/components/component/@type in {\"webApp\", \"x\"}", "true"},
    {kDoc, "/proposal/components/component/@type in {\"x\", \"y\"}", "false"},
    {kDoc, "/proposal/metadata/budget in {1500.5}", "true"},
    {kDoc, "/proposal/components/component/cost in {100, 7}", "true"},
    {kDoc, "/proposal/metadata/start in {2026-03-01}", "true"},
    {kDoc, "/proposal/metadata/active in {true}", "true"},
    {kDoc, "/proposal/components/component[@type = \"webApp\"]/@id in {\"c3\"}", "true"},
    {kDoc, "/proposal/components/component/@type in types", "true", "let types = {\"database\"}"},
    {kDoc, "\"z\" in s", "true", "let k = \"z\"\nlet s = {\"a\", k}"},
    // `in` a node set: cross references.
    {kDoc, "/proposal/refs/ref/@to in /proposal/components/component/@id", "true"},
    {kDoc, "\"c9\" in /proposal/components/component/@id", "false"},
    {kDoc, "\"c2\" in /proposal/components/component/@id", "true"},
    {kDoc, "100 in /proposal/components/component/cost", "true"},
    {kDoc, "every $r in /proposal/refs/ref satisfies $r/@to in /proposal/components/component/@id",
     "false"},
    {kDoc,
     "some $r in /proposal/refs/ref satisfies not ($r/@to in /proposal/components/component/@id)",
     "true"},
    // ---- matches: partial match unless anchored.
    {kDoc, "\"abc\" matches \"b\"", "true"},
    {kDoc, "\"abc\" matches \"^b\"", "false"},
    {kDoc, "\"abc\" matches \"^abc$\"", "true"},
    {kDoc, "\"abc\" matches \"^ab$\"", "false"},
    {kDoc, "\"ABC\" matches \"(?i)abc\"", "true"},
    {kDoc, "/proposal/metadata/id matches \"^KF-[0-9]{4}-[0-9]{3}$\"", "true"},
    {kDoc, "/proposal/components/component/@id matches \"3\"", "true"},
    {kDoc, "/proposal/components/component/@id matches \"^c[4-9]$\"", "false"},
    {kDoc, "/proposal/metadata/title matches \"^Bü.g\"", "true"},
    {kDoc, "/proposal/refs/ref/@to matches re", "true", "let re = \"^c[0-9]$\""},
    // ---- and / or / not, with errors.
    {kDoc, "true and true", "true"},
    {kDoc, "true and false", "false"},
    {kDoc, "false or false", "false"},
    {kDoc, "false or true", "true"},
    {kDoc, "not true", "false"},
    {kDoc, "not false", "true"},
    {kDoc, "false and 1 / 0 = 1", "false"},
    {kDoc, "1 / 0 = 1 and false", "false"},
    {kDoc, "true or 1 / 0 = 1", "true"},
    {kDoc, "1 / 0 = 1 or true", "true"},
    {kDoc, "true and 1 / 0 = 1", "error"},
    {kDoc, "1 / 0 = 1 and true", "error"},
    {kDoc, "false or 1 / 0 = 1", "error"},
    {kDoc, "not (1 / 0 = 1)", "error"},
    {kDoc, "/proposal/metadata/bad > 1 or /proposal/metadata/budget > 1", "true"},
    {kDoc, "/proposal/metadata/bad > 1 and /proposal/metadata/budget > 1", "error"},
    {kDoc, "/proposal/metadata and /proposal/tags", "true"},
    {kDoc, "not /proposal/metadata", "false"},
    // ---- Functions.
    {kDoc, "exists(/proposal/metadata)", "true"},
    {kDoc, "empty(/proposal/metadata)", "false"},
    {kDoc, "count(/proposal/components/component)", "3"},
    {kDoc, "count(//tag)", "3"},
    {kDoc, "count(//*)", "36"},
    {kDoc, "sum(/proposal/components/component/cost)", "400"},
    {kDoc, "min(/proposal/components/component/cost)", "49.5"},
    {kDoc, "max(/proposal/components/component/cost)", "250.5"},
    {kDoc, "min(/proposal/missing)", "error"},
    {kDoc, "max(/proposal/missing)", "error"},
    {kDoc, "sum(/proposal/tags/tag)", "error"},
    {kDoc, "max(/proposal/metadata/*)", "error"},
    {kDoc, "unique(/proposal/tags/tag)", "false"},
    {kDoc, "unique(/proposal/components/component/@id)", "true"},
    {kDoc, "occurrences(\"a\", /proposal/tags/tag)", "2"},
    {kDoc, "occurrences(\"z\", /proposal/tags/tag)", "0"},
    {kDoc,
     "occurrences(/proposal/components/component[1]/@type, /proposal/components/component/@type)",
     "2"},
    {kDoc, "len(\"abc\")", "3"},
    {kDoc, "len(\"Bürger\")", "6"},
    {kDoc, "len(\"\")", "0"},
    {kDoc, "len(\"😀\")", "1"},
    {kDoc, "len(/proposal/metadata/title)", "12"},
    {kDoc, "len(/proposal/components/component/name)", "error"},
    {kDoc, "lower(\"AbC\")", "\"abc\""},
    {kDoc, "upper(\"abc\")", "\"ABC\""},
    {kDoc, "lower(\"ÄÖÜ\")", "\"äöü\""},
    {kDoc, "upper(/proposal/metadata/id)", "\"KF-2026-001\""},
    {kDoc, "trim(\"  a b  \")", "\"a b\""},
    {kDoc, "contains(\"abcdef\", \"cd\")", "true"},
    {kDoc, "contains(\"abc\", \"x\")", "false"},
    {kDoc, "contains(/proposal/metadata/title, \"portal\")", "true"},
    {kDoc, "starts-with(\"abc\", \"ab\")", "true"},
    {kDoc, "starts-with(\"abc\", \"bc\")", "false"},
    {kDoc, "ends-with(\"abc\", \"bc\")", "true"},
    {kDoc, "ends-with(\"a\", \"abc\")", "false"},
    {kDoc, "string(12)", "\"12\""},
    {kDoc, "string(1.50)", "\"1.5\""},
    {kDoc, "string(2026-01-05)", "\"2026-01-05\""},
    {kDoc, "string(true)", "\"true\""},
    {kDoc, "string(/proposal/metadata/id)", "\"KF-2026-001\""},
    {kDoc, "string(count(//component))", "\"3\""},
    {kDoc, "number(\"12.5\")", "12.5"},
    {kDoc, "number(\"-3.5\")", "-3.5"},
    {kDoc, "number(/proposal/metadata/budget)", "1500.5"},
    {kDoc, "number(\"abc\")", "error"},
    {kDoc, "number(/proposal/metadata/bad)", "error"},
    {kDoc, "name(/proposal)", "\"proposal\""},
    {kDoc, "name(/proposal/metadata/*)", "\"id\""},
    {kDoc, "name(/proposal/@*)", "\"id\""},
    {kDoc, "name(/proposal/components/component/@type)", "\"type\""},
    {kDoc, "if(true, 1, 2)", "1"},
    {kDoc, "if(false, 1, 2)", "2"},
    {kDoc, "if(true, 1, 1 / 0)", "1"},
    {kDoc, "if(false, 1 / 0, 2)", "2"},
    {kDoc, "if(/proposal/missing, \"y\", \"n\")", "\"n\""},
    {kDoc, "if(exists(/proposal/metadata), \"y\", \"n\")", "\"y\""},
    {kDoc, "if(1 / 0 = 1, \"y\", \"n\")", "error"},
    // ---- Paths of every form.
    {kDoc, "/proposal/metadata/id", "[/proposal/metadata/id]"},
    {kDoc, "/*", "[/proposal]"},
    {kDoc, "/", "[/]"},
    {kDoc, ".", "[/]"},
    {kDoc, "./proposal/@id", "[/proposal/@id]"},
    {kDoc, "@id", "[]"},
    {kDoc, "//component", "[" C1 ", " C2 ", " C3 "]"},
    {kDoc, "/proposal//cost", "[" C1 "/cost, " C2 "/cost, " C3 "/cost]"},
    {kDoc, "//component//name", "[" C1 "/name, " C2 "/name, " C3 "/name]"},
    {kDoc, "//b", "[/proposal/mixed/b]"},
    {kDoc, "//ref/@to", "[/proposal/refs/ref[1]/@to, /proposal/refs/ref[2]/@to]"},
    {kDoc, "/proposal/components/component/@id", "[" C1 "/@id, " C2 "/@id, " C3 "/@id]"},
    {kDoc, "/proposal/components/*", "[" C1 ", " C2 ", " C3 "]"},
    {kDoc, "/proposal/*/tag",
     "[/proposal/tags/tag[1], /proposal/tags/tag[2], /proposal/tags/tag[3]]"},
    {kDoc, "/proposal/@*", "[/proposal/@id, /proposal/@version]"},
    {kDoc, C1 "/@*", "[" C1 "/@id, " C1 "/@type]"},
    {kDoc, "/proposal/components/component[2]", "[" C2 "]"},
    {kDoc, "/proposal/components/component[99]", "[]"},
    {kDoc, "/proposal/components/component[@type = \"webApp\"]", "[" C1 ", " C3 "]"},
    {kDoc, "/proposal/components/component[@type = \"webApp\"][2]", "[" C3 "]"},
    {kDoc, "/proposal/components/component[@type = \"webApp\" and ./cost < 50]", "[" C3 "]"},
    {kDoc, "/proposal/components/component[./cost > 100]/@id", "[" C2 "/@id]"},
    {kDoc, "/proposal/components/component[./name = \"Portal\"]/@id", "[" C1 "/@id]"},
    {kDoc, "/proposal/tags/tag[. = \"a\"]", "[/proposal/tags/tag[1], /proposal/tags/tag[3]]"},
    {kDoc, "//*[@to]", "[/proposal/refs/ref[1], /proposal/refs/ref[2]]"},
    {kDoc, "//tag[1]", "[/proposal/tags/tag[1]]"},
    {kDoc, "//component[../../@id = \"P-1\"][1]", "[" C1 "]"},
    {kDoc, "/proposal/components/component/name/..", "[" C1 ", " C2 ", " C3 "]"},
    {kDoc, "/proposal/components/component/@id/..", "[" C1 ", " C2 ", " C3 "]"},
    {kDoc, "/proposal/metadata/.", "[/proposal/metadata]"},
    {kDoc, "/proposal/mixed/text()", "[/proposal/mixed/text(), /proposal/mixed/text()]"},
    {kDoc, "count(/proposal/mixed/text())", "2"},
    {kDoc, "count(//component[some $n in ./name satisfies $n = \"DB\"])", "1"},
    // Without duplicates, in document order.
    {kDoc, "/proposal/components/component/..", "[/proposal/components]"},
    {kDoc, "count(//*//cost)", "3"},
    {kDoc, "//@id", "[/proposal/@id, " C1 "/@id, " C2 "/@id, " C3 "/@id]"},
    {kDoc, "//proposal", "[/proposal]"},
    {kDoc, "//tag[2]", "[/proposal/tags/tag[2]]"},
    {kDoc, "//cost[../@type = \"webApp\"]", "[" C1 "/cost, " C3 "/cost]"},
    {kDoc, "/proposal/components/component[./cost = max(/proposal/components/component/cost)]",
     "[" C2 "]"},
    {kDoc, "count(/proposal/components/component[./cost > 100 or ./cost < 50])", "2"},
    {kDoc, "count(/proposal/metadata/*[. > 5])", "error"},
    // ---- Quantifiers.
    {kDoc, "some $c in //component satisfies $c/@id = \"c2\"", "true"},
    {kDoc, "every $c in //component satisfies exists($c/cost)", "true"},
    {kDoc, "every $c in //component satisfies $c/cost > 50", "false"},
    {kDoc, "some $c in //component satisfies $c/cost > 200", "true"},
    {kDoc, "every $c in //component satisfies $c/cost * 2 > 90", "true"},
    {kDoc, "every $c in //component satisfies $c/@type = \"webApp\"", "false"},
    {kDoc, "every $c in //component satisfies some $d in //component satisfies $d/@id = $c/@id",
     "true"},
    {kDoc, "every $c in //component satisfies exists(//component[@id = $c/@id])", "true"},
    // Quantifiers combine like `and` / `or`: a decisive result wins over errors elsewhere.
    {"<r><v>abc</v><v>0</v><v>5</v></r>", "every $v in /r/v satisfies $v > 1", "false"},
    {"<r><v>abc</v><v>0</v><v>5</v></r>", "some $v in /r/v satisfies $v > 1", "true"},
    {"<r><v>abc</v><v>0</v><v>5</v></r>", "some $v in /r/v satisfies $v > 10", "error"},
    {kDoc, "some $t in //tag satisfies $t + 1 = 2", "error"},
    {kDoc, "every $t in //tag satisfies $t + 1 = 2", "error"},
};

class EvalTest : public ::testing::TestWithParam<EvalCase> {};

TEST_P(EvalTest, Value) {
  const EvalCase& c = GetParam();
  testing::ExprResult result = EvalExpr(c.expr, c.xml, c.lets);
  EXPECT_EQ(result.Describe(), c.expected)
      << testing::FullList(result.diagnostics) << result.ErrorMessage();
  if (std::string(c.expected) == "error") {
    EXPECT_FALSE(result.ErrorMessage().empty()) << "an evaluation error says why";
  }
}

INSTANTIATE_TEST_SUITE_P(Table, EvalTest, ::testing::ValuesIn(kCases));

TEST(EvalTableTest, AtLeast150Cases) { EXPECT_GE(sizeof(kCases) / sizeof(kCases[0]), 150u); }

TEST(EvalTableTest, EveryCaseCompilesAndParses) {
  // Guards the table itself: a typo must not turn into a passing "error" case.
  for (const EvalCase& c : kCases) {
    testing::ExprResult result = EvalExpr(c.expr, c.xml, c.lets);
    EXPECT_TRUE(result.diagnostics.empty())
        << c.expr << ": " << testing::FullList(result.diagnostics);
  }
}

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

TEST(EvalTest, EvaluationDateIsAnOption) {
  eval::EvalOptions options = testing::TestOptions();
  options.today = DateFromCivil(2030, 1, 2);
  EXPECT_EQ(EvalExpr("today()", kDoc, "", options).Describe(), "date 2030-01-02");
  EXPECT_EQ(EvalExpr("year(today())", kDoc, "", options).Describe(), "2030");
}

TEST(EvalTest, RegularExpressionsRunInLinearTime) {
  std::string xml = "<r><s>" + std::string(100000, 'a') + "b</s></r>";
  auto start = Clock::now();
  testing::ExprResult result = EvalExpr("/r/s matches \"(a+)+$\"", xml);
  EXPECT_EQ(result.Describe(), "false");
  result = EvalExpr("/r/s matches \"^(a|aa)+$\"", xml);
  EXPECT_EQ(result.Describe(), "false");
  result = EvalExpr("/r/s matches \"(a+)+b$\"", xml);
  EXPECT_EQ(result.Describe(), "true");
  EXPECT_LT(SecondsSince(start), 1.0);
}

TEST(EvalTest, CrossReferencesAreNotQuadratic) {
  // `in` a context-free node set and unique() use hash sets built once per document.
  std::string xml = "<r>";
  for (int i = 0; i < 20000; ++i) {
    xml +=
        "<c id=\"c" + std::to_string(i) + "\" ref=\"c" + std::to_string((i * 7) % 20000) + "\"/>";
  }
  xml += "</r>";
  auto start = Clock::now();
  EXPECT_EQ(EvalExpr("every $c in /r/c satisfies $c/@ref in /r/c/@id", xml).Describe(), "true");
  EXPECT_EQ(EvalExpr("unique(/r/c/@id)", xml).Describe(), "true");
  EXPECT_EQ(
      EvalExpr("every $c in /r/c satisfies occurrences($c/@id, /r/c/@ref) = 1", xml).Describe(),
      "true");
  EXPECT_LT(SecondsSince(start), 2.0);
}

// `in` a node set and occurrences() compare numbers and booleans by value, not as text.
TEST(EvalTest, NodeValuesAreConvertedForInAndOccurrences) {
  EXPECT_EQ(EvalExpr("1500.5 in /proposal/metadata/budget", kDoc).Describe(), "true");
  EXPECT_EQ(EvalExpr("true in /proposal/metadata/flag", kDoc).Describe(), "true");
  EXPECT_EQ(EvalExpr("occurrences(1500.5, /proposal/metadata/budget)", kDoc).Describe(), "1");
}

// A node value not convertible to a set's member type is an error, not a silent "not in".
TEST(EvalTest, InSetOfNumbersWithNonNumericNodeIsAnError) {
  EXPECT_EQ(EvalExpr("/proposal/metadata/bad in {1, 2}", kDoc).Describe(), "error");
  EXPECT_EQ(EvalExpr("/proposal/metadata/id in {2026-01-01}", kDoc).Describe(), "error");
}

// With an unconvertible node, existential comparisons do not depend on document order.
TEST(EvalTest, ExistentialComparisonDoesNotDependOnOrder) {
  for (const char* expr : {"/r/v = 5", "/r/v != 5", "/r/v > 4", "/r/v < 6"}) {
    SCOPED_TRACE(expr);
    EXPECT_EQ(EvalExpr(expr, "<r><v>5</v><v>abc</v></r>").Describe(),
              EvalExpr(expr, "<r><v>abc</v><v>5</v></r>").Describe());
  }
}

TEST(EvalTest, ErrorValueNamesTheNode) {
  testing::ExprResult result = EvalExpr("/proposal/metadata/bad + 1", kDoc);
  ASSERT_TRUE(result.value.is_error());
  EXPECT_NE(result.ErrorMessage().find("abc"), std::string::npos) << result.ErrorMessage();
  ASSERT_TRUE(result.value.error().node.node);
  EXPECT_EQ(result.doc->PathOf(result.value.error().node), "/proposal/metadata/bad");
}

TEST(EvalTest, DisplayOfValues) {
  EXPECT_EQ(EvalExpr("/proposal/tags/tag", kDoc).Display(), "a, b, a");
  EXPECT_EQ(EvalExpr("1.50", kDoc).Display(), "1.5");
  EXPECT_EQ(EvalExpr("100", kDoc).Display(), "100");
  EXPECT_EQ(EvalExpr("10 / 4", kDoc).Display(), "2.5");
  EXPECT_EQ(EvalExpr("2026-01-05 + 1", kDoc).Display(), "2026-01-06");
  EXPECT_EQ(EvalExpr("/proposal/missing", kDoc).Display(), "");
}

// ---------------------------------------------------------------------------------------------
// Whole rules.

// A rule with the standard severity/area/source fields, then `fields`; a German message
// "m" is added when the fields have none.
std::string Rule(std::vector<std::string> fields, const std::string& id = "R-1",
                 const std::string& severity = "error") {
  std::string out =
      "rule " + id + " \"Titel\" {\n  severity " + severity + "\n  area test\n  source \"Norm\"\n";
  bool has_message = false;
  for (const std::string& field : fields) {
    out += "  " + field + "\n";
    if (field.rfind("message \"", 0) == 0) has_message = true;
  }
  if (!has_message) out += "  message \"m\"\n";
  return out + "}\n";
}

const char kRuleDoc[] =
    "<proposal>\n"                                         // 1
    "  <component id=\"a\"><cost>5</cost></component>\n"   // 2
    "  <component id=\"b\"><cost>50</cost></component>\n"  // 3
    "  <component id=\"c\"/>\n"                            // 4
    "  <dataProtection officer=\"x\"/>\n"                  // 5
    "  <ref to=\"a\"/><ref to=\"z\"/>\n"                   // 6
    "</proposal>\n";                                       // 7

std::vector<std::string> Shorts(const RulesResult& result) {
  std::vector<std::string> out;
  for (const testing::Finding& f : result.findings) out.push_back(f.Short());
  return out;
}

std::vector<std::string> Messages(const RulesResult& result) {
  std::vector<std::string> out;
  for (const testing::Finding& f : result.findings) out.push_back(f.message);
  return out;
}

TEST(RuleTest, ForEachYieldsOneFindingPerFailingNode) {
  RulesResult result = EvalRules(Rule({"for each $c in /proposal/component", "require $c/cost < 10",
                                       "message \"Komponente {$c/@id}\""}),
                                 kRuleDoc);
  ASSERT_TRUE(result.ok()) << testing::FullList(result.diagnostics);
  EXPECT_THAT(Shorts(result), ::testing::ElementsAre("R-1 fail 3:3 /proposal/component[2]",
                                                     "R-1 fail 4:3 /proposal/component[3]"));
  EXPECT_THAT(Messages(result), ::testing::ElementsAre("Komponente b", "Komponente c"));
  const testing::RuleOutcome& outcome = result.outcomes.at("R-1");
  EXPECT_EQ(outcome.outcome, "fail");
  EXPECT_EQ(outcome.passed, 1u);
  EXPECT_EQ(outcome.failed, 2u);
  EXPECT_EQ(outcome.errors, 0u);
}

TEST(RuleTest, ForEachContextNode) {
  // Relative paths in a `for each` rule start at the node.
  RulesResult result = EvalRules(
      Rule({"for each $c in /proposal/component", "require ./cost < 10 or @id = \"c\""}), kRuleDoc);
  ASSERT_TRUE(result.ok()) << testing::FullList(result.diagnostics);
  EXPECT_THAT(Shorts(result), ::testing::ElementsAre("R-1 fail 3:3 /proposal/component[2]"));
}

TEST(RuleTest, ForEachWithAtLocatesAtTargetOrNearestParent) {
  RulesResult result = EvalRules(
      Rule({"for each $c in /proposal/component", "require $c/cost < 10", "at $c/cost"}), kRuleDoc);
  ASSERT_TRUE(result.ok()) << testing::FullList(result.diagnostics);
  EXPECT_THAT(Shorts(result), ::testing::ElementsAre("R-1 fail 3:21 /proposal/component[2]/cost",
                                                     "R-1 fail 4:3 /proposal/component[3]"));
}

TEST(RuleTest, AtRelativeToTheForEachNode) {
  RulesResult result = EvalRules(
      Rule({"for each $c in /proposal/component", "require ./cost < 10", "at ./cost"}), kRuleDoc);
  ASSERT_TRUE(result.ok()) << testing::FullList(result.diagnostics);
  EXPECT_THAT(Shorts(result), ::testing::ElementsAre("R-1 fail 3:21 /proposal/component[2]/cost",
                                                     "R-1 fail 4:3 /proposal/component[3]"));
}

TEST(RuleTest, AtAttribute) {
  RulesResult result = EvalRules(
      Rule({"for each $c in /proposal/component", "require $c/cost < 10", "at $c/@id"}), kRuleDoc);
  ASSERT_TRUE(result.ok()) << testing::FullList(result.diagnostics);
  EXPECT_THAT(Shorts(result), ::testing::ElementsAre("R-1 fail 3:14 /proposal/component[2]/@id",
                                                     "R-1 fail 4:14 /proposal/component[3]/@id"));
}

TEST(RuleTest, AtFirstNode) {
  RulesResult result = EvalRules(Rule({"require false", "at /proposal/component"}), kRuleDoc);
  EXPECT_THAT(Shorts(result), ::testing::ElementsAre("R-1 fail 2:3 /proposal/component[1]"));
}

TEST(RuleTest, AtMissingTargetFallsBackToNearestExistingParent) {
  RulesResult result = EvalRules(
      Rule({"require exists(/proposal/dataProtection/dpia)", "at /proposal/dataProtection/dpia"}),
      kRuleDoc);
  EXPECT_THAT(Shorts(result), ::testing::ElementsAre("R-1 fail 5:3 /proposal/dataProtection"));

  result = EvalRules(Rule({"require false", "at /proposal/dataProtection2/dpia"}), kRuleDoc);
  EXPECT_THAT(Shorts(result), ::testing::ElementsAre("R-1 fail 1:1 /proposal"));
}

TEST(RuleTest, WithoutAtLocatesAtRootElement) {
  RulesResult result = EvalRules(Rule({"require count(/proposal/component) = 2"}),
                                 "<?xml version=\"1.0\"?>\n<!-- c -->\n<proposal>\n"
                                 "  <component/>\n</proposal>\n");
  EXPECT_THAT(Shorts(result), ::testing::ElementsAre("R-1 fail 3:1 /proposal"));
}

TEST(RuleTest, PassHasNoFinding) {
  RulesResult result = EvalRules(Rule({"require count(/proposal/component) = 3"}), kRuleDoc);
  ASSERT_TRUE(result.ok()) << testing::FullList(result.diagnostics);
  EXPECT_TRUE(result.findings.empty());
  EXPECT_EQ(result.OutcomeOf("R-1"), "pass");
}

TEST(RuleTest, WhenFalseIsNotApplicable) {
  RulesResult result = EvalRules(Rule({"when /proposal/missing", "require false"}), kRuleDoc);
  ASSERT_TRUE(result.ok()) << testing::FullList(result.diagnostics);
  EXPECT_TRUE(result.findings.empty());
  EXPECT_EQ(result.OutcomeOf("R-1"), "not-applicable");

  result = EvalRules(Rule({"when exists(/proposal/component)", "require false"}), kRuleDoc);
  EXPECT_EQ(result.OutcomeOf("R-1"), "fail");
  EXPECT_EQ(result.findings.size(), 1u);
}

TEST(RuleTest, ForEachOverNothingIsNotApplicable) {
  RulesResult result =
      EvalRules(Rule({"for each $x in /proposal/none", "require false"}), kRuleDoc);
  EXPECT_TRUE(result.findings.empty());
  EXPECT_EQ(result.OutcomeOf("R-1"), "not-applicable");
}

TEST(RuleTest, EvaluationErrorsAreReportedAndNeverPass) {
  RulesResult result = EvalRules(Rule({"require 1 / 0 = 1"}), kRuleDoc);
  EXPECT_EQ(result.OutcomeOf("R-1"), "error");
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].outcome, "error");
  EXPECT_FALSE(result.findings[0].message.empty());

  // `when` that cannot be evaluated.
  result = EvalRules(Rule({"when /proposal/component/@id > 1", "require true"}), kRuleDoc);
  EXPECT_EQ(result.OutcomeOf("R-1"), "error");

  // One error per node in a `for each` rule; passing nodes do not hide it.
  result = EvalRules(Rule({"for each $c in /proposal/component",
                           "require $c/@id + 1 > 0 or "
                           "$c/@id = \"a\""}),
                     kRuleDoc);
  EXPECT_EQ(result.OutcomeOf("R-1"), "error");
  EXPECT_EQ(result.outcomes.at("R-1").errors, 2u);
  EXPECT_EQ(result.outcomes.at("R-1").passed, 1u);
}

TEST(RuleTest, FindingsCarryTheRuleSeverity) {
  RulesResult result = EvalRules(
      Rule({"require false"}, "W-1", "warning") + Rule({"require false"}, "I-1", "info"), kRuleDoc);
  ASSERT_EQ(result.findings.size(), 2u) << testing::FullList(result.diagnostics);
  for (const testing::Finding& f : result.findings) {
    EXPECT_EQ(f.severity, f.rule == "W-1" ? "warning" : "info");
  }
}

TEST(RuleTest, MessageInterpolation) {
  RulesResult result = EvalRules(
      Rule({"require false",
            "message \"ids={/proposal/component/@id}; n={1.50}|{10 / 4}|{2 * 3}|{100}|{-0.5}; "
            "d={2026-01-05 + 1}|{today()}; b={1 = 1}; e=[{/proposal/missing}]; \\{x\\}\""}),
      kRuleDoc);
  ASSERT_EQ(result.findings.size(), 1u) << testing::FullList(result.diagnostics);
  EXPECT_EQ(result.findings[0].message,
            "ids=a, b, c; n=1.5|2.5|6|100|-0.5; d=2026-01-06|2026-06-15; b=true; e=[]; {x}");
}

TEST(RuleTest, HintInterpolationAndLanguages) {
  std::string rules = Rule({"for each $c in /proposal/component", "require exists($c/cost)",
                            "message \"Komponente {$c/@id} ohne Kosten\"",
                            "message en \"Component {$c/@id} has no cost\"",
                            "hint \"Kosten für {$c/@id} angeben\""});
  RulesResult de = EvalRules(rules, kRuleDoc);
  ASSERT_EQ(de.findings.size(), 1u) << testing::FullList(de.diagnostics);
  EXPECT_EQ(de.findings[0].message, "Komponente c ohne Kosten");
  EXPECT_EQ(de.findings[0].hint, "Kosten für c angeben");

  RulesResult en = EvalRules(rules, kRuleDoc, testing::TestOptions("en"));
  ASSERT_EQ(en.findings.size(), 1u);
  EXPECT_EQ(en.findings[0].message, "Component c has no cost");
  EXPECT_EQ(en.findings[0].hint, "Kosten für c angeben");  // no English hint: German

  RulesResult fr = EvalRules(rules, kRuleDoc, testing::TestOptions("fr"));
  ASSERT_EQ(fr.findings.size(), 1u);
  EXPECT_EQ(fr.findings[0].message, "Komponente c ohne Kosten");
}

TEST(RuleTest, CrossReferenceRule) {
  RulesResult result =
      EvalRules(Rule({"for each $r in /proposal/ref", "require $r/@to in /proposal/component/@id",
                      "at $r/@to", "message \"Verweis auf {$r/@to}\""}),
                kRuleDoc);
  EXPECT_THAT(Shorts(result), ::testing::ElementsAre("R-1 fail 6:21 /proposal/ref[2]/@to"));
  EXPECT_THAT(Messages(result), ::testing::ElementsAre("Verweis auf z"));
}

TEST(RuleTest, PredicateUsingTheRuleVariable) {
  RulesResult result =
      EvalRules(Rule({"for each $r in /proposal/ref",
                      "require exists(/proposal/component[@id = $r/@to])", "at $r"}),
                kRuleDoc);
  EXPECT_THAT(Shorts(result), ::testing::ElementsAre("R-1 fail 6:16 /proposal/ref[2]"));
}

// Evaluates compiled rules against one document: each rule's overall outcome, by rule id.
std::map<std::string, eval::Outcome> OutcomesById(const testing::CompiledRules& compiled,
                                                  const char* xml) {
  std::map<std::string, eval::Outcome> outcomes;
  testing::LoadedXml doc = testing::ParseXml(xml);
  EXPECT_TRUE(doc.doc) << testing::FullList(doc.diagnostics);
  if (!doc.doc) return outcomes;
  eval::Evaluator evaluator(*compiled.rules);
  eval::DocumentResult result = evaluator.Evaluate(*doc.doc, testing::TestOptions());
  for (const eval::RuleSummary& summary : result.rules) {
    outcomes[summary.rule->decl->id] = summary.outcome;
  }
  return outcomes;
}

TEST(RuleTest, LetsAreScopedToTheirFile) {
  testing::CompiledRules compiled = testing::CompileRules(
      {{"a.rules",
        "let limit = 10\n" + Rule({"require count(/proposal/component) < limit"}, "A-1")},
       {"b.rules",
        "let limit = 2\n" + Rule({"require count(/proposal/component) < limit"}, "B-1")}});
  ASSERT_TRUE(compiled.ok()) << testing::FullList(compiled.diagnostics);
  std::map<std::string, eval::Outcome> outcomes = OutcomesById(compiled, kRuleDoc);
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes["A-1"], eval::Outcome::kPass);
  EXPECT_EQ(outcomes["B-1"], eval::Outcome::kFail);
}

// Equal context-free paths share one cache slot, also across files, so a path that many rules
// walk is walked once per document; paths that read a let only share within their file.
TEST(RuleTest, EqualPathsShareACacheSlotUnlessTheyReadLets) {
  const std::string shared = "count(/proposal/component[./cost > 1])";
  const std::string via_let = "count($all/cost[. > 1])";
  testing::CompiledRules compiled = testing::CompileRules(
      {{"a.rules", "let all = /proposal/component\n" +
                       Rule({"require " + shared + " = 2 and " + via_let + " = 2"}, "A-1")},
       {"b.rules", "let all = /proposal/component[1]\n" +
                       Rule({"require " + shared + " = 2 and " + via_let + " = 1"}, "B-1")}});
  ASSERT_TRUE(compiled.ok()) << testing::FullList(compiled.diagnostics);
  // Cached paths: the lets' /proposal/component and /proposal/component[1], the shared path
  // once for both files, and `$all/cost[...]` once per file (`./cost` is context-relative: never
  // cached). One slot per expression would make 6; sharing `$all/cost[...]` would make 4.
  EXPECT_EQ(compiled.rules->path_cache_slots(), 5u);
  std::map<std::string, eval::Outcome> outcomes = OutcomesById(compiled, kRuleDoc);
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes["A-1"], eval::Outcome::kPass);
  EXPECT_EQ(outcomes["B-1"], eval::Outcome::kPass);
}

TEST(RuleTest, LetsInRules) {
  RulesResult result = EvalRules("let limit = 10\nlet total = sum(/proposal/component/cost)\n" +
                                     Rule({"for each $c in /proposal/component",
                                           "require $c/cost < limit or empty($c/cost)"}) +
                                     Rule({"require total = 55"}, "R-2"),
                                 kRuleDoc);
  ASSERT_TRUE(result.ok()) << testing::FullList(result.diagnostics);
  EXPECT_THAT(Shorts(result), ::testing::ElementsAre("R-1 fail 3:3 /proposal/component[2]"));
  EXPECT_EQ(result.OutcomeOf("R-2"), "pass");
}

TEST(RuleTest, QuantifiersInRules) {
  RulesResult result =
      EvalRules(Rule({"require every $c in /proposal/component satisfies exists($c/cost)"}) +
                    Rule({"require some $c in /proposal/component satisfies $c/cost > 10"}, "R-2"),
                kRuleDoc);
  EXPECT_EQ(result.OutcomeOf("R-1"), "fail");
  EXPECT_EQ(result.OutcomeOf("R-2"), "pass");
}

TEST(RuleTest, RegexRuleOnHugeTextIsFast) {
  std::string xml = "<r><s>" + std::string(100000, 'a') + "b</s></r>";
  auto start = Clock::now();
  RulesResult result = EvalRules(Rule({"require /r/s matches \"(a+)+$\""}), xml);
  EXPECT_LT(SecondsSince(start), 1.0);
  EXPECT_EQ(result.OutcomeOf("R-1"), "fail");
}

TEST(RuleTest, OneEvaluatorManyDocuments) {
  // Per-document caches (lets, context-free paths, hash indexes) must not leak across
  // documents.
  testing::CompiledRules compiled = testing::CompileRules(
      "let ids = /r/c/@id\n" +
      Rule({"require count(/r/c) = 2 and \"x\" in /r/c/@id and unique(/r/c/@id) and "
            "count(ids) = 2"}));
  ASSERT_TRUE(compiled.ok()) << testing::FullList(compiled.diagnostics);
  testing::LoadedXml first = testing::ParseXml("<r><c id=\"x\"/><c id=\"y\"/></r>");
  testing::LoadedXml second = testing::ParseXml("<r><c id=\"y\"/><c id=\"y\"/><c id=\"z\"/></r>");
  ASSERT_TRUE(first.doc && second.doc);
  eval::Evaluator evaluator(*compiled.rules);
  for (int round = 0; round < 2; ++round) {
    eval::DocumentResult a = evaluator.Evaluate(*first.doc, testing::TestOptions());
    ASSERT_EQ(a.rules.size(), 1u);
    EXPECT_EQ(a.rules[0].outcome, eval::Outcome::kPass);
    eval::DocumentResult b = evaluator.Evaluate(*second.doc, testing::TestOptions());
    ASSERT_EQ(b.rules.size(), 1u);
    EXPECT_EQ(b.rules[0].outcome, eval::Outcome::kFail);
  }
}

TEST(RuleTest, SeveralRulesInOneFile) {
  RulesResult result =
      EvalRules(Rule({"require true"}, "B-2") + Rule({"require true"}, "A-1"), kRuleDoc);
  ASSERT_EQ(result.outcomes.size(), 2u);
  EXPECT_EQ(result.OutcomeOf("A-1"), "pass");
  EXPECT_EQ(result.OutcomeOf("B-2"), "pass");
}

}  // namespace
}  // namespace konform
