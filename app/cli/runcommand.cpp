// poolscope-cli run: one scenario, its summary or JSON, and the files it was asked to write.

#include "app/cli/commands.h"
#include "app/cli/progressbar.h"
#include "core/events/recorder.h"
#include "core/futures/future.h"
#include "core/run/csvexport.h"
#include "core/run/runfile.h"
#include "core/run/trace.h"

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <system_error>

namespace poolscope::cli {

using nlohmann::json;

namespace {

json gilJson(const RunSummary& s)
{
    if (!s.gilOn)
        return json(nullptr);
    return {{"switches", s.gil.switches},
            {"drop_requests", s.gil.dropRequests},
            {"forced_drops", s.gil.forcedDrops},
            {"contended_acquisitions", s.gil.contended},
            {"wait_s", static_cast<double>(s.gil.waitNs) / 1e9},
            {"max_wait_ms", static_cast<double>(s.gil.maxWaitNs) / 1e6},
            {"held_s", static_cast<double>(s.gil.heldNs) / 1e9}};
}

json afterTimeoutJson(const RunSummary& s)
{
    if (!s.afterTimeout)
        return json(nullptr);
    const auto& a = *s.afterTimeout;
    return {{"requested", a.requested},
            {"action", a.action},
            {"still_running", a.stillRunning},
            {"cost_s", a.costS},
            {"note", a.note}};
}

// Each future's outcome and run time, from the events (run clock): what a run held at its gate
// must end with exactly as at real speed.
nlohmann::json futuresJson(const std::vector<Event>& events)
{
    struct Outcome
    {
        int status = -1;
        bool ended = false;
        bool raised = false;
        std::int64_t runNs = -1;
    };
    std::map<std::int64_t, Outcome> byTask;
    for (const Event& e : events) {
        if (e.task < 0)
            continue;
        if (e.kind == EventKind::FutureState)
            byTask[e.task].status = static_cast<int>(e.value2);
        else if (e.kind == EventKind::TaskEnd) {
            Outcome& o = byTask[e.task];
            o.ended = true;
            o.raised = e.value2 != 0;
            o.runNs = e.value;
        }
    }
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [task, o] : byTask) {
        if (o.status < 0)
            continue;
        const auto st = static_cast<FutureStatus>(o.status);
        std::string outcome = "pending";
        if (st == FutureStatus::Running)
            outcome = "running";
        else if (st == FutureStatus::Cancelled || st == FutureStatus::CancelledAndNotified)
            outcome = "cancelled";
        else if (st == FutureStatus::Finished)
            outcome = o.ended && !o.raised ? "finished" : "failed";
        out.push_back({{"task", task},
                       {"outcome", outcome},
                       {"run_ms", o.runNs >= 0 ? nlohmann::json(static_cast<double>(o.runNs) / 1e6)
                                               : nlohmann::json(nullptr)}});
    }
    return out;
}

} // namespace

int runCommand(const std::vector<std::string>& argv)
{
    std::vector<FlagSpec> runFlags = {{"save-scenario"},      {"json", false}, {"no-record", false},
                                      {"no-progress", false}, {"trace"},       {"native-trace"},
                                      {"stages-csv"},         {"events-csv"},  {"record-budget-mb"}};
    runFlags.insert(runFlags.end(), ScenarioFlags::gateSpecs().begin(), ScenarioFlags::gateSpecs().end());
    const ScenarioFlags args(argv, with(runFlags));
    const Scenario sc = scenarioFromArgs(args);
    const bool asJson = args.has("json");
    const bool record = !args.has("no-record");
    const std::string tracePath = args.text("trace", "");
    std::string nativePath = args.text("native-trace", "");
    if (!tracePath.empty() && nativePath.empty())
        nativePath = tracePath + ".pstrace";
    const std::string stagesPath = args.text("stages-csv", "");
    const std::string eventsCsvPath = args.text("events-csv", "");
    if (!record && (!tracePath.empty() || !nativePath.empty()))
        throw FlagError("--no-record: --trace and --native-trace need the events");
    if (!record && (!stagesPath.empty() || !eventsCsvPath.empty()))
        throw FlagError("--no-record: --stages-csv and --events-csv need the events");

    const GatePlan gatePlan = args.gatePlan();
    if (gatePlan.active() && !record)
        throw FlagError("--no-record: --pause-at, --step-first and --speed hold the run at its events");
    if (gatePlan.active() && sc.pool == "serial")
        throw FlagError("--pool: --pause-at, --step-first and --speed need a thread or process pool");

    const auto budgetMb = args.integer("record-budget-mb", Recorder::kDefaultBudgetBytes >> 20, 1, 1 << 20);
    auto recorder = std::make_shared<Recorder>(static_cast<std::size_t>(budgetMb) << 20);
    RunOptions options;
    options.record = record;
    if (record)
        options.sink = recorder;
    ProgressBar bar(sc.name + " " + sc.pool, sc.tasks, !args.has("no-progress"));
    options.progress = bar.counter();
    options.gate = gatePlan;
    RunSummary s = runScenario(sc, options);
    bar.stop();
    // Over the recorder's budget the run went on and was counted; only the recording stopped.
    const std::uint64_t dropped = record ? recorder->dropped() : 0;
    if (dropped > 0)
        std::fprintf(
            stderr,
            "poolscope-cli: notice: the recording stopped at %zu events, its memory budget of %zu MiB "
            "spent; %llu later events were not recorded (the summary counts them; --record-budget-mb "
            "raises the budget)\n",
            recorder->size(), recorder->budgetBytes() >> 20, static_cast<unsigned long long>(dropped));

    if (!tracePath.empty() || !nativePath.empty()) {
        RunFile run;
        run.meta = currentRunMeta("poolscope-cli", sc.pool);
        run.scenarioJson = scenarioToJson(sc, -1);
        run.events = recorder->events();
        run.outcome = outcomeFromSummary(s, sc.tasks, dropped);
        TraceMeta meta;
        meta.createdBy = run.meta.createdBy;
        meta.scenarioJson = run.scenarioJson;
        try {
            if (!tracePath.empty())
                writeChromeTrace(tracePath, run.events, meta);
            if (!nativePath.empty())
                writeRunFile(nativePath, run);
        } catch (const TraceError& e) {
            std::fprintf(stderr, "poolscope-cli: %s\n", e.what());
            return 1;
        } catch (const RunFileError& e) {
            std::fprintf(stderr, "poolscope-cli: %s\n", e.what());
            return 1;
        }
    }

    for (const auto& [path, stages] : {std::pair{stagesPath, true}, std::pair{eventsCsvPath, false}}) {
        if (path.empty())
            continue;
        const std::vector<Event> events = recorder->events();
        errno = 0;
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << (stages ? stagesCsv(events) : eventsCsv(events));
        out.close();
        if (!out) {
            std::fprintf(stderr, "poolscope-cli: %s: cannot write it (%s)\n", path.c_str(),
                         std::system_category().message(errno).c_str());
            return 1;
        }
    }

    if (asJson) {
        nlohmann::json j;
        j["scenario"] = sc.name;
        j["pool"] = sc.pool;
        j["workers"] = sc.workers;
        j["workload"] = sc.workload.name;
        j["task_ms"] = sc.workload.taskMs;
        j["submit"] = sc.submit;
        j["chunksize"] = sc.chunksize;
        j["timeout_s"] = sc.timeoutS ? nlohmann::json(*sc.timeoutS) : nlohmann::json(nullptr);
        j["gil"] = sc.pool == "thread" ? nlohmann::json(sc.gil ? "on" : "off") : nlohmann::json(nullptr);
        j["tasks"] = sc.tasks;
        j["completed"] = s.completed;
        j["failed"] = s.failed;
        j["cancelled"] = s.cancelled;
        j["unfinished"] = s.unfinished;
        j["wall_s"] = s.wallS;
        j["tasks_per_s"] = s.tasksPerS;
        j["cpu_s"] = s.cpuUserS + s.cpuSysS;
        j["cpu_utilization"] = s.cpuUtilization;
        j["pipe_bytes"] = s.pipeBytes;
        j["result_bytes"] = s.resultBytes;
        j["gil_wait_share"] = s.gilWaitShare;
        j["gil_stats"] = gilJson(s);
        j["recording"] = record;
        j["events_total"] = s.eventsTotal;
        nlohmann::json byKind = nlohmann::json::object();
        for (int k = 0; k < kEventKindCount; ++k)
            if (s.eventsByKind[static_cast<std::size_t>(k)] > 0)
                byKind[std::string(eventKindName(static_cast<EventKind>(k)))] =
                    s.eventsByKind[static_cast<std::size_t>(k)];
        j["events_by_kind"] = byKind;
        j["events_not_recorded"] = dropped;
        j["error"] = errorJson(s);
        j["first_task_error"] =
            s.firstTaskError.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.firstTaskError);
        j["after_timeout"] = afterTimeoutJson(s);
        j["not_taken"] = s.notTaken;
        j["held_s"] = s.heldS;
        if (record)
            j["futures"] = futuresJson(recorder->events());
        j["broken"] = s.broken;
        j["broken_message"] = s.broken ? nlohmann::json(s.brokenMessage) : nlohmann::json(nullptr);
        if (sc.pool == "process") {
            j["extra_queued_calls"] = sc.extraQueuedCalls;
            j["call_queue_size"] = sc.workers + sc.extraQueuedCalls;
            j["max_tasks_per_child"] =
                sc.maxTasksPerChild > 0 ? nlohmann::json(sc.maxTasksPerChild) : nlohmann::json(nullptr);
            j["kill_worker_after"] =
                sc.killWorkerAfter ? nlohmann::json(*sc.killWorkerAfter) : nlohmann::json(nullptr);
            j["killed_pid"] = s.killedPid ? nlohmann::json(s.killedPid) : nlohmann::json(nullptr);
        }
        j["trace"] = tracePath.empty() && nativePath.empty()
                         ? nlohmann::json(nullptr)
                         : nlohmann::json{{"chrome", tracePath.empty() ? nlohmann::json(nullptr)
                                                                       : nlohmann::json(tracePath)},
                                          {"native", nativePath}};
        std::cout << j.dump() << std::endl;
    } else {
        std::printf("scenario    %s\n", sc.name.c_str());
        std::printf("pool        %s (%d workers)%s\n", sc.pool.c_str(), sc.workers,
                    sc.pool == "thread" ? (sc.gil ? ", GIL on" : ", GIL off") : "");
        std::printf("workload    %s x %lld (%s)\n", sc.workload.name.c_str(),
                    static_cast<long long>(sc.tasks), sc.submit.c_str());
        std::printf("completed   %lld   failed %lld   cancelled %lld", static_cast<long long>(s.completed),
                    static_cast<long long>(s.failed), static_cast<long long>(s.cancelled));
        if (s.unfinished > 0)
            std::printf("   unfinished %lld", static_cast<long long>(s.unfinished));
        if (s.notTaken > 0)
            std::printf("   (the caller took %lld of them)", static_cast<long long>(sc.tasks - s.notTaken));
        std::printf("\n");
        std::printf("wall        %.3f s   %.1f tasks/s   CPU %.2f s (%.2f cores busy)\n", s.wallS,
                    s.tasksPerS, s.cpuUserS + s.cpuSysS, s.cpuUtilization);
        if (s.gilOn)
            std::printf(
                "GIL         %lld switches, %lld forced drops, wait share %.1f%%, longest wait %.1f ms\n",
                static_cast<long long>(s.gil.switches), static_cast<long long>(s.gil.forcedDrops),
                s.gilWaitShare * 100, static_cast<double>(s.gil.maxWaitNs) / 1e6);
        if (sc.pool == "process")
            std::printf("pipes       %lld bytes\n", static_cast<long long>(s.pipeBytes));
        std::printf("events      %llu%s\n", static_cast<unsigned long long>(s.eventsTotal),
                    record ? "" : " (recording off)");
        if (s.killedPid)
            std::printf("killed      worker %d after %lld results\n", s.killedPid,
                        static_cast<long long>(sc.killWorkerAfter.value_or(0)));
        if (s.broken)
            std::printf("broken      %s\n", s.brokenMessage.c_str());
        if (!s.errorType.empty())
            std::printf("error       %s%s%s\n", s.errorType.c_str(), s.errorMessage.empty() ? "" : ": ",
                        s.errorMessage.c_str());
        if (s.afterTimeout)
            std::printf("after it    %s (asked: %s), %lld still running, took %.3f s%s%s\n",
                        s.afterTimeout->action.c_str(), s.afterTimeout->requested.c_str(),
                        static_cast<long long>(s.afterTimeout->stillRunning), s.afterTimeout->costS,
                        s.afterTimeout->note.empty() ? "" : "; ", s.afterTimeout->note.c_str());
        if (!tracePath.empty())
            std::printf("trace       %s (Perfetto / chrome://tracing)\n", tracePath.c_str());
        if (!nativePath.empty())
            std::printf("native      %s\n", nativePath.c_str());
    }
    return s.errorType.empty() && !s.broken ? 0 : 1;
}

} // namespace poolscope::cli
