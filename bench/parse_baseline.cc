// konform_parse_baseline: the floor for konform's throughput.
//
// Reads every *.xml file named on the command line (directories are searched recursively)
// into memory and parses it with pugixml, in place and with the default options, on one
// thread. Nothing else happens: no well-formedness check, no rules, no report. Prints the
// number of files, the bytes parsed, the wall time and the throughput.
//
// Usage: konform_parse_baseline FILE_OR_DIR...

#include <pugixml.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

namespace {

namespace fs = std::filesystem;

// Collects the files to parse: named files as given, *.xml below named directories.
bool CollectInputs(const std::vector<std::string>& args, std::vector<fs::path>& files) {
  for (const std::string& arg : args) {
    std::error_code error;
    if (fs::is_directory(arg, error)) {
      std::vector<fs::path> found;
      for (fs::recursive_directory_iterator it(arg, error), end; !error && it != end;
           it.increment(error)) {
        if (it->is_regular_file(error) && it->path().extension() == ".xml") {
          found.push_back(it->path());
        }
      }
      if (error) {
        std::cerr << "konform_parse_baseline: cannot list " << arg << ": " << error.message()
                  << "\n";
        return false;
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(arg, error)) {
      files.emplace_back(arg);
    } else {
      std::cerr << "konform_parse_baseline: no such file or directory: " << arg << "\n";
      return false;
    }
  }
  return true;
}

// Reads the whole file into `buffer`, reusing its capacity.
bool ReadFile(const fs::path& path, std::vector<char>& buffer) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return false;
  std::streamsize size = in.tellg();
  if (size < 0) return false;
  buffer.resize(static_cast<size_t>(size));
  in.seekg(0);
  return static_cast<bool>(in.read(buffer.data(), size)) || size == 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    std::cerr << "Usage: konform_parse_baseline FILE_OR_DIR...\n"
                 "Reads every *.xml file and parses it with pugixml (in place, parse_default),\n"
                 "single-threaded; prints files, bytes, seconds and MB/s.\n";
    return args.empty() ? 2 : 0;
  }
  std::vector<fs::path> files;
  if (!CollectInputs(args, files)) return 2;

  const auto start = std::chrono::steady_clock::now();
  std::vector<char> buffer;
  uint64_t bytes = 0;
  uint64_t nodes = 0;  // keeps the parse result observable
  size_t failed = 0;
  for (const fs::path& path : files) {
    if (!ReadFile(path, buffer)) {
      std::cerr << "konform_parse_baseline: cannot read " << path.string() << "\n";
      return 2;
    }
    bytes += buffer.size();
    pugi::xml_document document;
    pugi::xml_parse_result result =
        document.load_buffer_inplace(buffer.data(), buffer.size(), pugi::parse_default);
    if (!result) {
      ++failed;
      std::cerr << path.string() << ": " << result.description() << " at offset " << result.offset
                << "\n";
      continue;
    }
    for (pugi::xml_node child = document.document_element().first_child(); child;
         child = child.next_sibling()) {
      ++nodes;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const double megabytes = static_cast<double>(bytes) / 1e6;
  std::printf("files %zu  bytes %llu  seconds %.3f  MB/s %.1f  (sections %llu, failed %zu)\n",
              files.size(), static_cast<unsigned long long>(bytes), seconds,
              seconds > 0 ? megabytes / seconds : 0.0, static_cast<unsigned long long>(nodes),
              failed);
  return failed == 0 ? 0 : 1;
}
