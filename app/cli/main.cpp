// poolscope-cli: headless runs of the executors, with a readable summary or JSON. This file is the
// dispatch; each subcommand is in its own file (app/cli/commands.h).

#include "app/cli/commands.h"
#include "core/run/shutdown.h"
#include "core/version.h"

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

using namespace poolscope;
using namespace poolscope::cli;

int main(int argc, char** argv)
try {
    // SIGTERM / SIGINT / SIGHUP: the run's worker processes are killed and reaped and the exit
    // status is 128 + the signal (the file workload's files have no name, nothing else is left).
    onTerminationSignal([](int sig) {
        std::fprintf(stderr, "\npoolscope-cli: %s: the run was stopped\n", sigdescr_np(sig));
        exitAfterSignal(sig);
    });
    std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty() || words[0] == "help" || words[0] == "--help" || words[0] == "-h") {
        std::fputs(usage().c_str(), words.empty() ? stderr : stdout);
        return words.empty() ? 2 : 0;
    }
    if (words[0] == "version" || words[0] == "--version") {
        std::printf("poolscope-cli %s\n", kVersion);
        return 0;
    }
    const std::string command = words[0];
    words.erase(words.begin());
    try {
        if (command == "run")
            return runCommand(words);
        if (command == "compare")
            return compareCommand(words);
        if (command == "sweep")
            return sweepCommand(words);
        if (command == "presets")
            return presetsCommand(words);
        throw FlagError("unknown command '" + command + "' (see 'poolscope-cli help')");
    } catch (const FlagError& e) {
        std::fprintf(stderr, "poolscope-cli: %s\n", e.what()); // one line, as docs/cli.md promises
        return 2;
    } catch (const ScenarioError& e) {
        std::fprintf(stderr, "poolscope-cli: %s\n", e.what());
        return 2;
    }
}
// Whatever a command did not handle still ends in one line and a failure status, not std::terminate.
catch (const std::exception& e) {
    std::fprintf(stderr, "poolscope-cli: %s\n", e.what());
    return 1;
}
