#include "app/cli/progressbar.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <unistd.h>
#include <utility>

namespace poolscope::cli {

ProgressBar::ProgressBar(std::string label, std::int64_t total, bool enabled)
    : m_label(std::move(label)), m_total(total), m_enabled(enabled && ::isatty(STDERR_FILENO) == 1)
{
    if (m_enabled)
        m_thread = std::thread([this] { loop(); });
}

ProgressBar::~ProgressBar()
{
    stop();
}

void ProgressBar::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cond.notify_one();
    m_thread.join();
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
}

void ProgressBar::loop()
{
    const auto t0 = std::chrono::steady_clock::now();
    std::unique_lock lock(m_mutex);
    while (!m_cond.wait_for(lock, std::chrono::milliseconds(100), [this] { return m_stop; })) {
        const std::int64_t done = std::min(m_done.load(), m_total);
        const double frac = m_total > 0 ? static_cast<double>(done) / static_cast<double>(m_total) : 1.0;
        const int width = 30;
        const int filled = static_cast<int>(frac * width);
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::fprintf(stderr, "\r%s [%.*s%*s] %lld/%lld %.1fs", m_label.c_str(), filled,
                     "##############################", width - filled, "", static_cast<long long>(done),
                     static_cast<long long>(m_total), secs);
        std::fflush(stderr);
    }
}

} // namespace poolscope::cli
