#include <exception>
#include <iostream>

#include "cli/app.h"

int main(int argc, char** argv) {
  try {
    return konform::cli::Run(argc, argv, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "konform: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "konform: internal error\n";
  }
  return konform::cli::kExitInternal;
}
