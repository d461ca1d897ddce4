#include "runner.h"

#include "threadpoolexecutor.h"

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

} // namespace poolscope
