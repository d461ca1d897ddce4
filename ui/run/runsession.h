#pragma once
// One run of an executor for the window: core's caller loop
// (core/run/callerloop.h, the same one poolscope-cli runs) on its own thread,
// observed and posted to the bridge, and interventions (cancel a future, shutdown) on helper threads, because
// the executor may be paused at the gate with its locks held. Plain C++: the
// GUI thread only starts, asks and polls; it never waits on a run.

#include "core/run/runfile.h"
#include "core/run/scenario.h"
#include "ui/model/viewmodel.h"

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

namespace poolscope {
class Executor;
class EventGate;
class ProcessPoolExecutor;
} // namespace poolscope

namespace poolscope::ui {

class EventBridge;

// What the window runs: core's Scenario (the same value poolscope-cli runs,
// loads and saves as JSON, and ships as presets), plus the speed, which only
// the window has.
struct RunSpec
{
    Scenario scenario = defaultScenario();
    double speed = 1.0; // 1 = real time, 0.1 = ten times slower

    // What the window can draw: thread or process pools, up to these sizes.
    static constexpr int kMaxWorkers = 64;
    static constexpr std::int64_t kMaxTasks = 100'000;

    // Empty when valid, else "field: reason" naming the first bad field.
    std::string validate() const;
    PoolKind pool() const { return scenario.pool == "process" ? PoolKind::Process : PoolKind::Thread; }
    bool operator==(const RunSpec&) const = default;

    // A run a class can watch: 12 sleeping tasks on 4 threads, as_completed.
    static Scenario defaultScenario();
};

// The scenario a run at `spec.speed` executes: the scenario itself. Slow motion only
// paces the events on the run clock (core/events/eventgate.h), which stands still while
// the run waits for the pacer, so the work, the timeout and the outcome stay the same.
Scenario slowedScenario(const RunSpec& spec);

class RunSession
{
public:
    RunSession(RunSpec spec, EventBridge* bridge, std::uint64_t generation);
    ~RunSession(); // aborts and joins: only call where blocking is fine (reaper, exit)
    RunSession(const RunSession&) = delete;
    RunSession& operator=(const RunSession&) = delete;

    void start();

    // Interventions: each runs on its own helper thread and returns at once.
    void cancelFuture(std::int64_t taskId);
    void shutdown(bool wait, bool cancelFutures);
    // Process pools only: SIGKILL the worker with this pid.
    bool killWorker(std::int32_t pid);
    bool canKillWorkers() const;

    // Reset / close: cancel what can be cancelled and let the run end quickly.
    void abort();

    // The caller thread and every helper returned (join() is then instant).
    bool finished() const { return m_live.load(std::memory_order_acquire) == 0; }
    void join();

    std::uint64_t generation() const noexcept { return m_generation; }

    const RunSpec& spec() const noexcept { return m_spec; }

    // What the run ended with (the caller's view, as a run file keeps it), once the
    // caller loop returned; none before. CPU time is not measured here (0): the
    // window's own threads share the process.
    std::optional<RunOutcome> outcome() const;

private:
    class Observer;
    void callerMain();
    void helper(std::function<void()> fn);
    // Posts an outcome once per future.
    void post(FutureOutcome outcome);
    // Posts a done future's outcome (for those the caller never took).
    void report(const FutureCorePtr& f);
    void reportRemaining();
    std::shared_ptr<Executor> pool() const;
    std::shared_ptr<ProcessPoolExecutor> processPool() const;

    const RunSpec m_spec;
    EventBridge* m_bridge;
    const std::uint64_t m_generation;

    mutable std::mutex m_mutex;
    std::shared_ptr<EventGate> m_gate; // the run's core gate, or null
    std::shared_ptr<Executor> m_pool;
    std::shared_ptr<ProcessPoolExecutor> m_processPool;
    std::vector<FutureCorePtr> m_futures;
    std::unordered_map<std::int64_t, FutureCorePtr> m_byId;
    std::unordered_map<std::int64_t, bool> m_reported;
    std::thread m_caller;
    std::vector<std::thread> m_helpers;
    std::atomic<int> m_live{0};
    std::atomic<bool> m_aborted{false};
    std::atomic<bool> m_callerDone{false};
    std::optional<RunOutcome> m_outcome; // under m_mutex
};

} // namespace poolscope::ui

// Declared with the type, so every signal carrying it (scenario panel, controller) sees it first.
Q_DECLARE_METATYPE(poolscope::ui::RunSpec)
