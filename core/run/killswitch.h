#pragma once
// kill_worker_after (docs/cli.md): a SIGKILL on a live worker that holds the call whose
// result would carry task result K+1, before it sends it, once the results sent before
// that call reached the pool. The workers choose the victim through words in shared
// memory (killswitch.cpp says how); this is the parent's half: it maps those words and
// runs the thread that kills the victim through the pool.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace poolscope {

class CallerObserver;
class ProcessPoolExecutor;
struct KillShared;

// The task the process pool runs instead of "workload" when a scenario kills a worker:
// workload_kill_after(spec_json, index, shared, after, chunk_tasks, last).
inline constexpr const char* kKillAfterTask = "workload_kill_after";

class KillSwitch
{
public:
    explicit KillSwitch(std::int64_t after); // maps the shared words: before the pool forks
    ~KillSwitch();                           // after every worker is gone
    KillSwitch(const KillSwitch&) = delete;
    KillSwitch& operator=(const KillSwitch&) = delete;

    // The shared words' address, as the task's `shared` argument (the workers inherit the mapping).
    std::int64_t address() const;
    std::int64_t after() const { return m_after; }
    std::int32_t killedPid() const { return m_killed.load(std::memory_order_acquire); }

    void start(std::shared_ptr<ProcessPoolExecutor> pool, CallerObserver* observer);
    // A done callback (the manager thread): n task results reached the pool.
    void arrived(std::int64_t n);
    // After the with-block: every worker is gone.
    void stop();

private:
    bool stopping();
    void watch(ProcessPoolExecutor& pool, CallerObserver* observer);

    const std::int64_t m_after;
    KillShared* m_shared = nullptr;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_cond;
    std::int64_t m_arrived = 0;
    bool m_stop = false;
    std::atomic<std::int32_t> m_killed{0};
};

} // namespace poolscope
