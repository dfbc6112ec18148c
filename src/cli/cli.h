// The `gongkai` command line: the commands of the table in cli.cc (serve,
// migrate, seed-demo, user, audit, check, redact, import, report, archive,
// filing, search, workdays). Every subcommand that touches data takes --db URL
// and, when the database holds several agencies, --agency CODE.
#pragma once

namespace gk::cli {

// Runs the command line; returns the process exit code (0 success, 1 failure,
// 2 bad usage or a date outside the calendar).
int Main(int argc, char** argv);

}  // namespace gk::cli
