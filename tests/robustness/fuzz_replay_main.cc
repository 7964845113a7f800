// Runs a libFuzzer target's entry point over files and directories, so that ctest replays the
// fuzzers' seeds and every input they found (tests/robustness/corpus/) in the ordinary and
// sanitizer builds, without clang or libFuzzer.
//   fuzz_xml_replay [--suffix=.xml] PATH...
// Directories are searched recursively for files ending in the suffix; files named on the
// command line are always run. Each input's name is printed before it runs, so a crash names
// its input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::string suffix;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--suffix=", 0) == 0) {
      suffix = arg.substr(9);
      continue;
    }
    if (!fs::is_directory(arg)) {
      inputs.push_back(arg);
      continue;
    }
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(arg)) {
      const std::string path = entry.path().string();
      if (entry.is_regular_file() && path.size() >= suffix.size() &&
          path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
        inputs.push_back(path);
      }
    }
  }
  std::sort(inputs.begin(), inputs.end());
  for (const std::string& path : inputs) {
    std::printf("%s\n", path.c_str());
    std::fflush(stdout);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", path.c_str());
      return 1;
    }
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(data.data()), data.size());
  }
  std::printf("%zu inputs replayed\n", inputs.size());
  return inputs.empty() ? 1 : 0;
}
