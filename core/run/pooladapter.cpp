#include "core/run/pooladapter.h"

#include "core/process/processpoolexecutor.h"
#include "core/run/killswitch.h"
#include "core/thread/threadpoolexecutor.h"

#include <algorithm>
#include <string>

namespace poolscope {

std::int64_t resultBytes(const std::any& v)
{
    if (const auto* s = std::any_cast<std::string>(&v))
        return static_cast<std::int64_t>(s->size());
    if (const auto* t = std::any_cast<TaskResult>(&v))
        return resultBytes(t->value);
    return 0;
}

namespace {

class ThreadAdapter final : public PoolAdapter
{
public:
    ThreadAdapter(ThreadPoolExecutor& pool, const WorkloadSpec& spec) : m_pool(pool), m_spec(spec) {}
    FutureCorePtr submit(std::int64_t index) override { return m_pool.submitErased(makeTask(m_spec, index)); }
    std::unique_ptr<MapIterator> map(std::int64_t tasks, Timeout timeout, int chunksize) override
    {
        std::vector<std::int64_t> inputs(static_cast<std::size_t>(tasks));
        for (std::size_t i = 0; i < inputs.size(); ++i)
            inputs[i] = static_cast<std::int64_t>(i);
        const WorkloadSpec spec = m_spec;
        auto it = std::make_unique<Iterator>(m_pool.map(
            [spec](std::int64_t i) { return TaskResult{makeTask(spec, i)()}; }, inputs, timeout, chunksize));
        it->futures = it->results.futures();
        it->sizes.assign(it->futures.size(), 1);
        return it;
    }
    bool terminate(bool) override { return false; }

private:
    struct Iterator final : MapIterator
    {
        explicit Iterator(MapResult<TaskResult> r) : results(std::move(r)) {}
        std::optional<std::any> next() override
        {
            std::optional<TaskResult> v = results.next();
            if (!v)
                return std::nullopt;
            return std::move(v->value);
        }
        MapResult<TaskResult> results;
    };
    ThreadPoolExecutor& m_pool;
    const WorkloadSpec& m_spec;
};

// The process pool runs the registered task "workload": makeTask(spec, index)() in a
// worker process; the spec travels as JSON (with its payload bytes) in every call
// item, and the index beside it. With kill_worker_after the call is
// "workload_kill_after", which adds the handshake's arguments.
class ProcessAdapter final : public PoolAdapter
{
public:
    ProcessAdapter(ProcessPoolExecutor& pool, const WorkloadSpec& spec, const KillSwitch* kill)
        : m_pool(pool), m_json(workloadSpecToJson(spec)), m_kill(kill)
    {
    }
    FutureCorePtr submit(std::int64_t index) override
    {
        return m_pool.submitErased(function(), args(index, 1, true));
    }
    std::unique_ptr<MapIterator> map(std::int64_t tasks, Timeout timeout, int chunksize) override
    {
        std::vector<std::vector<std::any>> calls;
        calls.reserve(static_cast<std::size_t>(tasks));
        const std::int64_t k = std::max(1, chunksize);
        for (std::int64_t i = 0; i < tasks; ++i) {
            const std::int64_t start = i / k * k;
            const std::int64_t end = std::min(tasks, start + k); // the chunks mapErased makes
            calls.push_back(args(i, end - start, i == end - 1));
        }
        ProcessPoolExecutor::MapChunks chunks =
            m_pool.mapErased(function(), std::move(calls), timeout, chunksize);
        std::vector<FutureCorePtr> futures = chunks.futures;
        std::vector<std::size_t> sizes = chunks.sizes;
        auto it = std::make_unique<Iterator>(std::move(chunks));
        it->futures = std::move(futures);
        it->sizes = std::move(sizes);
        return it;
    }
    bool terminate(bool kill) override
    {
        if (kill)
            m_pool.killWorkers();
        else
            m_pool.terminateWorkers();
        return true;
    }

private:
    FunctionRef function() const { return FunctionRef::named(m_kill ? kKillAfterTask : "workload"); }
    std::vector<std::any> args(std::int64_t index, std::int64_t chunkTasks, bool last) const
    {
        if (!m_kill)
            return {std::any(m_json), std::any(index)};
        return {std::any(m_json),          std::any(index),      std::any(m_kill->address()),
                std::any(m_kill->after()), std::any(chunkTasks), std::any(std::int64_t(last ? 1 : 0))};
    }
    struct Iterator final : MapIterator
    {
        explicit Iterator(ProcessPoolExecutor::MapChunks c) : results(std::move(c)) {}
        std::optional<std::any> next() override { return results.next(); }
        ProcessMapResult<std::any> results;
    };
    ProcessPoolExecutor& m_pool;
    std::string m_json;
    const KillSwitch* m_kill;
};

} // namespace

std::unique_ptr<PoolAdapter> PoolAdapter::forThreads(ThreadPoolExecutor& pool, const WorkloadSpec& spec)
{
    return std::make_unique<ThreadAdapter>(pool, spec);
}

std::unique_ptr<PoolAdapter> PoolAdapter::forProcesses(ProcessPoolExecutor& pool, const WorkloadSpec& spec,
                                                       const KillSwitch* kill)
{
    return std::make_unique<ProcessAdapter>(pool, spec, kill);
}

} // namespace poolscope
