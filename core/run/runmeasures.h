#pragma once
// What the compare view's table shows for one run, and the sentence that states the outcome of two:
// computed here once, from the run's summary and its recorded events, so that `poolscope-cli
// compare --json` and the window show the same numbers.

#include "core/events/event.h"
#include "core/run/csvexport.h"
#include "core/run/runner.h"
#include "core/run/scenario.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace poolscope {

// The stages a median is taken of, in the task inspector's order.
inline constexpr std::array<TaskStageId, 6> kMeasuredStages{TaskStageId::Queued,   TaskStageId::WaitSlot,
                                                            TaskStageId::CallPipe, TaskStageId::Running,
                                                            TaskStageId::GilWait,  TaskStageId::ResultPipe};
// JSON keys of those stages: queued, wait_slot, call_pipe, running, gil_wait, result_pipe.
const char* stageKey(TaskStageId id) noexcept;

struct RunMeasures
{
    std::string mode; // serial, thread, process
    std::int64_t tasks = 0;
    std::int64_t completed = 0;
    int workers = 0;
    double wallS = 0.0;
    double speedup = 0.0; // serial wall / this wall (0 when unknown)
    double cpuUtilization = 0.0;
    std::int64_t pipeBytes = -1; // -1: not counted
    double gilWaitShare = 0.0;
    bool gilOn = false;
    // Median milliseconds per task in each of kMeasuredStages; none when no task went through it
    // (a thread pool has no pipes; the GIL wait counts 0 for a task that never waited, under the GIL).
    std::array<std::optional<double>, kMeasuredStages.size()> stageMedianMs{};
    // Under the GIL: the median of the tasks that waited for it at all, and how many did (the share
    // counts every wait of the threads, also between tasks, where the per-task median cannot see it).
    std::optional<double> gilWaitedMedianMs;
    std::int64_t gilWaitedTasks = 0;
    double runningTotalS = 0.0; // every task's running time, summed
    // Core time per task not spent running a task: (wall x min(workers, cores) - running) / tasks.
    double overheadPerTaskMs = 0.0;
    std::uint64_t eventsNotRecorded = 0; // past the recorder's budget: the stages miss them

    std::optional<double> stageMs(TaskStageId id) const;
};

// `events`: the run's recording (empty: no stage medians). `serialWallS` 0: no speedup.
RunMeasures measureRun(const std::string& mode, int workers, const RunSummary& summary,
                       const std::vector<Event>& events, double serialWallS, unsigned cores);

// What a run file says of its run, as a summary: its outcome, CPU utilization from its CPU time, and
// the GIL wait share from its events (GilAcquire carries the wait); no outcome: only the counts the
// events give.
struct RunOutcome;
RunSummary summaryFromRecording(const Scenario& scenario, const std::vector<Event>& events,
                                const RunOutcome* outcome);

// Why one run beat the other, from the numbers; each rule is in compareVerdict().
enum class VerdictReason : std::uint8_t
{
    None,      // no rule applies: only which was faster and by how much
    GilTurns,  // the GIL thread run waited for the GIL a large share of the time
    IoOverlap, // I/O-bound work: the threads overlapped their waits
    Overhead,  // the slower run spent more per task on overhead than on the work
    Parallel,  // the processes kept more than one core busy
};

struct CompareVerdict
{
    RunMeasures faster, slower;
    bool firstFaster = true; // compareVerdict()'s `a` is `faster`
    double ratio = 1.0;      // slower wall / faster wall
    bool tie = false;        // within 10 %: "about as fast"
    VerdictReason reason = VerdictReason::None;
    std::string workload;
    // Other programs took the cores CPU-bound work needed (core/run/overheadnote.h's busyMachine(), set by
    // the caller, which has the serial runs): the sentence then says the run cannot tell which is faster,
    // instead of a reason drawn from times that are the machine's.
    bool busy = false;
};

// The GIL wait share from which the threads "took turns", and the margin under which two walls tie.
inline constexpr double kGilTurnsShare = 0.2;
inline constexpr double kTieRatio = 1.1;

CompareVerdict compareVerdict(const RunMeasures& a, const RunMeasures& b, const std::string& workload);
// "ProcessPoolExecutor" for process, "ThreadPoolExecutor", "the serial loop".
std::string modeTitle(const std::string& mode);
// The English sentence (the window translates its own from the same verdict).
std::string verdictText(const CompareVerdict& v);
// The same, naming the sides `fasterTitle` and `slowerTitle` (core/run/comparison.h's sideLabel()).
std::string verdictText(const CompareVerdict& v, const std::string& fasterTitle,
                        const std::string& slowerTitle);

} // namespace poolscope
