#pragma once
// A worker process: concurrent.futures.process._process_worker, started the way
// multiprocessing/popen_fork.py starts a Process (fork, run, os._exit), with the
// context it needs captured in the parent before fork().

#include "core/events/eventgate.h"
#include "core/process/callqueue.h"
#include "core/process/resultqueue.h"
#include "core/process/workerrings.h"

#include <functional>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace poolscope {

class TaskTable;

// Everything a forked worker needs. The child touches nothing else of the
// parent: no mutex, no EventStream, no heap object another parent thread might
// be using.
struct WorkerContext
{
    int callRead = -1;
    CallQueueShared* callShared = nullptr;
    int resultWrite = -1;
    ResultQueueShared* resultShared = nullptr;
    int doorbellWrite = -1;
    WorkerSlot* slot = nullptr;
    EventGate::Handle gate;
    std::uint16_t executor = 0;
    const TaskTable* table = nullptr;
    const std::function<void()>* initializer = nullptr;
    std::optional<int> maxTasks;
    std::string name; // ForkProcess-N
    int index = 0;
    std::vector<int> closeFds; // the parent's fds the child must not keep
    pid_t parent = 0;          // for the parent-death check right after fork()
};

// Popen._launch: fork() with every signal blocked; the child runs
// _process_worker and never returns. Throws OSError if fork() fails.
pid_t forkWorker(const WorkerContext& context);

} // namespace poolscope
