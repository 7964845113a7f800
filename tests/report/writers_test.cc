// The report writers on hand-made reports: edge cases the samples do not reach (evaluation
// errors, unreadable documents, waivers, baselines, escaping, control characters for
// terminals, the SARIF result limit).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "report/escape.h"
#include "report/writer.h"

namespace konform::report {
namespace {

using nlohmann::json;

std::string Render(Format format, const Report& report) {
  std::ostringstream out;
  Write(format, report, WriteOptions{}, out);
  return out.str();
}

size_t Occurrences(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

Finding MakeFinding(const std::string& rule, Severity severity, uint32_t line,
                    const std::string& document = "docs/a.xml") {
  Finding f;
  f.rule_id = rule;
  f.severity = severity;
  f.message = "Meldung zu " + rule;
  f.hint = "Hinweis zu " + rule;
  f.document = document;
  f.pos = {line, 3};
  f.width = 10;  // the highlighted name includes its "<"
  f.node_path = "/proposal/component[" + std::to_string(line) + "]";
  f.stable_path = "/proposal/component[@id='c" + std::to_string(line) + "']";
  f.line_text = "  <component id=\"c" + std::to_string(line) + "\"/>";
  f.fingerprint = std::string(30, '0') + std::to_string(10 + line % 90);
  return f;
}

RuleInfo MakeRule(const std::string& id, Severity severity, const std::string& area) {
  RuleInfo r;
  r.id = id;
  r.title = {{"de", "Titel " + id}, {"en", "Title of " + id}};
  r.severity = severity;
  r.area = area;
  r.pack = area;
  r.sources = {"Quelle für " + id};
  r.message = {{"de", "Meldung {$c/@id}"}};
  r.hint = {{"de", "Hinweis"}};
  return r;
}

// Two documents: one with an error, a warning, an info, a waived and a requested finding and
// an evaluation error; one that could not be read.
Report MakeReport() {
  Report r;
  r.tool_version = "9.9.9";
  r.as_of = "2026-06-15";
  r.packs = {{"governance", {{"de", "Steuerung"}, {"en", "Governance"}}, "1", "g.rules", 3},
             {"security", {{"de", "Sicherheit"}, {"en", "Security"}}, "1", "s.rules", 2}};
  r.rules = {MakeRule("GOV-001", Severity::kError, "governance"),
             MakeRule("GOV-002", Severity::kWarning, "governance"),
             MakeRule("GOV-003", Severity::kInfo, "governance"),
             MakeRule("SEC-001", Severity::kError, "security"),
             MakeRule("SEC-002", Severity::kWarning, "security")};
  r.rules[4].effective_from = "2027-01-01";  // not in force on 2026-06-15
  r.evidence = {{"rule-pack", "governance", "1", "g.rules", std::string(64, 'a')},
                {"rule-pack", "security", "1", "s.rules", std::string(64, 'b')},
                {"waivers", "", "", "w.xml", std::string(64, 'c')}};

  DocumentReport a;
  a.path = "docs/a.xml";
  a.proposal_id = "BMX-2026-001";
  a.as_of = "2026-06-15";
  a.sha256 = std::string(64, 'd');
  a.findings.push_back(MakeFinding("GOV-001", Severity::kError, 10));
  a.findings.push_back(MakeFinding("GOV-002", Severity::kWarning, 11));
  a.findings.push_back(MakeFinding("GOV-003", Severity::kInfo, 12));
  Finding waived = MakeFinding("SEC-001", Severity::kError, 13);
  WaiverMark grant;
  grant.id = "W-1";
  grant.justification = "Begründung";
  grant.decision = "Beschluss 1";
  grant.approved_by = "IT-Rat";
  grant.granted = "2026-04-01";
  grant.expires = "2026-12-31";
  grant.file = "w.xml";
  grant.pos = {4, 3};
  grant.conditions = "Konzept bis 2026-09-30 vorlegen.";
  waived.waiver = grant;
  a.findings.push_back(waived);
  Finding requested = MakeFinding("GOV-002", Severity::kWarning, 14);
  WaiverMark request;
  request.state = WaiverMark::State::kRequested;
  request.justification = "Bitte";
  request.expires = "2026-10-01";
  request.file = "docs/a.xml";
  request.pos = {30, 5};
  requested.waiver = request;
  a.findings.push_back(requested);
  Finding evaluation = MakeFinding("SEC-001", Severity::kError, 15);
  evaluation.status = Status::kError;
  evaluation.node_path = "/proposal/@budget";
  evaluation.message = "the value 'viel' is not a number";
  a.findings.push_back(evaluation);
  a.counts = {1, 2, 1, 1, 1, 1};
  a.verdict = Verdict::kNotApprovable;
  a.rules_applicable = 4;
  a.rules_not_applicable = 1;
  a.rules_passed = 1;

  DocumentReport b;
  b.path = "docs/b.xml";
  b.verdict = Verdict::kNotChecked;
  b.problems.push_back({"K4001", "error", "docs/b.xml", {3, 1}, "not well-formed", ""});

  r.documents = {a, b};
  r.diagnostics.push_back(
      {"K6101", "warning", "w.xml", {9, 3}, "waiver 'W-0' expired on 2026-01-31", ""});
  return r;
}

TEST(EscapeTest, XmlAndHtml) {
  EXPECT_EQ(XmlText("a<b>&\"c\"\r\n"), "a&lt;b&gt;&amp;\"c\"&#13;\n");
  EXPECT_EQ(XmlAttribute("a\"b\n\tc"), "a&quot;b&#10;&#9;c");
  // Characters XML 1.0 forbids are dropped, invalid UTF-8 becomes U+FFFD.
  EXPECT_EQ(XmlText(std::string("x\x01y\xFFz", 5)), "xy\xEF\xBF\xBDz");
  EXPECT_EQ(HtmlEscape("<script>'&'</script>"), "&lt;script&gt;&#39;&amp;&#39;&lt;/script&gt;");
  EXPECT_EQ(ValidUtf8("gr\xC3\xBC\xC3"), "gr\xC3\xBC\xEF\xBF\xBD");
  EXPECT_EQ(ValidUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
}

// JSON output stays valid and exact whatever a document or file name holds: invalid UTF-8
// becomes U+FFFD, invisible or reordering characters are \u escapes (decoded back by any
// reader), everything else is kept.
TEST(EscapeTest, JsonStringIsValidAndShowsHiddenCharacters) {
  EXPECT_EQ(JsonString("a\"b\\c\n\r\t"), "\"a\\\"b\\\\c\\n\\r\\t\"");
  EXPECT_EQ(JsonString(std::string("\x01\x1b\x7f", 3)), "\"\\u0001\\u001b\\u007f\"");
  EXPECT_EQ(JsonString("\xC2\x85\xC2\x9b"), "\"\\u0085\\u009b\"");  // C1 controls
  EXPECT_EQ(JsonString("x\xE2\x80\xAEy\xE2\x80\xA8z"), "\"x\\u202ey\\u2028z\"");
  EXPECT_EQ(JsonString("\xE2\x81\xA6\xE2\x81\xA9"), "\"\\u2066\\u2069\"");
  EXPECT_EQ(JsonString("gr\xC3\xBC\xC3 \xFF"), "\"gr\xC3\xBC\xEF\xBF\xBD \xEF\xBF\xBD\"");
  EXPECT_EQ(JsonString("Größe € 😀 \xC2\xA0"), "\"Größe € 😀 \xC2\xA0\"");
}

TEST(EscapeTest, HiddenCharactersInXmlHtmlAndMarkdown) {
  // XML: exact text, but visible in the raw file as character references.
  EXPECT_EQ(XmlText("a\xE2\x80\xAE"
                    "b\xC2\x9b\x7f"),
            "a&#x202E;b&#x9B;&#x7F;");
  EXPECT_EQ(XmlAttribute("\xE2\x80\xA9"), "&#x2029;");
  // HTML: shown as in the text report; C0 controls dropped as before.
  EXPECT_EQ(HtmlEscape("a\xE2\x80\xAE"
                       "b\xC2\x9b\x01"
                       "c"),
            "a\\u202eb\\x9b"
            "c");
  EXPECT_EQ(MarkdownText("a\xE2\x80\xAE"
                         "b"),
            "a\\\\u202eb");
}

TEST(EscapeTest, UrisMarkdownAndGithub) {
  EXPECT_EQ(UriFromPath("samples/a b#1.xml"), "samples/a%20b%231.xml");
  EXPECT_EQ(UriFromPath("/tmp/ä.xml"), "file:///tmp/%C3%A4.xml");
  EXPECT_EQ(MarkdownText("a|b *c* [d] <e>"), "a\\|b \\*c\\* \\[d\\] \\<e\\>");
  EXPECT_EQ(MarkdownText("/@id"), "/@\xE2\x80\x8Bid");
  EXPECT_EQ(GithubMessage("100%\r\nx: y, z"), "100%25%0D%0Ax: y, z");
  EXPECT_EQ(GithubProperty("a:b,c%"), "a%3Ab%2Cc%25");
  EXPECT_EQ(Localized({{"de", "Titel"}}, "en"), "Titel");
  EXPECT_EQ(Localized({{"de", "Titel"}, {"en", "Title"}}, "en"), "Title");
}

TEST(SarifTest, ResultsRulesAndNotifications) {
  const json sarif = json::parse(Render(Format::kSarif, MakeReport()));
  EXPECT_EQ(sarif["version"], "2.1.0");
  const json& run = sarif["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["rules"].size(), 5u);
  EXPECT_EQ(run["tool"]["driver"]["rules"][1]["name"], "TitleOfGOV002");
  EXPECT_EQ(run["tool"]["driver"]["rules"][1]["defaultConfiguration"]["level"], "warning");
  // The evaluation error is a notification, not a result.
  const json& results = run["results"];
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0]["ruleId"], "GOV-001");
  EXPECT_EQ(results[0]["ruleIndex"], 0);
  EXPECT_EQ(results[0]["level"], "error");
  EXPECT_EQ(results[2]["level"], "note");
  const json& location = results[0]["locations"][0];
  EXPECT_EQ(location["physicalLocation"]["artifactLocation"]["uri"], "docs/a.xml");
  EXPECT_EQ(location["physicalLocation"]["region"]["startColumn"], 3);
  EXPECT_EQ(location["physicalLocation"]["region"]["endColumn"], 13);
  EXPECT_EQ(location["logicalLocations"][0]["kind"], "element");
  EXPECT_EQ(results[0]["partialFingerprints"]["konform/v1"], std::string(30, '0') + "20");
  EXPECT_FALSE(results[0].contains("baselineState"));

  const json& waived = results[3];
  EXPECT_EQ(waived["suppressions"][0]["kind"], "external");
  EXPECT_EQ(waived["suppressions"][0]["status"], "accepted");
  EXPECT_EQ(waived["suppressions"][0]["justification"], "Begründung");
  EXPECT_EQ(waived["suppressions"][0]["properties"]["waiverId"], "W-1");
  const json& requested = results[4];
  EXPECT_EQ(requested["suppressions"][0]["kind"], "inSource");
  EXPECT_EQ(requested["suppressions"][0]["status"], "underReview");

  const json& invocation = run["invocations"][0];
  EXPECT_FALSE(invocation["executionSuccessful"]);
  const json& notifications = invocation["toolExecutionNotifications"];
  ASSERT_EQ(notifications.size(), 2u);
  EXPECT_EQ(notifications[0]["associatedRule"]["id"], "SEC-001");
  EXPECT_EQ(notifications[0]["locations"][0]["logicalLocations"][0]["kind"], "attribute");
  EXPECT_EQ(notifications[1]["descriptor"]["id"], "K4001");
  EXPECT_EQ(invocation["toolConfigurationNotifications"][0]["descriptor"]["id"], "K6101");
  EXPECT_EQ(invocation["properties"]["documents"][0]["sha256"], std::string(64, 'd'));
  EXPECT_EQ(run["artifacts"][0]["hashes"]["sha-256"], std::string(64, 'd'));
  EXPECT_EQ(run["artifacts"][2]["location"]["uri"], "w.xml");
  EXPECT_EQ(waived["suppressions"][0]["location"]["physicalLocation"]["artifactLocation"]["index"],
            2);
}

TEST(SarifTest, BaselineStates) {
  Report report = MakeReport();
  report.baseline = true;
  report.documents[0].findings[0].baseline = BaselineState::kUnchanged;
  Finding fixed = MakeFinding("GOV-002", Severity::kWarning, 0);
  fixed.pos = {};
  report.documents[0].fixed.push_back(fixed);
  const json results = json::parse(Render(Format::kSarif, report))["runs"][0]["results"];
  ASSERT_EQ(results.size(), 6u);
  EXPECT_EQ(results[0]["baselineState"], "unchanged");
  EXPECT_EQ(results[1]["baselineState"], "new");
  EXPECT_EQ(results[5]["baselineState"], "absent");
  EXPECT_EQ(results[5]["kind"], "pass");
  EXPECT_EQ(results[5]["level"], "none");
  EXPECT_FALSE(results[5]["locations"][0]["physicalLocation"].contains("region"));
}

TEST(SarifTest, TruncatesToTheGithubLimitKeepingTheMostSevere) {
  Report report;
  report.tool_version = "1.0.0";
  report.rules = {MakeRule("R-1", Severity::kInfo, "x"), MakeRule("R-2", Severity::kError, "x")};
  DocumentReport doc;
  doc.path = "big.xml";
  for (uint32_t i = 1; i <= 25010; ++i) {
    doc.findings.push_back(MakeFinding("R-1", Severity::kInfo, i, "big.xml"));
  }
  doc.findings.push_back(MakeFinding("R-2", Severity::kError, 30000, "big.xml"));
  doc.verdict = Verdict::kNotApprovable;
  report.documents.push_back(doc);
  const json run = json::parse(Render(Format::kSarif, report))["runs"][0];
  ASSERT_EQ(run["results"].size(), 25000u);
  EXPECT_EQ(run["results"].back()["ruleId"], "R-2");  // kept, and still in report order
  EXPECT_EQ(run["results"][24998]["locations"][0]["physicalLocation"]["region"]["startLine"],
            24999);
  const json& notes = run["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0]["descriptor"]["id"], "results-truncated");
  EXPECT_NE(notes[0]["message"]["text"].get<std::string>().find("25000/25011"), std::string::npos);
  EXPECT_TRUE(run["invocations"][0]["executionSuccessful"]);
}

TEST(JunitTest, CasesAndCounts) {
  const std::string xml = Render(Format::kJunit, MakeReport());
  // governance: GOV-001 failure, GOV-002 failure, GOV-003 info passes.
  EXPECT_NE(xml.find("<testsuite name=\"governance\" tests=\"3\" failures=\"2\" errors=\"0\" "
                     "skipped=\"0\""),
            std::string::npos)
      << xml;
  // security: SEC-001 could not be evaluated, SEC-002 is not in force yet.
  EXPECT_NE(xml.find("<testsuite name=\"security\" tests=\"2\" failures=\"0\" errors=\"1\" "
                     "skipped=\"1\""),
            std::string::npos);
  // The unreadable document is one error in a suite of its own.
  EXPECT_NE(xml.find("<testsuite name=\"konform\" tests=\"1\" failures=\"0\" errors=\"1\""),
            std::string::npos);
  EXPECT_NE(xml.find("<testsuites name=\"konform\" tests=\"6\" failures=\"2\" errors=\"2\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<testcase classname=\"docs/a.xml\" name=\"GOV-001 Titel GOV-001\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<failure type=\"warning\" message=\"Meldung zu GOV-002 (+1 weitere)\">"),
            std::string::npos);
  EXPECT_NE(xml.find("[Ausnahme beantragt]"), std::string::npos);
  EXPECT_NE(xml.find("<skipped type=\"not-in-force\""), std::string::npos);
  // Waived and info findings pass, listed in system-out.
  EXPECT_NE(xml.find("<system-out>docs/a.xml:12:3: info[GOV-003]"), std::string::npos);
  EXPECT_NE(xml.find("[ausgenommen]"), std::string::npos);
}

TEST(SvrlTest, AssertsAndErrors) {
  const std::string xml = Render(Format::kSvrl, MakeReport());
  EXPECT_EQ(xml.find("<svrl:error document=\"docs/b.xml\" location=\"/\" code=\"K4001\">"),
            xml.find("<svrl:error"))
      << xml;
  EXPECT_NE(xml.find("<svrl:error document=\"docs/a.xml\" location=\"/proposal/@budget\" "
                     "code=\"SEC-001\">"),
            std::string::npos);
  EXPECT_EQ(Occurrences(xml, "<svrl:failed-assert"), 5u);
  EXPECT_NE(xml.find("flag=\"waived\""), std::string::npos);
  EXPECT_NE(xml.find("flag=\"waiver-requested\""), std::string::npos);
  EXPECT_NE(xml.find("<svrl:property-reference property=\"line\"><svrl:text>10</svrl:text>"),
            std::string::npos);
  EXPECT_NE(xml.find("context=\"/proposal/component\""), std::string::npos);

  // Only unreadable documents: errors and text, no pattern (the schema's first choice).
  Report broken = MakeReport();
  broken.documents.erase(broken.documents.begin());
  const std::string only_errors = Render(Format::kSvrl, broken);
  EXPECT_EQ(only_errors.find("active-pattern"), std::string::npos);
  // Nothing at all still needs a pattern.
  Report empty;
  EXPECT_NE(Render(Format::kSvrl, empty).find("<svrl:active-pattern/>"), std::string::npos);
}

TEST(GithubTest, WorkflowCommands) {
  Report report = MakeReport();
  report.documents[0].findings[0].message = "a,b: 100%\nneu";
  report.documents[0].findings[0].document = "docs/a,b:c.xml";
  const std::string out = Render(Format::kGithub, report);
  EXPECT_NE(out.find("::error file=docs/a%2Cb%3Ac.xml,line=10,col=3,endColumn=13,title=GOV-001::"
                     "a,b: 100%25%0Aneu%0AHinweis: Hinweis zu GOV-001\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("::warning file=docs/a.xml,line=11,"), std::string::npos);
  EXPECT_NE(out.find("::notice file=docs/a.xml,line=12,"), std::string::npos);
  EXPECT_NE(out.find("::notice file=docs/a.xml,line=13,col=3,endColumn=13,title=SEC-001 "
                     "[ausgenommen W-1]::"),
            std::string::npos);
  EXPECT_NE(out.find("title=GOV-002 [Ausnahme beantragt]::"), std::string::npos);
  EXPECT_NE(out.find("::error file=docs/a.xml,line=15,col=3,endColumn=13,title=SEC-001::Regel "
                     "nicht auswertbar: "),
            std::string::npos);
  EXPECT_NE(out.find("::error file=docs/b.xml,line=3,col=1,title=K4001::not well-formed"),
            std::string::npos);
  EXPECT_NE(out.find("::warning file=w.xml,line=9,col=3,title=K6101::"), std::string::npos);
  EXPECT_NE(out.find("docs/a.xml: nicht freigabefähig — 1 Fehler, 2 Warnungen, 1 Hinweis, 1 "
                     "Auswertungsfehler, 1 ausgenommen\n"),
            std::string::npos);
}

TEST(GitlabTest, CodeQuality) {
  Report report = MakeReport();
  // The same fingerprint twice (e.g. one node reported twice by a rule) must stay distinct.
  report.documents[0].findings[1].fingerprint = report.documents[0].findings[0].fingerprint;
  const json issues = json::parse(Render(Format::kGitlab, report));
  ASSERT_TRUE(issues.is_array());
  ASSERT_EQ(issues.size(), 8u);  // K6101, six findings, K4001
  std::set<std::string> fingerprints;
  for (const json& issue : issues) {
    for (const char* key : {"description", "check_name", "fingerprint", "severity"}) {
      EXPECT_TRUE(issue[key].is_string()) << key;
    }
    EXPECT_GE(issue["location"]["lines"]["begin"].get<int>(), 1);
    fingerprints.insert(issue["fingerprint"].get<std::string>());
  }
  EXPECT_EQ(fingerprints.size(), issues.size());
  EXPECT_EQ(issues[0]["check_name"], "K6101");
  EXPECT_EQ(issues[1]["severity"], "critical");
  EXPECT_EQ(issues[1]["fingerprint"], report.documents[0].findings[0].fingerprint);
  EXPECT_EQ(issues[2]["severity"], "major");
  EXPECT_EQ(issues[3]["severity"], "info");
  EXPECT_EQ(issues[4]["severity"], "info");     // waived
  EXPECT_EQ(issues[6]["severity"], "blocker");  // could not be evaluated
  EXPECT_EQ(issues[7]["severity"], "blocker");  // could not be read
  EXPECT_EQ(Render(Format::kGitlab, Report{}), "[]\n");
}

TEST(MarkdownTest, TablesAreEscaped) {
  Report report = MakeReport();
  report.documents[0].findings[0].message = "a | b <img src=x> @team";
  const std::string md = Render(Format::kMarkdown, report);
  EXPECT_NE(md.find("| `docs/a.xml:10` | Fehler | GOV-001 | a \\| b \\<img src=x\\> "
                    "@\xE2\x80\x8Bteam |"),
            md.npos)
      << md;
  EXPECT_NE(md.find("*(ausgenommen W-1)*"), md.npos);
  EXPECT_NE(md.find("| `docs/b.xml` |  | \u26D4 nicht geprüft |"), md.npos);
  EXPECT_NE(md.find("**Auflagen:** 2 Warnungen zu beheben (GOV-002)"), md.npos);
  // Every table row has as many cells as its header.
  std::istringstream lines(md);
  size_t columns = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("|", 0) != 0) {
      columns = 0;
      continue;
    }
    const size_t cells = Occurrences(std::regex_replace(line, std::regex(R"(\\\|)"), ""), "|");
    if (columns == 0) columns = cells;
    EXPECT_EQ(cells, columns) << line;
  }
}

TEST(HtmlTest, SelfContainedAndLocalised) {
  Report report = MakeReport();
  report.documents[0].findings[0].message = "<script>alert(1)</script>";
  const std::string html = Render(Format::kHtml, report);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"de\">", 0), 0u);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  for (const char* external : {"http://", "https://", "src=", "@import", "url("}) {
    // The only URL is the SVG namespace, which is a name, not a resource.
    std::string rest = html;
    size_t at = 0;
    while ((at = rest.find(external, at)) != std::string::npos) {
      EXPECT_EQ(rest.compare(at, 26, "http://www.w3.org/2000/svg"), 0) << external;
      ++at;
    }
  }
  EXPECT_NE(html.find("id=\"portfolio-table\""), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\" data-count=\"errors\">1</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\" data-count=\"evaluationErrors\">1</td>"),
            std::string::npos);
  EXPECT_NE(html.find("Ausnahme W-1"), std::string::npos);
  EXPECT_NE(html.find("<mark>&lt;component</mark>"), std::string::npos);
  EXPECT_NE(html.find("not well-formed"), std::string::npos);
  EXPECT_EQ(Occurrences(html, "<th scope=\"col\">Sicherheit</th>"), 1u);

  report.language = "en";
  const std::string english = Render(Format::kHtml, report);
  EXPECT_EQ(english.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_NE(english.find("Portfolio overview"), std::string::npos);
  EXPECT_NE(english.find("<th scope=\"col\">Security</th>"), std::string::npos);
  // One document: no portfolio.
  report.documents.pop_back();
  EXPECT_EQ(Render(Format::kHtml, report).find("portfolio-table"), std::string::npos);
}

// A report whose every field from the input carries control characters: ESC sequences that
// retitle the window or clear the screen, BEL, CR, C1 CSI, and a file name with a line break.
Report HostileReport() {
  Report report = MakeReport();
  Finding& f = report.documents[0].findings[0];
  f.document = "docs/\x1b]0;pwned\x07.xml";
  f.message = std::string("Wert \x1b[2J\xc2\x9b") + "31m";  // U+009B: CSI
  f.hint = "Hinweis\r\n   mit \x07Umbruch";
  f.node_path = "/proposal/component[@id='\x1b[5m']";
  f.line_text = "  <component id=\"\x1b[5m\"/>";
  f.pos = {10, 3};
  f.width = 10;
  Finding& waived = report.documents[0].findings[3];
  waived.waiver->justification = "Zeile eins\n      Zeile zwei \x1b[1m";
  report.documents[0].path = f.document;
  report.documents[1].path = "docs/evil\nsamples/x.xml: freigabefähig";
  report.documents[1].problems[0].rendered =
      "docs/evil.xml:1:2: error[K4001]: bad\n    1 | <\\x1b>\n      |  ^\n\x1b[2J";
  report.diagnostics[0].message = "expired \x1b]0;x\x07";
  report.documents[0].fixed.push_back(f);
  return report;
}

// No control character but line feed (and tab) in `text`; C1 controls in UTF-8 included.
void ExpectNoControls(const std::string& text, const std::string& what) {
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const bool c1 = c == 0xC2 && i + 1 < text.size() &&
                    static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    EXPECT_FALSE((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || c1)
        << what << ": control character " << static_cast<int>(c) << " at " << i << " in\n"
        << text;
  }
}

TEST(TextTest, ControlCharactersFromTheInputAreShownEscaped) {
  std::ostringstream out;
  WriteText(HostileReport(), WriteOptions{}, out);
  const std::string text = out.str();
  ExpectNoControls(text, "text");
  EXPECT_NE(text.find("docs/\\x1b]0;pwned\\x07.xml:10:3: error[GOV-001] Wert \\x1b[2J\\x9b31m\n"),
            std::string::npos)
      << text;
  // The excerpt is escaped, and the caret still sits under the '<' of column 3.
  EXPECT_NE(text.find("    10 |   <component id=\"\\x1b[5m\"/>\n"
                      "       |   ^~~~~~~~~~\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("= Pfad: /proposal/component[@id='\\x1b[5m']\n"), std::string::npos);
  // Prose: a line break with its indentation is one space; other controls escaped.
  EXPECT_NE(text.find("= Hinweis: Hinweis mit \\x07Umbruch\n"), std::string::npos) << text;
  EXPECT_NE(text.find("): Zeile eins Zeile zwei \\x1b[1m\n"), std::string::npos) << text;
  // A file name cannot forge a line of the report.
  EXPECT_NE(text.find("docs/evil\\nsamples/x.xml: freigabefähig: nicht geprüft\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  |  ^\n\\x1b[2J"), std::string::npos) << text;  // rendered problem
  EXPECT_NE(text.find(": behoben [GOV-001] Wert \\x1b[2J\\x9b31m (/proposal/component[@id="),
            std::string::npos)
      << text;

  // Colour adds its own escape sequences, but only those.
  WriteOptions color;
  color.color = true;
  std::ostringstream colored;
  WriteText(HostileReport(), color, colored);
  EXPECT_EQ(colored.str().find("\x1b]"), std::string::npos);
  EXPECT_EQ(colored.str().find("\x1b[2J"), std::string::npos);
  EXPECT_EQ(colored.str().find("\x1b[5m"), std::string::npos);
}

TEST(GithubTest, ControlCharactersFromTheInputAreShownEscaped) {
  const std::string out = Render(Format::kGithub, HostileReport());
  ExpectNoControls(out, "github");
  EXPECT_NE(out.find("::error file=docs/\\x1b]0;pwned\\x07.xml,line=10,col=3,endColumn=13,"
                     "title=GOV-001::Wert \\x1b[2J\\x9b31m%0AHinweis: Hinweis%0D%0A   mit "
                     "\\x07Umbruch\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("title=K6101::expired \\x1b]0;x\\x07\n"), std::string::npos) << out;
  // The plain log lines: a file name cannot start a workflow command on a line of its own.
  EXPECT_NE(out.find("docs/evil\\nsamples/x.xml: freigabefähig: nicht geprüft\n"),
            std::string::npos)
      << out;
}

TEST(MarkdownTest, ControlCharactersFromTheInputAreShownEscaped) {
  const std::string md = Render(Format::kMarkdown, HostileReport());
  ExpectNoControls(md, "md");
  // In a code span a backslash is literal; in text it is escaped to render as one.
  EXPECT_NE(md.find("`docs/\\x1b]0;pwned\\x07.xml:10`"), std::string::npos) << md;
  EXPECT_NE(md.find("Wert \\\\x1b\\[2J\\\\x9b31m"), std::string::npos) << md;
  EXPECT_EQ(MarkdownText("a\x1b[1mb\x7f"), "a\\\\x1b\\[1mb\\\\x7f");
}

TEST(WritersTest, EveryFormatIsDeterministic) {
  for (Format format : {Format::kSarif, Format::kJunit, Format::kSvrl, Format::kHtml,
                        Format::kMarkdown, Format::kGithub, Format::kGitlab}) {
    EXPECT_EQ(Render(format, MakeReport()), Render(format, MakeReport())) << FormatName(format);
    EXPECT_FALSE(Render(format, MakeReport()).empty()) << FormatName(format);
  }
}

}  // namespace
}  // namespace konform::report
