// scan_page: writes a scanned page drawn by support/scanned_pages.h, for the
// shell tests of commands that read scans.
// Usage: scan_page png|jpg|pdf OUT [--stamp] LINE...
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "support/scanned_pages.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s png|jpg|pdf OUT [--stamp] LINE...\n", argv[0]);
    return 2;
  }
  const std::string kind = argv[1];
  gk::testing::ScanLook look;
  std::vector<std::string> lines;
  for (int i = 3; i < argc; ++i) {
    if (std::strcmp(argv[i], "--stamp") == 0) {
      look.stamp = true;
    } else {
      lines.emplace_back(argv[i]);
    }
  }
  std::string bytes = kind == "png"   ? gk::testing::ScanPng(lines, look)
                      : kind == "jpg" ? gk::testing::ScanJpeg(lines, look)
                      : kind == "pdf" ? gk::testing::ScanPdf(lines, look)
                                      : "";
  if (bytes.empty()) {
    std::fprintf(stderr, "unknown kind %s\n", kind.c_str());
    return 2;
  }
  std::ofstream out(argv[2], std::ios::binary);
  out << bytes;
  return out ? 0 : 1;
}
