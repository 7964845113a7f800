// libFuzzer target: arbitrary bytes as a proposal, checked against the built-in rule packs
// exactly as `konform check FILE` does (engine::Engine with default options: read, parse,
// facts, evaluation, fingerprints, waiver requests, verdict), then rendered by every report
// writer, since finding messages carry document text into each output format.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include "engine/engine.h"
#include "report/writer.h"

namespace konform {
namespace {

struct Fixture {
  engine::Engine engine{[] {
    engine::EngineOptions options;
    options.jobs = 1;
    return options;
  }()};
  report::Report empty_report;
  std::string path;

  Fixture() {
    if (!engine.LoadRules()) {
      std::fprintf(stderr, "fuzz_check: the built-in rule packs do not compile\n");
      std::abort();
    }
    empty_report = engine.NewReport();
    // The engine reads documents from files; one scratch file per process (libFuzzer's
    // -jobs/-fork run several), in memory where the system offers it.
    const char* dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    path = std::string(dir) + "/konform-fuzz-check-" + std::to_string(getpid()) + ".xml";
  }
  ~Fixture() { std::remove(path.c_str()); }
};

Fixture& GetFixture() {
  static Fixture fixture;
  return fixture;
}

void CheckOne(const uint8_t* data, size_t size) {
  Fixture& f = GetFixture();
  {
    std::ofstream out(f.path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) {
      std::fprintf(stderr, "fuzz_check: cannot write %s\n", f.path.c_str());
      std::abort();
    }
  }
  report::DocumentReport document = f.engine.CheckFile(f.path);
  // The writers render the whole rule catalogue for every report, which is the same for
  // every input; only the rules with findings are kept so that time goes to the document.
  std::set<std::string> ids;
  for (const report::Finding& finding : document.findings) ids.insert(finding.rule_id);
  report::Report report = f.empty_report;
  report.rules.clear();
  for (const report::RuleInfo& rule : f.empty_report.rules) {
    if (ids.count(rule.id) != 0) report.rules.push_back(rule);
  }
  report.documents.push_back(std::move(document));
  for (const char* name :
       {"text", "json", "sarif", "junit", "svrl", "html", "md", "github", "gitlab"}) {
    std::optional<report::Format> format = report::ParseFormat(name);
    if (!format) continue;  // a writer this build does not have
    for (bool quiet : {false, true}) {
      std::ostringstream out;
      report::WriteOptions options;
      options.color = !quiet;
      options.quiet = quiet;
      report::Write(*format, report, options, out);
      if (*format != report::Format::kText) break;  // quiet and colour are text-only
    }
  }
}

}  // namespace
}  // namespace konform

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  konform::CheckOne(data, size);
  return 0;
}
