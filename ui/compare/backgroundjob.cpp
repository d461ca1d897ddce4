#include "ui/compare/backgroundjob.h"

#include <exception>

namespace poolscope::ui {

BackgroundJob::BackgroundJob(QObject* parent) : QObject(parent) {}

BackgroundJob::~BackgroundJob()
{
    cancel();
    join();
}

void BackgroundJob::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

void BackgroundJob::cancel()
{
    m_cancel.store(true, std::memory_order_relaxed);
}

void BackgroundJob::launch(std::function<void()> work)
{
    cancel();
    join();
    m_cancel.store(false, std::memory_order_relaxed);
    m_generation.fetch_add(1, std::memory_order_relaxed);
    m_running = true;
    m_thread = std::thread([this, work = std::move(work)] {
        try {
            work();
        } catch (const std::exception& e) {
            post([this, why = QString::fromStdString(e.what())] {
                m_running = false;
                Q_EMIT failed(why);
                finish(true);
            });
        }
    });
}

void BackgroundJob::postProgress(int done, int total)
{
    post([this, done, total] { Q_EMIT progress(done, total); });
}

void BackgroundJob::finish(bool cancelled)
{
    m_running = false;
    Q_EMIT finished(cancelled);
}

} // namespace poolscope::ui
