#pragma once
// The caller's side of one run, written once for poolscope-cli and the window:
// build the pool (thread or process), run the Python the window shows
// (submit + f.result(timeout=T) per future, as_completed, wait or map, inside a
// with-block), kill a worker when the scenario asks, apply on_timeout once the
// caller gave up, and leave the with-block. What happens on the way goes to a
// CallerObserver: the CLI's summary and the GUI's session are two observers.

#include "core/events/event.h"
#include "core/futures/future.h"
#include "core/run/callernotice.h"
#include "core/run/pythonrepr.h" // pythonRepr(), for the observers
#include "core/run/scenario.h"
#include "core/workload/gil.h"

#include <any>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace poolscope {

class Executor;
class ProcessPoolExecutor;

// One outcome the caller took: f.result() returned or raised.
struct TakenOutcome
{
    enum class Kind : std::uint8_t
    {
        Result,
        Exception,
        Cancelled
    };
    Kind kind = Kind::Result;
    std::string type; // Python's exception type, empty for a result
    std::string text; // the result's repr, or the exception's message
};

// Called on the caller's thread, except where said.
class CallerObserver
{
public:
    virtual ~CallerObserver() = default;
    // The pool exists and nothing is submitted yet; `process` is null on a thread pool.
    virtual void poolCreated(const std::shared_ptr<Executor>& /*pool*/,
                             const std::shared_ptr<ProcessPoolExecutor>& /*process*/)
    {
    }
    // A future the run created, carrying `tasks` tasks (a map chunk on the process pool),
    // before the caller waits on it.
    virtual void futureTracked(const FutureCorePtr& /*f*/, std::size_t /*tasks*/) {}
    // The caller took f's outcome (for map: the future's last task was yielded, or it raised).
    virtual void outcomeTaken(const FutureCorePtr& /*f*/, const TakenOutcome& /*outcome*/) {}
    // The exception that reached the caller (or that made the run impossible), when it does:
    // before on_timeout and the with-block's shutdown.
    virtual void callerRaised(const std::string& /*type*/, const std::string& /*message*/) {}
    // For the person watching: what wait() left undone, what on_timeout did, the kill (that one
    // from the thread that killed). A value, so each observer words it in its own language.
    virtual void notice(const CallerNotice& /*notice*/) {}
};

struct CallerLoopOptions
{
    EventStreamPtr events; // null: no event stream
    CallerObserver* observer = nullptr;
    // Tasks still computing when the caller gave up (e.g. counted from the events);
    // null: the futures that are RUNNING.
    std::function<std::int64_t()> runningTasks;
};

struct CallerLoopResult
{
    // Final states once the pool shut down; completed + failed + cancelled + unfinished
    // == tasks. A task a broken pool refused (never submitted) counts as failed.
    std::int64_t completed = 0;
    std::int64_t failed = 0;
    std::int64_t cancelled = 0;
    std::int64_t unfinished = 0;
    std::int64_t notTaken = 0;    // tasks whose outcome never reached the caller
    std::int64_t resultBytes = 0; // bytes of string results the caller received
    std::string errorType;        // the exception that reached the caller; empty: none
    std::string errorMessage;
    std::string firstTaskError; // "Type: message" of the first task exception the caller took
    std::optional<AfterTimeout> afterTimeout;
    bool broken = false;
    std::string brokenMessage;
    std::int32_t killedPid = 0; // the worker kill_worker_after killed, 0 if none
    bool gilOn = false;
    Gil::Stats gil;
};

// Runs `s` (already validated; thread or process pool) on the calling thread and
// returns after the with-block's shutdown(wait=True). Errors end up in the result.
CallerLoopResult runCallerLoop(const Scenario& s, const CallerLoopOptions& options);

} // namespace poolscope
