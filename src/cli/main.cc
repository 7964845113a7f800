#include <malloc.h>

#include <exception>
#include <iostream>

#include "cli/app.h"

int main(int argc, char** argv) {
  // Each document's text and DOM are allocated and freed in turn. By default glibc serves
  // such large blocks with fresh mmap()s and returns them at once, so every document pays
  // for zeroed pages again (a tenth of the run time on the benchmark sets); keeping blocks
  // up to 32 MiB in the heap lets the next document reuse them.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
  try {
    return konform::cli::Run(argc, argv, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "konform: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "konform: internal error\n";
  }
  return konform::cli::kExitInternal;
}
