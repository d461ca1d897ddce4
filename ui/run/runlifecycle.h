#pragma once
// The runs behind the window (RunController): the current RunSession and those
// being reset away, which are joined only once they finished, so the GUI thread
// never blocks on an executor; and the generation that tells their frames apart.

#include "ui/run/runsession.h"

#include <QTimer>

#include <memory>
#include <vector>

namespace poolscope::ui {

class EventBridge;

class RunLifecycle
{
public:
    explicit RunLifecycle(EventBridge* bridge);
    ~RunLifecycle(); // joins every run (the window is gone by then)
    RunLifecycle(const RunLifecycle&) = delete;
    RunLifecycle& operator=(const RunLifecycle&) = delete;

    // The run whose frames the window shows, or nullptr.
    RunSession* current() const noexcept { return m_session.get(); }
    // Frames of another generation belong to a run that was reset away.
    std::uint64_t generation() const noexcept { return m_generation; }
    bool shuttingDown() const noexcept { return m_shuttingDown; }
    // Runs not joined yet (the current one and those being reset away).
    int live() const;

    // The current run is aborted and joined later; a new generation drops whatever it still emits.
    void renew();
    // Starts `spec` as the current run of this generation, held at the gate if `paused`.
    void launch(const RunSpec& spec, std::int64_t pacingNs, bool paused);
    // Closing: let every run end (no blocking here; the destructor joins).
    void shutdown();

private:
    void reap();

    EventBridge* m_bridge;
    std::uint64_t m_generation = 0;
    std::unique_ptr<RunSession> m_session;
    std::vector<std::unique_ptr<RunSession>> m_retired;
    QTimer m_reaper;
    bool m_shuttingDown = false;
};

} // namespace poolscope::ui
