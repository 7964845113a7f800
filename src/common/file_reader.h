// Reading an input file whole, with the checks every file konform reads must pass first: it
// is a regular file (a FIFO would block the reader, a device such as /dev/zero never ends),
// and it is not larger than a limit, checked by its size before a byte is read and again
// while reading (the file may grow).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/diagnostic.h"

namespace konform {

// The contents of the regular file at `path` (symlinks followed) if it has at most
// `max_bytes` bytes. Otherwise nullopt, and one error in `sink` with `path` as its file:
//
//   K5001 cannot read file: <reason>       missing, dangling symlink, symlink loop, ...
//   K5001 not a regular file               FIFO, socket, device, directory: never opened
//   K5003 file too large (N bytes; limit M[, see OPTION])   by its size, nothing read
//   K5001 cannot open file: <reason>       e.g. permission denied
//   K5003 file too large (grew while being read)
//   K5001 read error: <reason>
//
// `limit_option` names the option that sets the limit (e.g. "--max-file-size"), if any. The
// file is opened without blocking and checked again after opening, so a file replaced by a
// FIFO between the check and the opening cannot block the run either.
std::optional<std::string> ReadBoundedFile(const std::string& path, uint64_t max_bytes,
                                           DiagnosticSink& sink,
                                           std::string_view limit_option = {});

}  // namespace konform
