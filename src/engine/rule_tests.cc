#include "engine/rule_tests.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "common/file_reader.h"

namespace konform::engine {
namespace {

namespace fs = std::filesystem;

std::string Trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    item = Trim(item);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string JoinLines(const std::vector<uint32_t>& lines) {
  std::string out;
  for (uint32_t line : lines) out += (out.empty() ? "" : ", ") + std::to_string(line);
  return out;
}

}  // namespace

FixtureSpec ParseFixtureSpec(const std::string& text) {
  FixtureSpec spec;
  SourceFile source("", text);
  for (size_t at = text.find("<!--"); at != std::string::npos; at = text.find("<!--", at + 4)) {
    size_t end = text.find("-->", at + 4);
    if (end == std::string::npos) break;
    std::string body = Trim(text.substr(at + 4, end - at - 4));
    uint32_t line = source.PosFromOffset(at).line;
    auto directive = [&](const char* name) -> std::optional<std::string> {
      size_t length = std::char_traits<char>::length(name);
      if (body.compare(0, length, name) != 0) return std::nullopt;
      return Trim(body.substr(length));
    };
    if (auto rest = directive("expect-not:")) {
      for (const std::string& id : SplitList(*rest)) {
        spec.expectations.push_back(Expectation{false, id, 0, line});
      }
    } else if (auto rest = directive("expect:")) {
      std::istringstream words(*rest);
      Expectation expectation{true, "", 0, line};
      std::string keyword;
      words >> expectation.rule_id >> keyword;
      if (!keyword.empty()) {
        long value = 0;
        if (keyword != "line" || !(words >> value) || value <= 0) {
          spec.errors.emplace_back(line, "expected 'expect: RULE-ID' or 'expect: RULE-ID line N'");
          continue;
        }
        expectation.line = static_cast<uint32_t>(value);
      }
      if (expectation.rule_id.empty()) {
        spec.errors.emplace_back(line, "'expect:' needs a rule id");
        continue;
      }
      spec.expectations.push_back(expectation);
    } else if (auto rest = directive("as-of:")) {
      spec.as_of = ParseIsoDate(*rest);
      if (!spec.as_of) spec.errors.emplace_back(line, "'as-of:' needs a date YYYY-MM-DD");
    }
  }
  return spec;
}

RuleTestRun RunRuleTests(const Engine& engine, const std::vector<std::string>& paths) {
  RuleTestRun run;
  // "file:line: message", or "file: message" without a line.
  auto fail = [&](const std::string& file, uint32_t line, const std::string& message) {
    ++run.failed;
    run.failures.push_back(file + (line != 0 ? ":" + std::to_string(line) : std::string()) + ": " +
                           message);
  };
  auto unreadable = [&](const std::string& file, const std::string& message) {
    ++run.unreadable;
    fail(file, 0, message);
  };
  for (const std::string& path : paths) {
    std::error_code error;
    if (!fs::is_directory(path, error)) {
      run.fixtures.push_back(path);
      continue;
    }
    // Directory symlinks are not followed (no cycles); a FIFO, device or directory named
    // *.xml is listed and refused when it is read. A directory that cannot be listed ends the
    // listing of this path, and is reported.
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, error);
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (it->path().extension() == ".xml") found.push_back(it->path().string());
    }
    if (error) unreadable(path, "cannot read directory: " + error.message());
    std::sort(found.begin(), found.end());
    run.fixtures.insert(run.fixtures.end(), found.begin(), found.end());
  }

  // Fixtures are read as `konform check` reads documents, with its default limits.
  const uint64_t max_bytes = xml::LoadLimits{}.max_file_bytes;
  for (const std::string& file : run.fixtures) {
    DiagnosticSink read_sink;
    std::optional<std::string> text = ReadBoundedFile(file, max_bytes, read_sink);
    if (!text) {
      for (const Diagnostic& d : read_sink.diagnostics()) {
        unreadable(file, "fixture could not be read: [" + d.code + "] " + d.message);
      }
      continue;
    }
    FixtureSpec spec = ParseFixtureSpec(*text);
    text.reset();
    for (const auto& [line, message] : spec.errors) fail(file, line, message);
    if (spec.expectations.empty()) {
      fail(file, 1, "fixture has no expectations (<!-- expect: ID --> or <!-- expect-not: ID -->)");
      continue;
    }
    report::DocumentReport doc = engine.CheckFile(file, spec.as_of);
    if (doc.verdict == report::Verdict::kNotChecked) {
      for (const report::Problem& problem : doc.problems) {
        // An input/output problem (K5xxx: the file changed after it was read) is a file
        // that could not be read; a malformed fixture is a failing one.
        std::string message =
            "fixture could not be checked: [" + problem.code + "] " + problem.message;
        if (problem.code.rfind("K5", 0) == 0) {
          unreadable(file, message);
        } else {
          fail(file, problem.pos.line, message);
        }
      }
      continue;
    }
    // Lines of each rule's findings; evaluation errors always fail the fixture.
    std::map<std::string, std::vector<uint32_t>> found;
    for (const report::Finding& finding : doc.findings) {
      if (finding.status == report::Status::kError) {
        fail(file, finding.pos.line,
             "rule " + finding.rule_id + " could not be evaluated: " + finding.message);
        continue;
      }
      found[finding.rule_id].push_back(finding.pos.line);
    }
    std::map<std::string, std::vector<uint32_t>> expected_lines;
    std::set<std::string> anywhere;
    std::set<std::string> misplaced;  // already reported as found on the wrong line
    for (const Expectation& e : spec.expectations) {
      if (engine.rules().Find(e.rule_id) == nullptr) {
        fail(file, e.comment_line, "unknown rule " + e.rule_id);
        continue;
      }
      const std::vector<uint32_t>& lines = found[e.rule_id];
      if (!e.expect_finding) {
        if (lines.empty()) {
          ++run.passed;
          run.proven_passing.insert(e.rule_id);
        } else {
          fail(file, e.comment_line,
               "unexpected finding of " + e.rule_id + " at line " + JoinLines(lines));
        }
        continue;
      }
      if (e.line == 0) {
        anywhere.insert(e.rule_id);
      } else {
        expected_lines[e.rule_id].push_back(e.line);
      }
      bool ok = e.line == 0 ? !lines.empty()
                            : std::find(lines.begin(), lines.end(), e.line) != lines.end();
      if (ok) {
        ++run.passed;
        run.proven_failing.insert(e.rule_id);
      } else if (lines.empty()) {
        fail(file, e.comment_line,
             "missing finding of " + e.rule_id +
                 (e.line ? " at line " + std::to_string(e.line) : ""));
      } else {
        misplaced.insert(e.rule_id);
        fail(file, e.comment_line,
             "wrong location for " + e.rule_id + ": expected line " + std::to_string(e.line) +
                 ", found at line " + JoinLines(lines));
      }
    }
    // With every expectation of a rule pinned to lines, other findings are unexpected.
    for (const auto& [rule_id, lines] : expected_lines) {
      if (anywhere.count(rule_id) || misplaced.count(rule_id)) continue;
      for (uint32_t line : found[rule_id]) {
        if (std::find(lines.begin(), lines.end(), line) == lines.end()) {
          fail(file, line, "unexpected finding of " + rule_id + " at line " + std::to_string(line));
        }
      }
    }
  }
  return run;
}

}  // namespace konform::engine
