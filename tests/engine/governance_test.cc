// The governance workflow: board waivers, fingerprints, baselines, profiles, validity dates;
// baselines and rule fixtures that cannot be read.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/app.h"
#include "engine/baseline.h"
#include "engine/engine.h"
#include "engine/rule_tests.h"
#include "engine/waivers.h"

namespace konform {
namespace {

namespace fs = std::filesystem;

const char* kRules = R"(pack gov { area governance version "1" }
rule R-MISSING "Element vorhanden" {
  severity error
  source "Test"
  for each $c in /proposal/component
  require exists($c/owner)
  message "Komponente {$c/@id} ohne Verantwortliche."
}
rule R-LEGAL "Gesetzliche Pflicht" {
  severity error
  source "Gesetz"
  non-waivable
  require exists(/proposal/dpia)
  message "DSFA fehlt."
}
rule R-WARN "Empfehlung" {
  severity warning
  source "Test"
  require exists(/proposal/summary)
  message "Kurzbeschreibung fehlt."
}
rule R-NEW "Neue Pflicht ab 2026-07-01" {
  severity error
  source "Test"
  effective-from 2026-07-01
  require exists(/proposal/newDuty)
  message "Neue Pflicht nicht erfüllt."
}
profile self-check {
  title "Selbstprüfung"
  exclude R-LEGAL
  severity R-MISSING warning
}
profile final-approval {
  title "Endgültige Freigabe"
  severity R-WARN error
}
)";

// Two components without owner, no dpia, no summary, submitted 2026-06-15.
const char* kProposal = R"(<proposal>
  <metadata id="BMX-2026-001" submissionDate="2026-06-15"/>
  <component id="portal"/>
  <component id="db"/>
</proposal>
)";

class GovernanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("konform-gov-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Write("gov.rules", kRules);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream out(dir_ / name, std::ios::binary);
    out << text;
    return (dir_ / name).string();
  }

  report::Report Check(const std::string& doc, engine::EngineOptions options = {}) {
    options.default_rules = false;
    options.rule_paths = {(dir_ / "gov.rules").string()};
    options.jobs = 1;
    engine::Engine engine(std::move(options));
    EXPECT_TRUE(engine.LoadRules());
    return engine.Check({doc});
  }

  std::string Waiver(const std::string& attributes) {
    return "<waiver id=\"W1\" proposal=\"BMX-2026-001\" decision=\"B 1\" approvedBy=\"Rat\" "
           "granted=\"2026-01-01\" " +
           attributes + "><justification>J</justification></waiver>";
  }

  fs::path dir_;
};

const report::Finding* FindingAt(const report::DocumentReport& doc, const std::string& rule,
                                 const std::string& path_part) {
  for (const report::Finding& f : doc.findings) {
    if (f.rule_id == rule && f.node_path.find(path_part) != std::string::npos) return &f;
  }
  return nullptr;
}

struct WaiverCase {
  const char* name;
  std::string waiver;   // attributes besides id, proposal, decision, approvedBy, granted
  int waived_findings;  // how many findings end up waived
  const char* problem;  // expected warning code, or "" for none
};

TEST_F(GovernanceTest, WaiverMatching) {
  const std::vector<WaiverCase> cases = {
      {"rule and proposal", "rule=\"R-MISSING\" expires=\"2026-12-31\"", 2, ""},
      {"only below a path",
       "rule=\"R-MISSING\" path=\"/proposal/component[@id='db']\" "
       "expires=\"2026-12-31\"",
       1, ""},
      {"plain path", "rule=\"R-MISSING\" path=\"/proposal/component[1]\" expires=\"2026-12-31\"", 1,
       ""},
      {"path prefix is not a name prefix",
       "rule=\"R-MISSING\" path=\"/proposal/comp\" "
       "expires=\"2026-12-31\"",
       0, "K6103"},
      {"other proposal", "rule=\"R-MISSING\" expires=\"2026-12-31\"", 0, ""},
      {"expires on the evaluation date: still valid", "rule=\"R-MISSING\" expires=\"2026-06-15\"",
       2, ""},
      {"expired the day before", "rule=\"R-MISSING\" expires=\"2026-06-14\"", 0, "K6101"},
      {"non-waivable rule", "rule=\"R-LEGAL\" expires=\"2026-12-31\"", 0, "K6104"},
      {"unknown rule", "rule=\"R-NONE\" expires=\"2026-12-31\"", 0, "K6102"},
      {"matches nothing", "rule=\"R-NEW\" expires=\"2026-12-31\"", 0, "K6103"},
  };
  std::string doc = Write("p.xml", kProposal);
  for (const WaiverCase& c : cases) {
    SCOPED_TRACE(c.name);
    std::string waiver = Waiver(c.waiver);
    if (std::string(c.name) == "other proposal") {
      waiver.replace(waiver.find("BMX-2026-001"), 12, "BMX-2026-999");
    }
    engine::EngineOptions options;
    options.waivers_path = Write("w.xml", "<waivers>" + waiver + "</waivers>");
    report::Report report = Check(doc, options);
    ASSERT_EQ(report.documents.size(), 1u);
    const report::DocumentReport& d = report.documents[0];
    EXPECT_EQ(d.counts.waived, static_cast<size_t>(c.waived_findings));
    std::string codes;
    for (const report::Problem& p : report.diagnostics) codes += p.code;
    EXPECT_EQ(codes, c.problem);
    for (const report::Problem& p : report.diagnostics) {
      EXPECT_EQ(p.severity, "warning");
      EXPECT_EQ(p.pos.line, 1u);
    }
  }
}

TEST_F(GovernanceTest, WaivedFindingsNoLongerBlockApproval) {
  std::string doc = Write("p.xml",
                          "<proposal><metadata id=\"BMX-2026-001\" submissionDate=\"2026-06-15\"/>"
                          "<component id=\"a\"/><dpia/><summary>S</summary><newDuty/></proposal>");
  EXPECT_EQ(Check(doc).documents[0].verdict, report::Verdict::kNotApprovable);
  engine::EngineOptions options;
  options.waivers_path = Write(
      "w.xml", "<waivers>" + Waiver("rule=\"R-MISSING\" expires=\"2026-12-31\"") + "</waivers>");
  report::Report report = Check(doc, options);
  const report::DocumentReport& d = report.documents[0];
  EXPECT_EQ(d.verdict, report::Verdict::kApprovableWithConditions);
  ASSERT_EQ(d.findings.size(), 1u);
  ASSERT_TRUE(d.findings[0].waiver.has_value());
  EXPECT_TRUE(d.findings[0].waived());
  EXPECT_EQ(d.findings[0].waiver->justification, "J");
  EXPECT_EQ(d.findings[0].waiver->id, "W1");
}

TEST_F(GovernanceTest, RequestInProposalChangesNothing) {
  std::string doc =
      Write("p.xml",
            "<proposal><metadata id=\"BMX-2026-001\" submissionDate=\"2026-06-15\"/>"
            "<component id=\"a\"/><dpia/><summary>S</summary><newDuty/>"
            "<waiverRequests><waiverRequest ruleId=\"R-MISSING\" until=\"2026-12-31\">"
            "<justification>Bitte</justification></waiverRequest></waiverRequests></proposal>");
  report::Report report = Check(doc);
  const report::DocumentReport& d = report.documents[0];
  EXPECT_EQ(d.verdict, report::Verdict::kNotApprovable);
  ASSERT_EQ(d.findings.size(), 1u);
  ASSERT_TRUE(d.findings[0].waiver.has_value());
  EXPECT_FALSE(d.findings[0].waived());
  EXPECT_EQ(d.findings[0].waiver->state, report::WaiverMark::State::kRequested);
  EXPECT_EQ(d.counts.requested, 1u);
}

TEST_F(GovernanceTest, MalformedWaiverFilesAreRefusedWithPosition) {
  std::string doc = Write("p.xml", kProposal);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"<waivers>\n<waiver id=\"W1\"", "K4001"},
      {"<waivers>\n  <waiver id=\"W1\" rule=\"R-MISSING\"/>\n</waivers>", "K6001"},
      {"<waivers>\n  " + Waiver("rule=\"R-MISSING\" expires=\"31.12.2026\"") + "\n</waivers>",
       "K6002"},
      {"<exceptions/>", "K6001"},
  };
  for (const auto& [text, code] : cases) {
    SCOPED_TRACE(text);
    std::string path = Write("bad.xml", text);
    std::vector<std::string> args = {"konform",
                                     "check",
                                     "--no-default-rules",
                                     "--rules",
                                     (dir_ / "gov.rules").string(),
                                     "--waivers",
                                     path,
                                     doc};
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    int code_returned = cli::Run(static_cast<int>(argv.size()), argv.data(), out, err);
    EXPECT_EQ(code_returned, cli::kExitCannotCheck);
    EXPECT_NE(out.str().find("[" + code + "]"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("bad.xml:"), std::string::npos) << out.str();
  }
}

TEST_F(GovernanceTest, FingerprintsSurviveReformattingAndReordering) {
  report::Report original = Check(Write("a.xml", kProposal));
  // Same content: reformatted, attributes and siblings reordered, a comment added.
  report::Report reformatted = Check(Write("b.xml", R"(<proposal>
  <!-- neu formatiert -->
  <component
      id="db"/>

  <component id="portal"/>
  <metadata submissionDate="2026-06-15" id="BMX-2026-001"/>
</proposal>)"));
  std::set<std::string> before, after;
  for (const report::Finding& f : original.documents[0].findings) before.insert(f.fingerprint);
  for (const report::Finding& f : reformatted.documents[0].findings) after.insert(f.fingerprint);
  EXPECT_EQ(before.size(), original.documents[0].findings.size());
  EXPECT_EQ(before, after);
  // A real change (another component id) changes that finding's fingerprint only.
  report::Report changed = Check(Write("c.xml", R"(<proposal>
  <metadata id="BMX-2026-001" submissionDate="2026-06-15"/>
  <component id="portal"/>
  <component id="database"/>
</proposal>)"));
  std::set<std::string> now;
  for (const report::Finding& f : changed.documents[0].findings) now.insert(f.fingerprint);
  std::vector<std::string> common;
  std::set_intersection(before.begin(), before.end(), now.begin(), now.end(),
                        std::back_inserter(common));
  EXPECT_EQ(common.size(), before.size() - 1);
  // Another proposal id: every fingerprint differs.
  std::string other = kProposal;
  other.replace(other.find("BMX-2026-001"), 12, "BMX-2026-002");
  report::Report renamed = Check(Write("d.xml", other));
  for (const report::Finding& f : renamed.documents[0].findings) {
    EXPECT_EQ(before.count(f.fingerprint), 0u) << f.rule_id;
  }
  const report::Finding* db = FindingAt(original.documents[0], "R-MISSING", "component[2]");
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->stable_path, "/proposal/component[@id='db']");
}

TEST_F(GovernanceTest, BaselineStatesAndFailOnNew) {
  std::string before = Write("before.xml", kProposal);
  std::vector<std::string> args = {"konform",
                                   "check",
                                   "--no-default-rules",
                                   "--rules",
                                   (dir_ / "gov.rules").string(),
                                   "--format",
                                   "json",
                                   "-o",
                                   (dir_ / "base.json").string(),
                                   before};
  auto run = [](const std::vector<std::string>& a, std::string* out_text = nullptr) {
    std::vector<const char*> argv;
    for (const std::string& s : a) argv.push_back(s.c_str());
    std::ostringstream out, err;
    int code = cli::Run(static_cast<int>(argv.size()), argv.data(), out, err);
    if (out_text) *out_text = out.str();
    return code;
  };
  EXPECT_EQ(run(args), cli::kExitNotApprovable);
  // The revision fixes the portal and adds a new component without owner.
  std::string after = Write("after.xml", R"(<proposal>
  <metadata id="BMX-2026-001" submissionDate="2026-06-15"/>
  <component id="portal"><owner>A</owner></component>
  <component id="db"/>
  <component id="cache"/>
</proposal>)");
  engine::EngineOptions options;
  options.baseline_path = (dir_ / "base.json").string();
  report::Report report = Check(after, options);
  const report::DocumentReport& d = report.documents[0];
  EXPECT_EQ(FindingAt(d, "R-MISSING", "component[2]")->baseline, report::BaselineState::kUnchanged);
  EXPECT_EQ(FindingAt(d, "R-MISSING", "component[3]")->baseline, report::BaselineState::kNew);
  EXPECT_EQ(FindingAt(d, "R-LEGAL", "/proposal")->baseline, report::BaselineState::kUnchanged);
  ASSERT_EQ(d.fixed.size(), 1u);
  EXPECT_EQ(d.fixed[0].rule_id, "R-MISSING");
  EXPECT_EQ(d.fixed[0].baseline, report::BaselineState::kAbsent);

  // With --fail-on-new only the new finding counts; fixing it makes the check pass.
  std::vector<std::string> again = {"konform",
                                    "check",
                                    "--no-default-rules",
                                    "--rules",
                                    (dir_ / "gov.rules").string(),
                                    "--baseline",
                                    (dir_ / "base.json").string(),
                                    "--fail-on-new",
                                    after};
  EXPECT_EQ(run(again), cli::kExitNotApprovable);
  again.back() = Write("after2.xml", kProposal);
  EXPECT_EQ(run(again), cli::kExitApprovable);
  // A baseline that is not a konform report is refused.
  again[again.size() - 3] = Write("not-a-report.json", "{\"hello\": 1}");
  std::string out;
  EXPECT_EQ(run(again, &out), cli::kExitCannotCheck);
  EXPECT_NE(out.find("[K7001]"), std::string::npos) << out;
}

TEST_F(GovernanceTest, ProfilesSelectRulesAndOverrideSeverities) {
  std::string doc = Write("p.xml", kProposal);
  report::Report all = Check(doc);
  EXPECT_EQ(all.rules.size(), 4u);
  engine::EngineOptions self_check;
  self_check.profile = "self-check";
  report::Report self = Check(doc, self_check);
  EXPECT_EQ(self.rules.size(), 3u);
  EXPECT_EQ(self.profile, "self-check");
  const report::DocumentReport& d = self.documents[0];
  EXPECT_EQ(FindingAt(d, "R-LEGAL", "/proposal"), nullptr);
  EXPECT_EQ(FindingAt(d, "R-MISSING", "component[1]")->severity, Severity::kWarning);
  EXPECT_EQ(d.verdict, report::Verdict::kApprovableWithConditions);

  engine::EngineOptions final_approval;
  final_approval.profile = "final-approval";
  report::Report strict = Check(doc, final_approval);
  EXPECT_EQ(FindingAt(strict.documents[0], "R-WARN", "/proposal")->severity, Severity::kError);

  engine::EngineOptions unknown;
  unknown.profile = "nope";
  unknown.default_rules = false;
  unknown.rule_paths = {(dir_ / "gov.rules").string()};
  engine::Engine engine(unknown);
  EXPECT_FALSE(engine.LoadRules());
  ASSERT_FALSE(engine.diagnostics().empty());
  EXPECT_EQ(engine.diagnostics()[0].code, "K5004");
}

TEST_F(GovernanceTest, AsOfDecidesWhichRulesAreInForce) {
  // Submitted 2026-06-15: R-NEW (from 2026-07-01) does not apply yet.
  std::string doc = Write("p.xml", kProposal);
  report::Report by_submission = Check(doc);
  EXPECT_EQ(by_submission.documents[0].as_of, "2026-06-15");
  EXPECT_EQ(FindingAt(by_submission.documents[0], "R-NEW", "/proposal"), nullptr);
  engine::EngineOptions later;
  later.as_of = ParseIsoDate("2026-07-01");
  report::Report in_force = Check(doc, later);
  EXPECT_EQ(in_force.documents[0].as_of, "2026-07-01");
  EXPECT_NE(FindingAt(in_force.documents[0], "R-NEW", "/proposal"), nullptr);
}

TEST_F(GovernanceTest, EvidenceRecordsHashes) {
  std::string doc = Write("p.xml", kProposal);
  engine::EngineOptions options;
  options.waivers_path = Write(
      "w.xml", "<waivers>" + Waiver("rule=\"R-MISSING\" expires=\"2026-12-31\"") + "</waivers>");
  report::Report report = Check(doc, options);
  ASSERT_EQ(report.evidence.size(), 2u);
  EXPECT_EQ(report.evidence[0].kind, "rule-pack");
  EXPECT_EQ(report.evidence[0].version, "1");
  EXPECT_EQ(report.evidence[0].sha256.size(), 64u);
  EXPECT_EQ(report.evidence[1].kind, "waivers");
  // sha256 of the proposal text as written above, computed independently (sha256sum).
  EXPECT_EQ(report.documents[0].sha256.size(), 64u);
  EXPECT_NE(report.documents[0].sha256, report.evidence[0].sha256);
}

// Runs the command line in-process; returns the exit code, stdout and stderr in `output`.
int RunCli(const std::vector<std::string>& args, std::string* output = nullptr) {
  std::vector<const char*> argv;
  for (const std::string& s : args) argv.push_back(s.c_str());
  std::ostringstream out, err;
  int code = cli::Run(static_cast<int>(argv.size()), argv.data(), out, err);
  if (output) *output = out.str() + err.str();
  return code;
}

// "CODE message" of each diagnostic of a baseline that is refused.
std::string BaselineProblems(const std::string& path, uint64_t max_bytes) {
  DiagnosticSink sink;
  std::optional<engine::Baseline> baseline = engine::LoadBaseline(path, sink, max_bytes);
  EXPECT_FALSE(baseline.has_value()) << path;
  std::string out;
  for (const Diagnostic& d : sink.diagnostics()) {
    EXPECT_EQ(d.file, path);
    out += (out.empty() ? "" : "; ") + d.code + " " + d.message;
  }
  return out;
}

TEST_F(GovernanceTest, BaselineIsReadLikeADocument) {
  // Neither a FIFO (which would block) nor a device (which never ends) is opened.
  ASSERT_EQ(::mkfifo((dir_ / "fifo.json").c_str(), 0600), 0);
  EXPECT_EQ(BaselineProblems((dir_ / "fifo.json").string(), engine::kMaxBaselineBytes),
            "K5001 cannot read the baseline: not a regular file");
  EXPECT_EQ(BaselineProblems("/dev/zero", engine::kMaxBaselineBytes),
            "K5001 cannot read the baseline: not a regular file");
  fs::create_directory(dir_ / "dir.json");
  EXPECT_EQ(BaselineProblems((dir_ / "dir.json").string(), engine::kMaxBaselineBytes),
            "K5001 cannot read the baseline: not a regular file");
  EXPECT_EQ(BaselineProblems((dir_ / "missing.json").string(), engine::kMaxBaselineBytes),
            "K5001 cannot read the baseline: cannot read file: No such file or directory");
  // Larger than the limit: refused by its size, before it is read.
  std::string doc = Write("p.xml", kProposal);
  const std::string base = (dir_ / "base.json").string();
  ASSERT_EQ(RunCli({"konform", "check", "--no-default-rules", "--rules",
                    (dir_ / "gov.rules").string(), "--format", "json", "-o", base, doc}),
            cli::kExitNotApprovable);
  const uint64_t size = fs::file_size(base);
  EXPECT_EQ(BaselineProblems(base, size - 1), "K5003 cannot read the baseline: file too large (" +
                                                  std::to_string(size) + " bytes; limit " +
                                                  std::to_string(size - 1) + ")");
  DiagnosticSink sink;
  EXPECT_TRUE(engine::LoadBaseline(base, sink, size).has_value());

  // On the command line: nothing is checked, exit code 2, the reason with the file name.
  std::string out;
  EXPECT_EQ(RunCli({"konform", "check", "--no-default-rules", "--rules",
                    (dir_ / "gov.rules").string(), "--baseline", "/dev/zero", doc},
                   &out),
            cli::kExitCannotCheck);
  EXPECT_NE(out.find("/dev/zero: error[K5001]: cannot read the baseline: not a regular file"),
            std::string::npos)
      << out;
}

// `konform test`: a fixture that cannot be read is reported with its name and reason, the
// others are still run, and the exit code is 2.
TEST_F(GovernanceTest, RuleTestsReportFixturesThatCannotBeRead) {
  fs::create_directories(dir_ / "fixtures" / "dir.xml");
  Write("fixtures/good.xml", std::string("<!-- expect: R-MISSING -->\n") + kProposal);
  ASSERT_EQ(::mkfifo((dir_ / "fixtures" / "fifo.xml").c_str(), 0600), 0);
  fs::create_symlink("nowhere.xml", dir_ / "fixtures" / "dangling.xml");
  fs::create_symlink("/dev/zero", dir_ / "fixtures" / "zero.xml");
  fs::create_symlink("loop.xml", dir_ / "fixtures" / "loop.xml");
  Write("fixtures/none.xml", kProposal);  // readable, but without expectations

  engine::EngineOptions options;
  options.default_rules = false;
  options.rule_paths = {(dir_ / "gov.rules").string()};
  engine::Engine engine(std::move(options));
  ASSERT_TRUE(engine.LoadRules());
  const std::string fixtures = (dir_ / "fixtures").string();
  engine::RuleTestRun run = engine::RunRuleTests(engine, {fixtures});
  EXPECT_EQ(run.fixtures.size(), 7u);
  EXPECT_EQ(run.passed, 1u);
  EXPECT_EQ(run.failed, 6u);
  EXPECT_EQ(run.unreadable, 5u);
  std::string failures;
  for (const std::string& f : run.failures) failures += f + "\n";
  for (const char* expected :
       {"/dangling.xml: fixture could not be read: [K5001] cannot read file: No such file or "
        "directory\n",
        "/dir.xml: fixture could not be read: [K5001] not a regular file\n",
        "/fifo.xml: fixture could not be read: [K5001] not a regular file\n",
        "/loop.xml: fixture could not be read: [K5001] cannot read file: Too many levels of "
        "symbolic links\n",
        "/zero.xml: fixture could not be read: [K5001] not a regular file\n",
        "/none.xml:1: fixture has no expectations"}) {
    EXPECT_NE(failures.find(fixtures + expected), std::string::npos) << expected << failures;
  }

  std::string out;
  EXPECT_EQ(RunCli({"konform", "test", "--no-default-rules", "--rules",
                    (dir_ / "gov.rules").string(), fixtures},
                   &out),
            cli::kExitCannotCheck);
  EXPECT_NE(out.find("7 fixtures (5 could not be read)\n1 passed, 6 failed\n"), std::string::npos)
      << out;
  // Only fixtures that fail, all readable: exit code 1 as before.
  fs::remove_all(dir_ / "fixtures");
  Write("fixtures.xml", kProposal);
  EXPECT_EQ(RunCli({"konform", "test", "--no-default-rules", "--rules",
                    (dir_ / "gov.rules").string(), (dir_ / "fixtures.xml").string()},
                   &out),
            cli::kExitNotApprovable);
}

}  // namespace
}  // namespace konform
