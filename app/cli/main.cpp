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
  --pool thread|process    executor to use (default thread)
  --workers N              max_workers (default 2)
  --tasks N                number of tasks (default 100)
  --workload noop|sleep|spin   task body (default noop)
  --task-ms MS             duration of sleep/spin tasks (default 10)
  --submit submit|map      submit() + result() in order, or Executor.map (default submit)
  --chunksize K            map(chunksize=K), with --submit map (default 1; the thread pool ignores it)
  --no-record              do not record events (measures the bare executor)
  --json                   print exactly one JSON object on stdout

process pool flags (--pool process):
  --extra-queued-calls N   call queue = workers + N (default 1, CPython's EXTRA_QUEUED_CALLS)
  --max-tasks-per-child N  a worker exits after N tasks and a fresh one replaces it
  --kill-worker-after N    SIGKILL one worker once N results have arrived (N < --tasks);
                           the pool breaks and the JSON reports "broken": true

exit status: 0 done, 1 the run raised an error or the pool broke, 2 bad usage
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
                                {"no-record", false},
                                {"chunksize"},
                                {"extra-queued-calls"},
                                {"max-tasks-per-child"},
                                {"kill-worker-after"}});
    RunConfig config;
    config.pool = args.choice("pool", "thread", {"thread", "process"});
    config.workers = static_cast<int>(args.integer("workers", 2, 1, 1024));
    config.tasks = args.integer("tasks", 100, 0, 100'000'000);
    config.workload.name = args.choice("workload", "noop", workloadNames());
    config.workload.taskMs = args.number("task-ms", 10.0, 0.0, 3'600'000.0);
    config.submit = args.choice("submit", "submit", {"submit", "map"});
    const bool process = config.pool == "process";
    for (const char* flag : {"extra-queued-calls", "max-tasks-per-child", "kill-worker-after"})
        if (args.has(flag) && !process)
            throw cli::UsageError(std::string("--") + flag + ": only applies to --pool process");
    if (args.has("chunksize") && config.submit != "map")
        throw cli::UsageError("--chunksize: only applies to --submit map");
    config.chunksize = static_cast<int>(args.integer("chunksize", 1, 1, 1'000'000'000));
    config.extraQueuedCalls = static_cast<int>(args.integer("extra-queued-calls", 1, 0, 1'000'000));
    if (args.has("max-tasks-per-child"))
        config.maxTasksPerChild = static_cast<int>(args.integer("max-tasks-per-child", 1, 1, 1'000'000'000));
    if (args.has("kill-worker-after")) {
        config.killWorkerAfter = args.integer("kill-worker-after", 0, 0, 100'000'000);
        if (*config.killWorkerAfter >= config.tasks)
            throw cli::UsageError("--kill-worker-after: " + std::to_string(*config.killWorkerAfter) +
                                  " must be less than --tasks (" + std::to_string(config.tasks) + ")");
    }
    const bool json = args.has("json");
    const bool record = !args.has("no-record");

    auto recorder = std::make_shared<Recorder>();
    EventStreamPtr stream = record ? std::make_shared<EventStream>(recorder) : nullptr;
    RunSummary s = process ? runProcessPool(config, stream) : runThreadPool(config, stream);
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
        j["broken"] = s.broken;
        j["broken_message"] = s.broken ? nlohmann::json(s.brokenMessage) : nlohmann::json(nullptr);
        if (config.submit == "map")
            j["chunksize"] = config.chunksize;
        if (process) {
            j["extra_queued_calls"] = config.extraQueuedCalls;
            j["call_queue_size"] = config.workers + config.extraQueuedCalls;
            j["max_tasks_per_child"] =
                config.maxTasksPerChild ? nlohmann::json(*config.maxTasksPerChild) : nlohmann::json(nullptr);
            j["kill_worker_after"] =
                config.killWorkerAfter ? nlohmann::json(*config.killWorkerAfter) : nlohmann::json(nullptr);
            j["killed_pid"] = s.killedPid ? nlohmann::json(s.killedPid) : nlohmann::json(nullptr);
        }
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
        if (s.killedPid)
            std::printf("killed      worker %d after %lld results\n", s.killedPid,
                        static_cast<long long>(*config.killWorkerAfter));
        if (s.broken)
            std::printf("broken      %s\n", s.brokenMessage.c_str());
        if (!s.errorType.empty())
            std::printf("error       %s: %s\n", s.errorType.c_str(), s.errorMessage.c_str());
    }
    return s.errorType.empty() && !s.broken ? 0 : 1;
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
