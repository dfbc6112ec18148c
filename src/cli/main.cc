#include "cli/cli.h"

int main(int argc, char** argv) { return gk::cli::Main(argc, argv); }
