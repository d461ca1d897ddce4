// poolscope-cli: headless runs of the executors, with a readable summary or JSON.

#include "cliargs.h"
#include "recorder.h"
#include "runner.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

using namespace poolscope;

namespace {

constexpr const char* kUsage = R"(usage: poolscope-cli <command> [flags]

commands:
  run       run tasks through an executor and print a summary
  help      show this text

run flags:
  --pool thread            executor to use (default thread)
  --workers N              max_workers (default 2)
  --tasks N                number of tasks (default 100)
  --workload noop|sleep|spin   task body (default noop)
  --task-ms MS             duration of sleep/spin tasks (default 10)
  --submit submit|map      submit() + result() in order, or Executor.map (default submit)
  --no-record              do not record events (measures the bare executor)
  --json                   print exactly one JSON object on stdout
)";

int runCommand(const std::vector<std::string>& argv)
{
    const cli::Args args(argv, {{"pool"},
                                {"workers"},
                                {"tasks"},
                                {"workload"},
                                {"task-ms"},
                                {"submit"},
                                {"json", false},
                                {"no-record", false}});
    RunConfig config;
    config.pool = args.choice("pool", "thread", {"thread"});
    config.workers = static_cast<int>(args.integer("workers", 2, 1, 1024));
    config.tasks = args.integer("tasks", 100, 0, 100'000'000);
    config.workload.name = args.choice("workload", "noop", workloadNames());
    config.workload.taskMs = args.number("task-ms", 10.0, 0.0, 3'600'000.0);
    config.submit = args.choice("submit", "submit", {"submit", "map"});
    const bool json = args.has("json");
    const bool record = !args.has("no-record");

    auto recorder = std::make_shared<Recorder>();
    EventStreamPtr stream = record ? std::make_shared<EventStream>(recorder) : nullptr;
    RunSummary s = runThreadPool(config, stream);
    s.eventsTotal = recorder->size();
    s.eventsByKind = recorder->countsByKind();

    if (json) {
        nlohmann::json j;
        j["pool"] = config.pool;
        j["workers"] = config.workers;
        j["workload"] = config.workload.name;
        j["task_ms"] = config.workload.taskMs;
        j["submit"] = config.submit;
        j["tasks"] = config.tasks;
        j["completed"] = s.completed;
        j["failed"] = s.failed;
        j["cancelled"] = s.cancelled;
        j["wall_s"] = s.wallS;
        j["tasks_per_s"] = s.tasksPerS;
        j["recording"] = record;
        j["events_total"] = s.eventsTotal;
        nlohmann::json byKind = nlohmann::json::object();
        for (int k = 0; k < kEventKindCount; ++k)
            if (s.eventsByKind[static_cast<std::size_t>(k)] > 0)
                byKind[std::string(eventKindName(static_cast<EventKind>(k)))] =
                    s.eventsByKind[static_cast<std::size_t>(k)];
        j["events_by_kind"] = byKind;
        j["error"] = s.errorType.empty() ? nlohmann::json(nullptr)
                                         : nlohmann::json{{"type", s.errorType}, {"message", s.errorMessage}};
        std::cout << j.dump() << std::endl;
    } else {
        std::printf("pool        %s (%d workers)\n", config.pool.c_str(), config.workers);
        std::printf("workload    %s x %lld (%s)\n", config.workload.name.c_str(),
                    static_cast<long long>(config.tasks), config.submit.c_str());
        std::printf("completed   %lld   failed %lld   cancelled %lld\n", static_cast<long long>(s.completed),
                    static_cast<long long>(s.failed), static_cast<long long>(s.cancelled));
        std::printf("wall        %.3f s   %.0f tasks/s\n", s.wallS, s.tasksPerS);
        std::printf("events      %llu%s\n", static_cast<unsigned long long>(s.eventsTotal),
                    record ? "" : " (recording off)");
        if (!s.errorType.empty())
            std::printf("error       %s: %s\n", s.errorType.c_str(), s.errorMessage.c_str());
    }
    return s.errorType.empty() ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> words(argv + 1, argv + argc);
    if (words.empty() || words[0] == "help" || words[0] == "--help" || words[0] == "-h") {
        std::fputs(kUsage, words.empty() ? stderr : stdout);
        return words.empty() ? 2 : 0;
    }
    const std::string command = words[0];
    words.erase(words.begin());
    try {
        if (command == "run")
            return runCommand(words);
        throw cli::UsageError("unknown command '" + command + "'");
    } catch (const cli::UsageError& e) {
        std::fprintf(stderr, "poolscope-cli: %s\n(see 'poolscope-cli help')\n", e.what());
        return 2;
    }
}
