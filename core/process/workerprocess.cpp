#include "core/process/workerprocess.h"

#include "core/process/taskregistry.h"
#include "core/workload/gil.h"
#include "core/workload/taskpartscope.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <pthread.h>
#include <sys/prctl.h>
#include <system_error>
#include <unistd.h>

namespace poolscope {

namespace {

// Writes to fd 2 directly: stdio's locks and buffers belong to the parent.
void childStderr(const std::string& text)
{
    (void)writeAllBlocking(2, text.data(), text.size());
}

std::string frameLine(const WorkerContext& c, pid_t pid, const char* function)
{
    return "  File \"<worker " + c.name + ", pid " + std::to_string(pid) + ">\", in " + function + "\n";
}

RemoteError remoteError(const std::exception_ptr& error, const std::string& tracebackHead)
{
    const ErrorInfo info = describeException(error);
    RemoteError r;
    r.type = info.type;
    r.message = info.message;
    r.traceback = "Traceback (most recent call last):\n" + tracebackHead + info.type +
                  (info.message.empty() ? "" : ": " + info.message) + "\n";
    return r;
}

// Process._bootstrap's report of an exception that escaped the worker function.
[[noreturn]] void dieWithTraceback(const WorkerContext& c, pid_t pid, const std::string& where,
                                   const std::string& type, const std::string& message)
{
    childStderr("Process " + c.name + ":\nTraceback (most recent call last):\n" +
                frameLine(c, pid, "_process_worker") + "    " + where + "\n" + type +
                (message.empty() ? "" : ": " + message) + "\n");
    _exit(1);
}

// The process state a worker starts from (Popen._launch's child branch and
// Process._bootstrap).
void prepareChild(const WorkerContext& c)
{
    // A worker must not outlive its parent (CPython's do: see docs/fidelity.md).
    // The death signal follows the thread that forked, the manager thread, which
    // reaps every worker before it ends. If the parent died before prctl() took
    // effect, getppid() already names someone else.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != c.parent)
        _exit(1);
    // Fatal-signal handlers installed by the parent (a test harness, a crash
    // reporter) must not run in a worker: a crash or a terminate should simply end
    // it. Signals were blocked across fork(), so one sent this early (the pool
    // breaking at once) waits until the defaults are back.
    for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL})
        signal(sig, SIG_DFL);
    // Python ignores SIGPIPE: a write to a pipe nobody reads (the parent died) fails
    // with BrokenPipeError instead of killing the worker while it holds the result
    // queue's lock.
    signal(SIGPIPE, SIG_IGN);
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, nullptr);
    // A worker is a new interpreter with its own, uncontended GIL: never the GIL
    // object of the parent thread that forked it (another parent thread may hold its mutex).
    detail::t_gilState = {};
    for (int fd : c.closeFds)
        ::close(fd);
}

void runInitializer(const WorkerContext& c, pid_t pid, const RingEmitter& em)
{
    if (!c.initializer || !*c.initializer)
        return;
    try {
        (*c.initializer)();
    } catch (...) {
        const RemoteError e = remoteError(std::current_exception(), frameLine(c, pid, "_process_worker") +
                                                                        "    initializer(*initargs)\n");
        childStderr("Exception in initializer:\n" + e.traceback);
        em.emit(EventKind::InitializerFailed, -1);
        // As in CPython the worker just returns (exit code 0); the parent
        // notices that a process stopped and breaks the pool.
        c.slot->setExitReason(ExitReason::InitFailed);
        _exit(0);
    }
    em.emit(EventKind::InitializerOk, -1);
}

// call_queue.get(block=True) and the unpickling of the call item.
void getCall(const WorkerContext& c, pid_t pid, const RingEmitter& em, std::vector<char>& payload,
             CallMessage& msg)
{
    const char* where = "call_item = call_queue.get(block=True)";
    std::uint32_t length = 0;
    const RecvStatus status = callQueueGet(c.callShared, c.callRead, pid, payload, length);
    if (status == RecvStatus::TooLarge)
        dieWithTraceback(c, pid, where, "OSError", frameTooLarge(length));
    if (status != RecvStatus::Ok)
        dieWithTraceback(c, pid, where, "EOFError", "");
    try {
        msg = decodeCall(payload.data(), payload.size());
        if (!msg.sentinel && msg.item.fn.name != kProcessChunk && !c.table->contains(msg.item.fn.name))
            throwUnknownTask(msg.item.fn.name); // unpickling looks the function up
    } catch (...) {
        const ErrorInfo info = describeException(std::current_exception());
        em.emit(EventKind::WorkerGet, -1, static_cast<std::int64_t>(payload.size() + kFrameHeader));
        dieWithTraceback(c, pid, where, info.type, info.message);
    }
}

// _sendback_result: if the result cannot be serialized, send that error instead.
// The frame goes into `frame`, one buffer the worker reuses for every result.
void resultFrame(const WorkerContext& c, pid_t pid, const ResultItem& result, Bytes& frame)
{
    frame.clear();
    try {
        appendResult(frame, result, c.table);
    } catch (...) {
        ResultItem failed;
        failed.workId = result.workId;
        failed.exitPid = result.exitPid;
        failed.exception = remoteError(std::current_exception(),
                                       frameLine(c, pid, "_sendback_result") +
                                           "    result_queue.put(_ResultItem(work_id, result=result, "
                                           "exception=exception, exit_pid=exit_pid))\n");
        appendResult(frame, failed, c.table);
    }
}

void emitPart(const void* emitter, std::int64_t workId, TaskPart part)
{
    static_cast<const RingEmitter*>(emitter)->emit(EventKind::TaskPhase, workId,
                                                   static_cast<std::int64_t>(part));
}

// _process_worker(call_queue, result_queue, initializer, initargs, max_tasks)
[[noreturn]] void workerMain(const WorkerContext& c)
{
    try {
        prepareChild(c);
        const pid_t pid = getpid();
        const RingEmitter em(c.slot, c.doorbellWrite, c.gate, c.executor, pid);
        const RunGateScope runGate(c.gate); // tasks sleep on the run clock (gil.h)
        em.emit(EventKind::WorkerStart, -1, c.index);
        runInitializer(c, pid, em);

        int numTasks = 0;
        std::vector<char> payload;
        Bytes frame;
        CallMessage msg;
        for (;;) {
            getCall(c, pid, em, payload, msg);
            const std::int64_t workId = msg.sentinel ? -1 : msg.item.workId;
            em.emit(EventKind::WorkerGet, workId, static_cast<std::int64_t>(payload.size() + kFrameHeader),
                    msg.sentinel ? 1 : 0);
            if (msg.sentinel) {
                // Wake up queue management thread: result_queue.put(os.getpid())
                const Bytes pidFrame = encodePid(pid);
                em.emit(EventKind::ResultPipeWrite, -1, static_cast<std::int64_t>(pidFrame.size()));
                c.slot->setExitReason(ExitReason::Sentinel);
                if (!resultQueuePut(c.resultShared, c.resultWrite, pid, pidFrame))
                    dieWithTraceback(c, pid, "result_queue.put(os.getpid())", "BrokenPipeError",
                                     "[Errno 32] Broken pipe");
                _exit(0);
            }

            std::optional<std::int32_t> exitPid;
            if (c.maxTasks && ++numTasks >= *c.maxTasks)
                exitPid = pid;

            ResultItem result;
            result.workId = workId;
            result.exitPid = exitPid;
            em.emit(EventKind::TaskStart, workId);
            const std::int64_t t0 = em.now();
            // The task's parts (a mixed task's I/O and CPU) go to this worker's ring, on this thread.
            const TaskPartScope parts(&emitPart, &em, workId);
            try {
                result.result = runTask(*c.table, msg.item.fn, msg.item.args);
            } catch (...) {
                result.exception =
                    remoteError(std::current_exception(),
                                frameLine(c, pid, "_process_worker") +
                                    "    r = call_item.fn(*call_item.args, **call_item.kwargs)\n" +
                                    "  File \"<task registry>\", in " + msg.item.fn.name + "\n");
            }
            em.emit(EventKind::TaskEnd, workId, em.now() - t0, result.exception ? 1 : 0);

            resultFrame(c, pid, result, frame);
            em.emit(EventKind::ResultSerialize, workId,
                    static_cast<std::int64_t>(frame.size() - kFrameHeader));
            // Published before the write so the parent never reads a result before its events.
            em.emit(EventKind::ResultPipeWrite, workId, static_cast<std::int64_t>(frame.size()));
            if (exitPid)
                c.slot->setExitReason(ExitReason::MaxTasks);
            if (!resultQueuePut(c.resultShared, c.resultWrite, pid, frame))
                dieWithTraceback(c, pid,
                                 "_sendback_result(call_item.result_queue, call_item.work_id, result=r)",
                                 "BrokenPipeError", "[Errno 32] Broken pipe");
            if (exitPid)
                _exit(0);
        }
    } catch (...) {
        const ErrorInfo info = describeException(std::current_exception());
        childStderr("Process " + c.name + ": " + info.type + ": " + info.message + "\n");
        _exit(1);
    }
}

} // namespace

pid_t forkWorker(const WorkerContext& context)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    const pid_t pid = fork();
    if (pid == 0)
        workerMain(context); // never returns
    const int err = errno;
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (pid < 0)
        throw PyError("OSError", std::string("fork: ") + std::system_category().message(err));
    return pid;
}

} // namespace poolscope
