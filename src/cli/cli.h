// The `gongkai` command line: serve, migrate, seed-demo, user, audit verify,
// search rebuild, workdays add. Every subcommand that touches data takes --db URL and, when
// the database holds several agencies, --agency CODE.
#pragma once

namespace gk::cli {

// Runs the command line; returns the process exit code (0 success, 1 failure,
// 2 bad usage or a date outside the calendar).
int Main(int argc, char** argv);

}  // namespace gk::cli
