#include "common/file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace konform {
namespace {

void Problem(DiagnosticSink& sink, const std::string& path, const char* code, std::string message) {
  Diagnostic d;
  d.code = code;
  d.file = path;
  d.message = std::move(message);
  sink.Report(std::move(d));
}

std::string Reason(int error) { return std::strerror(error); }

// Closes the descriptor when the read ends, however it ends.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::optional<std::string> ReadBoundedFile(const std::string& path, uint64_t max_bytes,
                                           DiagnosticSink& sink, std::string_view limit_option) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    Problem(sink, path, "K5001", "cannot read file: " + Reason(errno));
    return std::nullopt;
  }
  if (!S_ISREG(info.st_mode)) {
    Problem(sink, path, "K5001", "not a regular file");
    return std::nullopt;
  }
  if (static_cast<uint64_t>(info.st_size) > max_bytes) {
    Problem(sink, path, "K5003",
            "file too large (" + std::to_string(info.st_size) + " bytes; limit " +
                std::to_string(max_bytes) +
                (limit_option.empty() ? "" : ", see " + std::string(limit_option)) + ")");
    return std::nullopt;
  }
  // O_NONBLOCK: should the path have become a FIFO since stat, opening it must not wait for
  // a writer. It changes nothing for reading a regular file.
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0) {
    Problem(sink, path, "K5001", "cannot open file: " + Reason(errno));
    return std::nullopt;
  }
  if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
    Problem(sink, path, "K5001", "not a regular file");
    return std::nullopt;
  }
  std::string text;
  text.reserve(static_cast<size_t>(
      std::min<uint64_t>(static_cast<uint64_t>(std::max<off_t>(info.st_size, 0)), max_bytes)));
  // Read what is there, but keep no more than the limit: the file may grow while we read.
  char chunk[1 << 16];
  for (;;) {
    ssize_t got = ::read(fd.get(), chunk, sizeof chunk);
    if (got < 0) {
      if (errno == EINTR) continue;
      Problem(sink, path, "K5001", "read error: " + Reason(errno));
      return std::nullopt;
    }
    if (got == 0) break;
    if (static_cast<uint64_t>(got) > max_bytes - text.size()) {
      Problem(sink, path, "K5003", "file too large (grew while being read)");
      return std::nullopt;
    }
    text.append(chunk, static_cast<size_t>(got));
  }
  return text;
}

}  // namespace konform
