#include "runner.h"

#include "processpoolexecutor.h"
#include "threadpoolexecutor.h"

#include <csignal>

namespace poolscope {

void countOutcomes(const std::vector<FutureCorePtr>& fs, RunSummary& summary)
{
    for (const auto& f : fs) {
        if (f->cancelled())
            ++summary.cancelled;
        else if (!f->done())
            continue; // cannot happen after shutdown(wait=true); counted as neither
        else if (f->exception(0.0))
            ++summary.failed;
        else
            ++summary.completed;
    }
}

RunSummary runThreadPool(const RunConfig& config, const EventStreamPtr& events)
{
    RunSummary summary;
    ThreadPoolOptions options;
    options.maxWorkers = config.workers;
    options.events = events;
    const std::int64_t t0 = nowNs();
    {
        ThreadPoolExecutor pool(options);
        std::vector<FutureCorePtr> fs;
        fs.reserve(static_cast<std::size_t>(config.tasks));
        try {
            if (config.submit == "map") {
                std::vector<std::int64_t> inputs(static_cast<std::size_t>(config.tasks));
                for (std::size_t i = 0; i < inputs.size(); ++i)
                    inputs[i] = static_cast<std::int64_t>(i);
                const WorkloadSpec spec = config.workload;
                auto results = pool.map([spec](std::int64_t i) { return makeTask(spec, i)(); }, inputs);
                fs = results.futures();
                while (results.next()) {
                }
            } else {
                for (std::int64_t i = 0; i < config.tasks; ++i)
                    fs.push_back(pool.submitErased(makeTask(config.workload, i)));
                for (const auto& f : fs) {
                    try {
                        f->resultAny();
                    } catch (const CancelledError&) {
                    } catch (...) {
                    }
                }
            }
        } catch (...) {
            const ErrorInfo info = describeException(std::current_exception());
            summary.errorType = info.type;
            summary.errorMessage = info.message;
        }
        pool.shutdown(true);
        countOutcomes(fs, summary);
    }
    summary.wallS = static_cast<double>(nowNs() - t0) / 1e9;
    summary.tasksPerS = summary.wallS > 0 ? static_cast<double>(summary.completed) / summary.wallS : 0.0;
    return summary;
}

namespace {
// Kills one worker once `after` results (map: items) have arrived. Done callbacks
// run on the manager thread; signalWorker() goes through the worker's pidfd.
struct KillAfter
{
    ProcessPoolExecutor* pool = nullptr;
    std::int64_t after = 0;
    std::atomic<std::int64_t> arrived{0};
    std::atomic<bool> fired{false};
    std::atomic<std::int32_t> killedPid{0};

    void arrive(std::int64_t n)
    {
        if (arrived.fetch_add(n, std::memory_order_acq_rel) + n >= after)
            fire();
    }
    void fire()
    {
        if (fired.exchange(true, std::memory_order_acq_rel))
            return;
        const auto live = pool->processes();
        if (!live.empty() && pool->signalWorker(live.front().pid, SIGKILL))
            killedPid.store(live.front().pid, std::memory_order_release);
    }
};
} // namespace

RunSummary runProcessPool(const RunConfig& config, const EventStreamPtr& events)
{
    RunSummary summary;
    ProcessPoolOptions options;
    options.maxWorkers = config.workers;
    options.extraQueuedCalls = config.extraQueuedCalls;
    options.maxTasksPerChild = config.maxTasksPerChild;
    options.events = events;
    const std::string spec = workloadSpecToJson(config.workload);
    const std::int64_t t0 = nowNs();
    {
        ProcessPoolExecutor pool(options);
        KillAfter kill;
        kill.pool = &pool;
        kill.after = config.killWorkerAfter.value_or(0);
        const bool killing = config.killWorkerAfter.has_value();
        // One entry per future with the number of tasks it carries (1, or a chunk's size).
        std::vector<std::pair<FutureCorePtr, std::int64_t>> outcomes;
        std::int64_t submitted = 0;
        auto watch = [&](const FutureCorePtr& f, std::int64_t n) {
            outcomes.emplace_back(f, n);
            submitted += n;
            if (killing && kill.after > 0)
                f->addDoneCallback([&kill, n](const FutureCorePtr&) { kill.arrive(n); });
            else if (killing && submitted == n)
                kill.fire(); // --kill-worker-after 0: as soon as the workers exist
        };
        try {
            if (config.submit == "map") {
                std::vector<std::vector<std::any>> calls;
                calls.reserve(static_cast<std::size_t>(config.tasks));
                for (std::int64_t i = 0; i < config.tasks; ++i)
                    calls.push_back({spec, i});
                ProcessMapResult<std::any> results(
                    pool.mapErased(FunctionRef::named("workload"), std::move(calls), {}, config.chunksize));
                for (std::size_t c = 0; c < results.chunkFutures().size(); ++c)
                    watch(results.chunkFutures()[c], static_cast<std::int64_t>(results.chunkSizes()[c]));
                while (results.next()) {
                }
            } else {
                for (std::int64_t i = 0; i < config.tasks; ++i)
                    watch(pool.submitErased(FunctionRef::named("workload"), {spec, i}), 1);
                for (const auto& [f, n] : outcomes) {
                    try {
                        f->resultAny();
                    } catch (...) {
                        // counted below from the future's final state
                    }
                }
            }
        } catch (...) {
            const ErrorInfo info = describeException(std::current_exception());
            summary.errorType = info.type;
            summary.errorMessage = info.message;
        }
        pool.shutdown(true);
        for (const auto& [f, n] : outcomes) {
            if (f->cancelled())
                summary.cancelled += n;
            else if (!f->done())
                continue; // cannot happen after shutdown(wait=true)
            else if (f->exception(0.0))
                summary.failed += n;
            else
                summary.completed += n;
        }
        summary.failed += config.tasks - submitted; // refused by a broken pool
        summary.broken = pool.broken();
        summary.brokenMessage = pool.brokenReason();
        summary.killedPid = kill.killedPid.load(std::memory_order_acquire);
    }
    summary.wallS = static_cast<double>(nowNs() - t0) / 1e9;
    summary.tasksPerS = summary.wallS > 0 ? static_cast<double>(summary.completed) / summary.wallS : 0.0;
    return summary;
}

} // namespace poolscope
