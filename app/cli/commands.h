#pragma once
// poolscope-cli's subcommands (docs/cli.md) and what they share. Each takes the words after its
// name; bad flags throw FlagError, a bad scenario ScenarioError (main() prints one line, exit 2).

#include "core/run/runner.h"
#include "core/run/scenarioflags.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace poolscope::cli {

int runCommand(const std::vector<std::string>& argv);     // runcommand.cpp
int compareCommand(const std::vector<std::string>& argv); // comparecommand.cpp
int sweepCommand(const std::vector<std::string>& argv);   // comparecommand.cpp
int presetsCommand(const std::vector<std::string>& argv);

// poolscope-cli help: every command and flag (docs/cli.md).
std::string usage();
// The scenario flags and then a command's own.
std::vector<FlagSpec> with(std::vector<FlagSpec> more);
// The scenario a command runs (core/run/scenarioflags.h), saved when asked.
Scenario scenarioFromArgs(const ScenarioFlags& args, bool workersIsRange = false);
// {"type", "message"} of the exception the caller saw, null when none.
nlohmann::json errorJson(const RunSummary& s);

} // namespace poolscope::cli
