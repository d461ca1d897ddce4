#pragma once
// Value types the GUI thread works with: the per-frame snapshot the bridge hands
// over, and the view-model records the scene keeps per task and per worker.
// Plain structs, no QObject: they are unit-tested without a window.

#include "core/events/event.h"
#include "core/futures/future.h"
#include "core/run/callernotice.h"

#include <QMetaType>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace poolscope::ui {

enum class PoolKind : std::uint8_t
{
    Thread,
    Process
};

// What the caller saw when it took a future's outcome (result(), exception()).
// Posted by the run thread; the event stream alone cannot tell a result's value.
struct FutureOutcome
{
    enum class Kind : std::uint8_t
    {
        Result,
        Exception,
        Cancelled
    };
    std::int64_t task = -1;
    Kind kind = Kind::Result;
    std::string type; // exception type name (Python's), empty for results
    std::string text; // result repr or exception message
};

// A run-level message from the session: the exception that reached the caller, what the
// caller loop tells (a value the window words in its language), the answer to a user's
// action, or the end of the run.
struct RunNotice
{
    enum class Kind : std::uint8_t
    {
        CallerError, // type, text: Python's exception
        Finished,
        Caller,         // caller: from the caller loop
        HelperError,    // type, text: an exception a user's action (shutdown, cancel) raised
        CancelReturned, // value: what future.cancel() returned (1: True)
        NotALiveWorker  // value: the pid the user asked to kill
    };
    RunNotice() = default;
    explicit RunNotice(Kind k, std::string t = {}, std::string x = {})
        : kind(k), type(std::move(t)), text(std::move(x))
    {
    }
    Kind kind = Kind::Caller;
    std::string type;
    std::string text;
    std::optional<CallerNotice> caller;
    std::int64_t value = 0;
};

// One frame's worth of what happened, handed from the bridge to the GUI thread
// as immutable shared values (cheap to pass through queued connections).
struct FrameBatch
{
    std::uint64_t generation = 0;
    std::shared_ptr<const std::vector<Event>> events;
    std::shared_ptr<const std::vector<FutureOutcome>> outcomes;
    std::shared_ptr<const std::vector<RunNotice>> notices;
    bool empty() const
    {
        return (!events || events->empty()) && (!outcomes || outcomes->empty()) &&
               (!notices || notices->empty());
    }
};

// Where a task's chip is. Ordered: a chip only ever moves forward, so an event
// delivered late (emitted on another thread just before) cannot pull it back.
enum class ChipPlace : std::uint8_t
{
    Caller,     // submitted, not queued yet
    WorkIds,    // process: in the work ids queue (its item sits in Work Items)
    Manager,    // process: the manager thread took the id
    WorkQueue,  // thread: in the work queue
    CallQueue,  // process: in a call queue slot, not serialized yet
    CallPipe,   // process: serialized, travelling through the call pipe
    Worker,     // picked up by a thread / worker process
    ResultPipe, // process: result serialized, travelling back through the result pipe
    Returned,   // process: the manager thread read the result
    Future,     // resolved: sits in its future at the caller
};

// Final state a future shows once it is done.
enum class FutureFinal : std::uint8_t
{
    None,
    Result,
    Exception,
    Cancelled
};

constexpr std::int64_t kNoTime = -1;

// Everything the GUI knows about one task, built from its events.
struct TaskRecord
{
    std::int64_t id = -1;
    std::int64_t index = -1; // submission order within the run (0-based): "task N" everywhere
    // The process pool's work id (CPython's _queue_count at submit: the key of
    // _pending_work_items and of every call and result item); -1 on a thread pool, which has none.
    std::int64_t workId = -1;
    ChipPlace place = ChipPlace::Caller;
    std::int32_t worker = 0; // thread index or pid that ran it
    FutureStatus status = FutureStatus::Pending;
    FutureFinal final = FutureFinal::None;
    bool raised = false;
    bool gilWaiting = false;

    // Stage timestamps (ns, CLOCK_MONOTONIC), kNoTime when not reached.
    std::int64_t tSubmit = kNoTime;
    std::int64_t tQueued = kNoTime;     // work queue put / work id put
    std::int64_t tDequeued = kNoTime;   // work queue get / work id get (manager)
    std::int64_t tCallQueue = kNoTime;  // call queue put (process)
    std::int64_t tSerialized = kNoTime; // feeder serialized the call item
    std::int64_t tWorkerGet = kNoTime;  // the worker read it from the pipe
    std::int64_t tStart = kNoTime;
    std::int64_t tEnd = kNoTime;
    std::int64_t tResultSerialized = kNoTime;
    std::int64_t tResultRead = kNoTime;
    std::int64_t tResolved = kNoTime;   // FINISHED / CANCELLED
    std::int64_t tGilRequest = kNoTime; // open GIL wait
    std::int64_t gilWaitNs = 0;
    std::int32_t gilWaits = 0;
    std::int64_t callBytes = -1;
    std::int64_t resultBytes = -1;
    // A mixed task's parts (TaskPhase): the time its closed I/O and CPU parts took, and the part
    // it is in (-1: none open, else a TaskPart) since `tPart`. The running stage shows them.
    std::int64_t ioNs = 0;
    std::int64_t cpuNs = 0;
    std::int64_t tPart = kNoTime;
    std::int8_t openPart = -1;
    bool hasParts = false;

    // From the caller, when it took the outcome.
    std::string outcomeType;
    std::string outcomeText;

    bool done() const { return final != FutureFinal::None; }
    bool operator==(const TaskRecord&) const = default;
};

enum class WorkerState : std::uint8_t
{
    Starting,
    Idle,
    Running,
    GilWait,
    Exited,
    Killed
};

struct WorkerRecord
{
    std::int32_t id = 0; // thread index (1-based) or pid
    WorkerState state = WorkerState::Starting;
    std::int64_t task = -1;
    std::int64_t tasksDone = 0;
    std::int64_t since = kNoTime; // when the current state began
    bool holdsGil = false;
    bool dropRequested = false;
    std::int64_t exitCode = 0;
    std::int64_t exitReason = -1;
    bool operator==(const WorkerRecord&) const = default;
};

// One row of the task inspector.
struct Stage
{
    enum class Id : std::uint8_t
    {
        Queued,
        WaitSlot,
        CallPipe,
        Running,
        GilWait,
        ResultPipe,
        Resolved
    };
    Id id = Id::Queued;
    std::int64_t start = kNoTime;
    std::int64_t end = kNoTime; // kNoTime: still in it (or a point in time for Resolved)
    std::int64_t bytes = -1;
    std::int32_t worker = 0;
    std::int32_t count = 0; // GIL waits
    // Running, a mixed task only (hasParts): its closed I/O and CPU parts, and the one still open
    // (-1: none) since partStart.
    bool hasParts = false;
    std::int64_t ioNs = 0;
    std::int64_t cpuNs = 0;
    std::int8_t openPart = -1;
    std::int64_t partStart = kNoTime;
};

// Stages of `task` for the inspector; `now` closes stages still open.
std::vector<Stage> taskStages(const TaskRecord& task, PoolKind pool);

} // namespace poolscope::ui

Q_DECLARE_METATYPE(poolscope::ui::FrameBatch)
