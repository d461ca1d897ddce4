#pragma once
// concurrent.futures.process._ExecutorManagerThread: moves work ids into the
// call queue, waits on the result pipe, the wakeup pipe and every worker's
// sentinel, completes futures (so done callbacks run on this thread), replaces
// retired workers, breaks the pool when a worker dies, and on shutdown joins
// the executor's internals.

#include "core/process/poolstate.h"

#include <future>
#include <memory>
#include <poll.h>
#include <vector>

namespace poolscope {

class ExecutorManagerThread
{
public:
    // The thread's body. If `launch`, it first forks the pool's workers (`launched`
    // reports that, or why it failed); then it runs the manager loop until the pool is done.
    static void run(const std::shared_ptr<ProcessPoolExecutor::State>& state, bool launch,
                    std::promise<void> launched);

private:
    using State = ProcessPoolExecutor::State;

    explicit ExecutorManagerThread(State& s) : m_s(s) {}

    struct WaitOutcome
    {
        bool broken = false;
        bool hasResult = false;
        ResultMessage message;
        std::string cause;
    };
    enum class Step
    {
        Continue,
        Done,  // every worker left; internals joined
        Broken // a worker did not end the way it said it would
    };

    void loop();
    void addCallItemToQueue();
    WaitOutcome waitResultBrokenOrWakeup();
    bool decodeFrame(const std::vector<char>& payload, WaitOutcome& w);
    bool takeFrame(std::vector<char>& payload, WaitOutcome& w);
    Step processResultItem(ResultMessage& m);
    void flagExecutorShuttingDown();
    void shutdownWorkers();
    void joinExecutorInternalsLocked(bool broken);
    void joinExecutorInternals();
    void terminateBroken(const std::string& cause);
    bool pendingEmpty();

    State& m_s;
    // Reused by every wait: one round trip is a wait or two, and each used to allocate both.
    std::vector<char> m_payload;
    std::vector<pollfd> m_fds;
};

} // namespace poolscope
