#pragma once
// What the compare view's and the sweep's background jobs share: one thread of their own so the
// window keeps drawing, a cancel flag asked between runs, progress and the end reaching the GUI
// thread through queued calls. Cancelling stops before the next run; the run under way finishes and
// its pool shuts down (its workers are joined), so nothing is left behind.

#include <atomic>
#include <functional>
#include <QMetaObject>
#include <QObject>
#include <QString>
#include <thread>

namespace poolscope::ui {

class BackgroundJob : public QObject
{
    Q_OBJECT

public:
    explicit BackgroundJob(QObject* parent = nullptr);
    ~BackgroundJob() override; // cancels and waits for the run under way

    void cancel();
    bool running() const { return m_running; }

Q_SIGNALS:
    void progress(int done, int total);
    void finished(bool cancelled);
    void failed(const QString& message);

protected:
    // Cancels and waits for the work under way, then runs `work` on the job's thread. `work` must
    // touch the job only through post() and stopRequested(): a subclass's members belong to the GUI
    // thread. An exception it throws ends the job with failed(what()).
    void launch(std::function<void()> work);
    bool stopRequested() const { return m_cancel.load(std::memory_order_relaxed); }
    // Runs `fn` on the GUI thread, unless another job was launched meanwhile (what an earlier job
    // posted before it was joined must not land on the next). `this` outlives it: the destructor joins
    // the thread, and Qt drops calls queued to a deleted object.
    template <class Fn> void post(Fn fn)
    {
        QMetaObject::invokeMethod(
            this,
            [this, fn = std::move(fn), generation = m_generation.load(std::memory_order_relaxed)]() mutable {
                if (generation == m_generation.load(std::memory_order_relaxed))
                    fn();
            },
            Qt::QueuedConnection);
    }
    // From the job's thread: posts progress(done, total).
    void postProgress(int done, int total);
    // GUI thread: the job is over.
    void finish(bool cancelled);

private:
    void join();

    std::thread m_thread;
    std::atomic<bool> m_cancel{false};
    std::atomic<int> m_generation{0}; // launches so far: all posts of one happen before the next
    bool m_running = false;
};

} // namespace poolscope::ui
