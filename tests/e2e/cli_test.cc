// End-to-end tests of the command line, run in-process through cli::Run: exit codes, the
// documented errors for bad input, and golden outputs (tests/golden/<case>/).
//
// Golden cases: `args` holds one argument per line (paths relative to the repository root);
// `expected.out`, `expected.err` and `expected.exit` hold what the run must produce. Run with
// KONFORM_UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/app.h"

namespace konform {
namespace {

namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

RunResult RunCli(std::vector<std::string> args) {
  args.insert(args.begin(), "konform");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out, err;
  RunResult result;
  result.exit_code = cli::Run(static_cast<int>(argv.size()), argv.data(), out, err);
  result.out = out.str();
  result.err = err.str();
  return result;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// A fresh directory per test, removed afterwards.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("konform-cli-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    WriteFile(dir_ / "test.rules", kRules);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  std::string Write(const std::string& name, const std::string& text) {
    WriteFile(dir_ / name, text);
    return Path(name);
  }

  RunResult Check(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {
        "check", "--no-default-rules", "--rules", Path("test.rules"), "--color", "never"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunCli(args);
  }

  static constexpr const char* kRules = R"(pack test { area governance }
rule T-ERR "Titel vorhanden" {
  severity error
  source "Test"
  require exists(/proposal/title)
  at /proposal/title
  message "Titel fehlt."
}
rule T-WARN "Kurzbeschreibung vorhanden" {
  severity warning
  source "Test"
  require exists(/proposal/summary)
  message "Kurzbeschreibung fehlt."
}
rule T-NUM "Budget ist eine Zahl" {
  severity info
  source "Test"
  when exists(/proposal/@budget)
  require /proposal/@budget > 0
  message "Budget ist nicht positiv."
}
)";

  fs::path dir_;
};

const char* kClean = "<proposal><title>A</title><summary>B</summary></proposal>\n";
const char* kWarningOnly = "<proposal><title>A</title></proposal>\n";
const char* kError = "<proposal>\n  <summary>B</summary>\n</proposal>\n";

TEST_F(CliTest, ExitCodesFollowTheVerdict) {
  EXPECT_EQ(Check({Write("clean.xml", kClean)}).exit_code, 0);
  EXPECT_EQ(Check({Write("warn.xml", kWarningOnly)}).exit_code, 0);
  EXPECT_EQ(Check({"--fail-on", "warning", Path("warn.xml")}).exit_code, 1);
  RunResult error = Check({Write("error.xml", kError)});
  EXPECT_EQ(error.exit_code, 1);
  EXPECT_NE(error.out.find("error.xml:1:1: error[T-ERR] Titel fehlt."), std::string::npos)
      << error.out;
  EXPECT_NE(error.out.find("nicht freigabefähig"), std::string::npos);
  EXPECT_EQ(Check({"--fail-on", "never", Path("error.xml")}).exit_code, 0);
}

TEST_F(CliTest, EvaluationErrorBlocksApproval) {
  RunResult result = Check({Write("bad-number.xml",
                                  "<proposal budget=\"viel\"><title>A</title>"
                                  "<summary>B</summary></proposal>")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("error[T-NUM] Regel nicht auswertbar"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("'viel' is not a number"), std::string::npos) << result.out;
}

TEST_F(CliTest, QuantifierInsideALetUsedInWhen) {
  // Regression: a let's frame had no variable slots, so its quantifier wrote out of bounds.
  Write("let.rules", R"(pack p { area governance }
let big = some $y in /proposal/year satisfies $y/@amount > 1
rule L-1 "Titel" {
  severity error
  source "Test"
  when big
  require exists(/proposal/title)
  message "Titel fehlt."
})");
  RunResult result = RunCli({"check", "--no-default-rules", "--rules", Path("let.rules"), "--color",
                             "never", Write("y.xml", "<proposal><year amount=\"5\"/></proposal>")});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("error[L-1] Titel fehlt."), std::string::npos) << result.out;
}

TEST_F(CliTest, EnglishLabels) {
  RunResult result = Check({"--lang", "en", Write("error.xml", kError)});
  EXPECT_NE(result.out.find("not approvable"), std::string::npos) << result.out;
}

struct BadInput {
  const char* name;
  std::string content;
  const char* code;
  const char* location;  // "file:line:col" suffix expected in the output
};

TEST_F(CliTest, BadDocumentsAreReportedWithCodeAndPosition) {
  const std::vector<BadInput> cases = {
      {"malformed.xml", "<proposal>\n  <a></b>\n</proposal>", "K4001", "malformed.xml:2:6"},
      {"empty.xml", "", "K4001", "empty.xml"},
      {"doctype.xml", "<!DOCTYPE proposal>\n<proposal/>", "K4002", "doctype.xml:1:1"},
      {"two-roots.xml", "<a/>\n<b/>", "K4001", "two-roots.xml:2:1"},
      {"duplicate-attribute.xml", "<a x=\"1\" x=\"2\"/>", "K4001", "duplicate-attribute.xml:1:10"},
      {"lt-in-attribute.xml", "<a x=\"<\"/>", "K4001", "lt-in-attribute.xml:1:7"},
      {"bare-ampersand.xml", "<a>Fisch & Chips</a>", "K4001", "bare-ampersand.xml:1:10"},
      {"latin1.xml",
       "<a>Gr\xF6\xDF"
       "e</a>",
       "K4004", "latin1.xml:1:6"},
      {"utf16.xml", std::string("\xFF\xFE<\0a\0/\0>\0", 10), "K4004", "utf16.xml:1:1"},
      {"iso-encoding.xml", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", "K4004",
       "iso-encoding.xml:1:"},
      {"deep.xml", std::string(100000 * 3, ' '), "K4003", "deep.xml:1:"},
  };
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  for (const BadInput& c : cases) {
    SCOPED_TRACE(c.name);
    std::string content = std::string(c.name) == "deep.xml" ? deep : c.content;
    std::string path = Write(c.name, content);
    RunResult result = Check({path});
    EXPECT_EQ(result.exit_code, 2);
    std::string all = result.out + result.err;
    EXPECT_NE(all.find(std::string("[") + c.code + "]"), std::string::npos) << all;
    EXPECT_NE(all.find(c.location), std::string::npos) << all;
    EXPECT_NE(all.find("nicht geprüft"), std::string::npos) << all;
  }
}

TEST_F(CliTest, MissingFileAndEmptyDirectory) {
  RunResult missing = Check({Path("does-not-exist.xml")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.out.find("[K5001]"), std::string::npos) << missing.out;
  fs::create_directories(dir_ / "empty-dir");
  WriteFile(dir_ / "empty-dir" / "notes.txt", "no xml here");
  RunResult empty = Check({Path("empty-dir")});
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.out.find("[K5002]"), std::string::npos) << empty.out;
}

TEST_F(CliTest, RestOfADirectoryIsCheckedDespiteABadFile) {
  fs::create_directories(dir_ / "mixed");
  WriteFile(dir_ / "mixed" / "good.xml", kClean);
  WriteFile(dir_ / "mixed" / "bad.xml", "<proposal>");
  RunResult result = Check({Path("mixed")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.out.find("good.xml: freigabefähig"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("bad.xml: nicht geprüft"), std::string::npos) << result.out;
}

TEST_F(CliTest, BrokenRuleFileStopsBeforeChecking) {
  std::string doc = Write("clean.xml", kClean);
  Write("broken.rules", "rule X-1 \"Titel\" {\n  severity error\n  require (1 = \n}\n");
  RunResult result = RunCli({"check", "--no-default-rules", "--rules", Path("broken.rules"), doc});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("broken.rules:4:1: error[K1001]"), std::string::npos) << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;
}

TEST_F(CliTest, DuplicateRuleIdAcrossFiles) {
  Write("copy.rules", kRules);
  RunResult result = RunCli({"lint", Path("test.rules"), Path("copy.rules")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("error[K2001]: duplicate rule id 'T-ERR'"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("first defined here"), std::string::npos) << result.err;
}

TEST_F(CliTest, LintReportsOk) {
  RunResult result = RunCli({"lint", Path("test.rules")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "ok: 3 rules in 1 pack\n");
}

TEST_F(CliTest, InputsAreNeverModified) {
  std::string path = Write("error.xml", kError);
  auto before = fs::last_write_time(path);
  Check({path, "--format", "json", "-o", Path("report.json")});
  EXPECT_EQ(ReadFile(path), kError);
  EXPECT_EQ(fs::last_write_time(path), before);
  RunResult overwrite = Check({path, "-o", path});
  EXPECT_EQ(overwrite.exit_code, 2);
  EXPECT_NE(overwrite.err.find("would overwrite the input"), std::string::npos);
  EXPECT_EQ(ReadFile(path), kError);
}

TEST_F(CliTest, JsonReportToFile) {
  std::string path = Write("error.xml", kError);
  RunResult result = Check({path, "--format", "json", "-o", Path("report.json")});
  EXPECT_EQ(result.exit_code, 1);
  std::string json = ReadFile(Path("report.json"));
  EXPECT_NE(json.find("\"formatVersion\": 1"), std::string::npos);
  EXPECT_NE(json.find("\"verdict\": \"not-approvable\""), std::string::npos);
  EXPECT_NE(json.find("\"ruleId\": \"T-ERR\""), std::string::npos);
}

TEST_F(CliTest, RuleFixturesReportEveryMismatch) {
  fs::create_directories(dir_ / "fixtures");
  WriteFile(dir_ / "fixtures" / "ok.xml",
            "<!-- expect: T-ERR line 3 -->\n<!-- expect-not: T-WARN, T-NUM -->\n"
            "<proposal>\n  <summary>B</summary>\n</proposal>\n");
  WriteFile(dir_ / "fixtures" / "wrong.xml",
            "<!-- expect: T-ERR line 5 -->\n<!-- expect: T-WARN -->\n"
            "<!-- expect-not: T-NUM -->\n<proposal budget=\"0\">\n  <summary>B</summary>\n"
            "</proposal>\n");
  RunResult result =
      RunCli({"test", "--no-default-rules", "--rules", Path("test.rules"), Path("fixtures")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("wrong.xml:1: wrong location for T-ERR: expected line 5, found at "
                            "line 4"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("wrong.xml:2: missing finding of T-WARN"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("wrong.xml:3: unexpected finding of T-NUM at line 4"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("\n3 passed, 3 failed\n"), std::string::npos) << result.out;

  RunResult coverage = RunCli({"test", "--coverage", "--no-default-rules", "--rules",
                               Path("test.rules"), Path("fixtures/ok.xml")});
  EXPECT_EQ(coverage.exit_code, 1);
  EXPECT_NE(coverage.out.find("coverage: 2 rules without a fixture that makes it fail: T-NUM, "
                              "T-WARN"),
            std::string::npos)
      << coverage.out;
  EXPECT_NE(coverage.out.find("coverage: 1 rule without a fixture where it passes: T-ERR"),
            std::string::npos)
      << coverage.out;
}

TEST_F(CliTest, InitWritesTheSkeletonAndNeverOverwrites) {
  RunResult printed = RunCli({"init"});
  EXPECT_EQ(printed.exit_code, 0);
  EXPECT_EQ(printed.out, ReadFile("schema/skeleton.xml"));
  EXPECT_EQ(RunCli({"init", Path("neu.xml")}).exit_code, 0);
  EXPECT_EQ(ReadFile(Path("neu.xml")), printed.out);
  WriteFile(dir_ / "neu.xml", "mein Entwurf");
  RunResult again = RunCli({"init", Path("neu.xml")});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(ReadFile(Path("neu.xml")), "mein Entwurf");
  EXPECT_EQ(RunCli({"init", "--force", Path("neu.xml")}).exit_code, 0);
  // The skeleton is a well-formed proposal that the built-in rules can check.
  EXPECT_NE(RunCli({"check", "--color", "never", Path("neu.xml")}).exit_code, 2);
}

TEST(CliUsage, HelpVersionAndUsageErrors) {
  EXPECT_EQ(RunCli({"--version"}).exit_code, 0);
  RunResult help = RunCli({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Usage: konform"), std::string::npos);
  RunResult check_help = RunCli({"check", "--help"});
  EXPECT_EQ(check_help.exit_code, 0);
  EXPECT_NE(check_help.out.find("--fail-on"), std::string::npos);
  EXPECT_EQ(RunCli({}).exit_code, 2);
  EXPECT_EQ(RunCli({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(RunCli({"check"}).exit_code, 2);
  EXPECT_EQ(RunCli({"check", "--format", "pdf", "x.xml"}).exit_code, 2);
  EXPECT_EQ(RunCli({"check", "--no-such-option", "x.xml"}).exit_code, 2);
  EXPECT_EQ(RunCli({"check", "--as-of", "2026-13-01", "x.xml"}).exit_code, 2);
  EXPECT_EQ(RunCli({"explain", "NO-SUCH-RULE"}).exit_code, 2);
}

// Golden cases over the samples.
class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, MatchesExpectedOutput) {
  const fs::path dir = fs::path("tests/golden") / GetParam();
  std::vector<std::string> args;
  std::istringstream lines(ReadFile(dir / "args"));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) args.push_back(line);
  }
  RunResult result = RunCli(args);
  const bool update = std::getenv("KONFORM_UPDATE_GOLDEN") != nullptr;
  const std::pair<const char*, std::string> outputs[] = {
      {"expected.out", result.out},
      {"expected.err", result.err},
      {"expected.exit", std::to_string(result.exit_code) + "\n"}};
  for (const auto& [file, actual] : outputs) {
    if (update) {
      WriteFile(dir / file, actual);
      continue;
    }
    EXPECT_EQ(ReadFile(dir / file), actual) << "in " << (dir / file).string();
  }
}

std::vector<std::string> GoldenCases() {
  std::vector<std::string> cases;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("tests/golden", error)) {
    if (fs::exists(entry.path() / "args")) cases.push_back(entry.path().filename().string());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Samples, GoldenTest, ::testing::ValuesIn(GoldenCases()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenTest);

}  // namespace
}  // namespace konform
