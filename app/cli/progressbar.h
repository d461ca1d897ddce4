#pragma once
// poolscope-cli's progress bar: on stderr, only when stderr is a terminal, redrawn every 100 ms
// by its own thread from a counter the run bumps.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace poolscope::cli {

class ProgressBar
{
public:
    ProgressBar(std::string label, std::int64_t total, bool enabled);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;
    std::atomic<std::int64_t>* counter() { return &m_done; }
    // Joins the thread and clears the line (idempotent).
    void stop();

private:
    void loop();

    std::string m_label;
    std::int64_t m_total;
    bool m_enabled;
    std::atomic<std::int64_t> m_done{0};
    std::mutex m_mutex;
    std::condition_variable m_cond;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace poolscope::cli
