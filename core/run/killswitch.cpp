#include "core/run/killswitch.h"

#include "core/futures/errors.h"
#include "core/process/processpoolexecutor.h"
#include "core/process/taskregistry.h"
#include "core/run/callerloop.h"
#include "core/sync/sharedsync.h"

#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <exception>
#include <string>
#include <vector>

namespace poolscope {

// The contract (docs/cli.md): the SIGKILL lands on a live worker that holds the
// call whose result would carry task result K+1, before it sends it, once the
// results sent before that call (K, or fewer when map's chunks do not end at K)
// reached the pool. That call's future can then only fail, so the pool always
// breaks. Choosing the worker from the parent cannot keep that promise (the one
// picked may have retired, or the last task may be done before the K-th result is
// read), so the workers choose: the first call whose result would pass K keeps it
// and waits, its worker announces itself in shared memory, and the parent kills it
// through the pool.

// In MAP_SHARED memory, mapped before the pool forks: parent and workers see the same words.
struct KillShared
{
    std::atomic<std::int64_t> delivered{0};        // task results the workers sent (or are sending), <= K
    std::atomic<std::uint32_t> claimed{0};         // 1 once a worker became the victim
    std::atomic<std::uint32_t> victim{0};          // its pid (a futex word)
    std::atomic<std::int64_t> deliveredAtClaim{0}; // results sent before it
    std::atomic<std::uint32_t> release{0}; // the run is over: a waiting victim delivers (a futex word)
};
static_assert(std::atomic<std::int64_t>::is_always_lock_free &&
              std::atomic<std::uint32_t>::is_always_lock_free);

namespace {

// The registered "workload" task, copied before any fork (a worker must not take the registry's lock).
const TaskFn& workloadFn()
{
    static const TaskFn fn = *TaskRegistry::global().snapshot()->find("workload");
    return fn;
}

// workload_kill_after(spec_json, index, shared, after, chunk_tasks, last): workload(spec_json,
// index), then, on the call's last task, the handshake above.
std::any killAfterTask(const std::vector<std::any>& args)
{
    if (args.size() != 6)
        throw TypeError(std::string(kKillAfterTask) + "() takes 6 positional arguments but " +
                        std::to_string(args.size()) + " were given");
    std::any value;
    std::exception_ptr error; // a task's exception is a result too: it is sent the same way
    try {
        value = workloadFn()({args[0], args[1]});
    } catch (...) {
        error = std::current_exception();
    }
    if (valueAs<std::int64_t>(args[5]) != 0) {
        // The mapping's address travels as an int; a forked worker has it at the same address.
        const auto address = static_cast<std::uintptr_t>(valueAs<std::int64_t>(args[2]));
        auto* k = reinterpret_cast<KillShared*>(address); // NOLINT(performance-no-int-to-ptr)
        const auto after = valueAs<std::int64_t>(args[3]);
        const auto n = valueAs<std::int64_t>(args[4]);
        // Send while the results sent stay within K; the first call that would pass K is the victim.
        bool send = false;
        std::int64_t d = k->delivered.load(std::memory_order_acquire);
        while (!send && d + n <= after)
            send = k->delivered.compare_exchange_weak(d, d + n, std::memory_order_acq_rel);
        if (!send && k->claimed.exchange(1, std::memory_order_acq_rel) == 0) {
            k->deliveredAtClaim.store(d, std::memory_order_relaxed);
            k->victim.store(static_cast<std::uint32_t>(::getpid()), std::memory_order_release);
            sharedsync::futexWakeAll(k->victim);
            // Wait for the SIGKILL. Deliver after all if the run ends without it or the parent is gone.
            const pid_t parent = ::getppid();
            while (k->release.load(std::memory_order_acquire) == 0 && ::getppid() == parent) {
                const timespec tick{0, 100'000'000};
                sharedsync::futexWait(k->release, 0, &tick);
            }
        }
    }
    if (error)
        std::rethrow_exception(error);
    return value;
}

[[maybe_unused]] const bool g_killAfterRegistered = [] {
    workloadFn();
    TaskRegistry::global().add(kKillAfterTask, TaskFn(&killAfterTask));
    return true;
}();

} // namespace

KillSwitch::KillSwitch(std::int64_t after) : m_after(after)
{
    void* p = ::mmap(nullptr, sizeof(KillShared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        throw PyError("OSError", "mmap: cannot map kill_worker_after's shared words");
    m_shared = new (p) KillShared;
}

KillSwitch::~KillSwitch()
{
    stop();
    m_shared->~KillShared();
    ::munmap(m_shared, sizeof(KillShared));
}

std::int64_t KillSwitch::address() const
{
    return static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(m_shared));
}

void KillSwitch::start(std::shared_ptr<ProcessPoolExecutor> pool, CallerObserver* observer)
{
    m_thread = std::thread([this, pool = std::move(pool), observer] { watch(*pool, observer); });
}

void KillSwitch::arrived(std::int64_t n)
{
    {
        std::lock_guard lock(m_mutex);
        m_arrived += n;
    }
    m_cond.notify_all();
}

void KillSwitch::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cond.notify_all();
    m_shared->release.store(1, std::memory_order_release);
    sharedsync::futexWakeAll(m_shared->release);
    sharedsync::futexWakeAll(m_shared->victim);
    if (m_thread.joinable())
        m_thread.join();
}

bool KillSwitch::stopping()
{
    std::lock_guard lock(m_mutex);
    return m_stop;
}

void KillSwitch::watch(ProcessPoolExecutor& pool, CallerObserver* observer)
{
    std::uint32_t pid = 0;
    while ((pid = m_shared->victim.load(std::memory_order_acquire)) == 0) {
        if (stopping())
            return;
        const timespec tick{0, 50'000'000};
        sharedsync::futexWait(m_shared->victim, 0, &tick);
    }
    const std::int64_t need = m_shared->deliveredAtClaim.load(std::memory_order_relaxed);
    {
        std::unique_lock lock(m_mutex);
        m_cond.wait(lock, [&] { return m_stop || m_arrived >= need; });
        if (m_stop)
            return;
    }
    // A worker forked a moment ago may answer before the pool has it in its table:
    // retry until the pool knows it, unless it is gone (the pool ended it first,
    // e.g. terminate_workers() after a timeout, and reaped it).
    while (!pool.signalWorker(static_cast<pid_t>(pid), SIGKILL)) {
        if (::kill(static_cast<pid_t>(pid), 0) != 0 || stopping())
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    m_killed.store(static_cast<std::int32_t>(pid), std::memory_order_release);
    if (observer)
        observer->notice(WorkerKilled{m_after, static_cast<std::int32_t>(pid), need});
}

} // namespace poolscope
