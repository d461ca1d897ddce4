#include "app/cli/commands.h"

#include "core/run/calibration.h"

#include <cstdio>
#include <iostream>

namespace poolscope::cli {

using nlohmann::json;

namespace {

constexpr const char* kUsageTemplate = R"(usage: poolscope-cli <command> [flags]

commands:
  run       run one scenario and print a summary (exit 1 if the caller saw an exception)
  compare   run a scenario serially, on the thread pool and on the process pool, one after another
  sweep     speedup against serial for 1..N workers (threads with and without the GIL, processes)
  presets   list the presets (the tutorial's examples and class-sized variants)
  help      show this text (also --help)
  version   show the version (also --version)

scenario (run, compare, sweep); flags override what --scenario / --preset set:
%SCENARIO%  --save-scenario FILE     write the effective scenario as JSON

run flags:
  --trace FILE             write a Chrome Trace Event JSON (Perfetto) and FILE.pstrace (run file)
  --native-trace FILE      where the run file goes instead (docs/runfile.md)
  --stages-csv FILE        write every task's stages (start, duration) as CSV
  --events-csv FILE        write the event log as CSV
  --no-record              do not record events (measures the bare executor)
  --record-budget-mb MB    memory the recording may use (default 1024); later events are not recorded
  --no-progress            no progress bar on stderr
  --json                   print exactly one JSON object on stdout
%GATE%
exit status: 0 done, 1 the caller saw an exception or the pool broke, 2 bad usage or a bad scenario

compare flags: --repeat N (median of N rounds, default 1), --json,
               --trace PREFIX (each mode's median run as PREFIX-serial|thread|process.pstrace),
               --pair pools|gil|extra-queued-calls|chunksize|workers (the scenario against itself
               across one setting), --against FILE (the scenario against FILE's; with --pair or
               --against, run files are PREFIX-a|b|serial[-b].pstrace)
sweep flags:   --workers 1..N (or N), --repeat N (median of N per point), --json
)";

} // namespace

std::string usage()
{
    std::string u = kUsageTemplate;
    u.replace(u.find("%SCENARIO%"), 10, ScenarioFlags::usage());
    u.replace(u.find("%GATE%"), 6, ScenarioFlags::gateUsage());
    return u;
}

std::vector<FlagSpec> with(std::vector<FlagSpec> more)
{
    std::vector<FlagSpec> base = ScenarioFlags::specs();
    base.insert(base.end(), more.begin(), more.end());
    return base;
}

Scenario scenarioFromArgs(const ScenarioFlags& args, bool workersIsRange)
{
    ScenarioLimits limits;
    limits.workersFlag = !workersIsRange;
    Scenario s = args.scenario(limits);
    if (args.has("save-scenario"))
        saveScenarioFile(s, args.text("save-scenario", ""));
    // After saving (the file stays portable, sized by time); what runs and is printed is the n of this
    // machine.
    resolveTargetMs(s);
    return s;
}

json errorJson(const RunSummary& s)
{
    return s.errorType.empty() ? json(nullptr) : json{{"type", s.errorType}, {"message", s.errorMessage}};
}

int presetsCommand(const std::vector<std::string>& argv)
{
    const ScenarioFlags args(argv, {{"json", false}});
    if (args.has("json")) {
        json list = json::array();
        for (const auto& p : presets())
            list.push_back({{"name", p.name},
                            {"summary", p.summary},
                            {"scenario", json::parse(scenarioToJson(p.scenario, -1))}});
        std::cout << list.dump() << std::endl;
        return 0;
    }
    for (const auto& p : presets())
        std::printf("%-22s %s\n", p.name.c_str(), p.summary.c_str());
    return 0;
}

} // namespace poolscope::cli
