#include "ui/compare/comparejob.h"

#include <memory>
#include <QMetaObject>
#include <QString>

namespace poolscope::ui {

CompareJob::CompareJob(QObject* parent) : QObject(parent) {}

CompareJob::~CompareJob()
{
    cancel();
    join();
}

void CompareJob::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

void CompareJob::cancel()
{
    m_cancel.store(true, std::memory_order_relaxed);
}

void CompareJob::start(const Scenario& scenario, int repeat)
{
    cancel();
    join();
    m_cancel.store(false, std::memory_order_relaxed);
    m_scenario = scenario;
    m_repeat = std::max(1, repeat);
    m_result = CompareResult{};
    m_running = true;
    m_thread = std::thread([this, scenario, rounds = m_repeat] {
        // The GUI thread's state changes only in these queued calls; `this` outlives them (the
        // destructor joins this thread, and Qt drops calls queued to a deleted object).
        auto post = [this](auto fn) { QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection); };
        CompareOptions o;
        o.repeat = rounds;
        o.keepEvents = true; // the panes replay them
        o.progress = [&post, this](int done, int total) {
            post([this, done, total] { Q_EMIT progress(done, total); });
        };
        o.cancelled = [this] { return m_cancel.load(std::memory_order_relaxed); };
        try {
            auto result = std::make_shared<CompareResult>(runCompare(scenario, o));
            post([this, result] {
                m_result = std::move(*result);
                m_running = false;
                Q_EMIT finished(m_result.cancelled);
            });
        } catch (const std::exception& e) {
            post([this, why = QString::fromStdString(e.what())] {
                m_running = false;
                Q_EMIT failed(why);
                Q_EMIT finished(true);
            });
        }
    });
}

} // namespace poolscope::ui
