#pragma once
// CSV exports of a recorded run, for spreadsheets and notebooks: the per-task stage table (every
// task, every stage the window's inspector and Gantt show, with start and duration) and the event
// log. RFC 4180: CRLF line ends, a field with a comma, quote, CR or LF is quoted and its quotes
// doubled. Pure functions of the events; parseCsv() reads the same dialect back (tests, tools).

#include "core/events/event.h"

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace poolscope {

// The stages of a task, as the window's task inspector names them (ui/model/viewmodel.h Stage::Id).
enum class TaskStageId : std::uint8_t
{
    Queued,     // submitted -> taken from the work queue (thread) / work ids (process)
    WaitSlot,   // process: the manager took the id -> a call queue slot
    CallPipe,   // process: call queue -> the worker read it from the pipe
    Running,    // the callable ran
    GilWait,    // thread pool with the GIL: all of the task's GIL waits, summed (count = how many)
    ResultPipe, // process: result serialized -> the manager read it
    Resolved    // the future became FINISHED or CANCELLED (a point in time)
};

// English, untranslated ("queued", "waiting for a slot", "call queue → pipe", ...).
const char* taskStageName(TaskStageId id) noexcept;

struct TaskStageRow
{
    std::int64_t task = -1;
    std::int64_t index = -1; // the task's order of first appearance in the run (0-based)
    TaskStageId stage = TaskStageId::Queued;
    std::int64_t startNs = -1; // CLOCK_MONOTONIC, as the events
    std::int64_t endNs = -1;   // -1: still in it when the recording ended
    std::int32_t worker = 0;   // thread index or pid, 0 when none
    std::int64_t bytes = -1;   // pickled bytes on the pipe, -1 when not a pipe stage
    std::int32_t count = 0;    // GIL waits (GilWait only)
    // Running, a mixed task only (its TaskPhase events): the time its I/O part and its CPU part
    // took, each closed part summed (a part still open when the recording ended is not counted).
    bool hasParts = false;
    std::int64_t ioNs = 0;
    std::int64_t cpuNs = 0;
};

// Every task's stages, tasks in order of first appearance, stages in the inspector's order.
std::vector<TaskStageRow> taskStageRows(const std::vector<Event>& events);

// task,index,stage,worker,start_ns,duration_ns,bytes,gil_waits,io_ns,cpu_ns: start_ns from the first
// event of the run; duration_ns and bytes are empty when unknown (a stage still open, a non-pipe
// stage); io_ns and cpu_ns are a mixed task's I/O and CPU parts, on its running row only.
std::string stagesCsv(const std::vector<Event>& events);

// seq,time_ns,kind,executor,worker,task,value,value2,held_ns[,description]: time_ns from the first
// event on the run clock, held_ns how long the run had been held at a paused gate by then (the wall
// clock is time_ns + held_ns);
// the description column is there only when `describe` is given (the window passes its event log
// text, which is translated, so core does not own it).
std::string eventsCsv(const std::vector<Event>& events,
                      const std::function<std::string(const Event&)>& describe = {});

// One field, quoted when it must be.
std::string csvField(std::string_view text);

struct CsvError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};
// Rows of fields; throws CsvError("line L: what is wrong") on a stray quote or an unclosed one.
std::vector<std::vector<std::string>> parseCsv(std::string_view text);

} // namespace poolscope
