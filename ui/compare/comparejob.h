#pragma once
// The compare view's runs in the background: the scenario serially, on the thread pool and on the
// process pool, one after another so they never share the cores, through core/run/comparison.h's
// runCompare() (what `poolscope-cli compare` runs), every run recorded. On a thread of its own so
// the window keeps drawing; progress and the result reach the GUI thread through queued calls.
// Cancelling stops before the next run; the run under way finishes and its pool shuts down (its
// workers are joined), so nothing is left behind.

#include "core/run/comparison.h"

#include <atomic>
#include <QObject>
#include <thread>

namespace poolscope::ui {

class CompareJob : public QObject
{
    Q_OBJECT

public:
    explicit CompareJob(QObject* parent = nullptr);
    ~CompareJob() override; // cancels and waits for the run under way

    // Starts the runs of `scenario` (a running job is cancelled and waited for first).
    void start(const Scenario& scenario, int repeat = 1);
    void cancel();
    bool running() const { return m_running; }
    const Scenario& scenario() const { return m_scenario; }
    int repeat() const { return m_repeat; }
    // The last finished comparison (GUI thread); empty modes until one finished.
    const CompareResult& result() const { return m_result; }

Q_SIGNALS:
    void progress(int done, int total);
    void finished(bool cancelled);
    void failed(const QString& message);

private:
    void join();

    Scenario m_scenario;
    int m_repeat = 1;
    CompareResult m_result;
    std::thread m_thread;
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
};

} // namespace poolscope::ui
