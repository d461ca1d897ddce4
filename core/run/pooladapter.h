#pragma once
// The two pools behind one seam, so the caller's code (callerloop.cpp) is written once:
// submit one task, map() over all of them, terminate or kill the workers. Each task is
// makeTask(spec, index)() (core/workload/workload.h): in a pool thread, or in a worker
// process as the registered task "workload" (or kill_worker_after's "workload_kill_after").

#include "core/futures/future.h"
#include "core/workload/workload.h"

#include <any>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace poolscope {

class KillSwitch;
class ProcessPoolExecutor;
class ThreadPoolExecutor;

// A task's result as the thread pool's map() yields it (a plain std::any would be
// flattened by the executor's own std::any wrapping).
struct TaskResult
{
    std::any value;
};

// The size of a task's result in bytes (a str's length; 0 for anything else).
std::int64_t resultBytes(const std::any& v);

// map()'s generator as the caller sees it, for either pool. `futures` are what
// map() submitted, in input order, and `sizes` how many inputs each carries
// (1 on the thread pool; the chunk's length on the process pool).
class MapIterator
{
public:
    virtual ~MapIterator() = default;
    virtual std::optional<std::any> next() = 0;
    std::vector<FutureCorePtr> futures;
    std::vector<std::size_t> sizes;
};

class PoolAdapter
{
public:
    virtual ~PoolAdapter() = default;
    virtual FutureCorePtr submit(std::int64_t index) = 0;
    virtual std::unique_ptr<MapIterator> map(std::int64_t tasks, Timeout timeout, int chunksize) = 0;
    // terminate_workers() / kill_workers(); false when the pool cannot (threads).
    virtual bool terminate(bool kill) = 0;

    // Both keep a reference to the pool and the spec: they must outlive the adapter.
    static std::unique_ptr<PoolAdapter> forThreads(ThreadPoolExecutor& pool, const WorkloadSpec& spec);
    // `kill` (may be null) turns on kill_worker_after's handshake.
    static std::unique_ptr<PoolAdapter> forProcesses(ProcessPoolExecutor& pool, const WorkloadSpec& spec,
                                                     const KillSwitch* kill);
};

} // namespace poolscope
