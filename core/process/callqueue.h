#pragma once
// The call queue: multiprocessing.Queue as ProcessPoolExecutor uses it
// (multiprocessing/queues.py), with _SafeQueue's feeder-error handling
// (concurrent/futures/process.py). One pipe, a cross-process read lock and a
// bounded semaphore in a MAP_SHARED page, and in the parent a buffer drained by
// a feeder thread started lazily: put() only appends, the feeder serializes
// outside the lock and writes.

#include "core/process/codec.h"
#include "core/process/connection.h"
#include "core/process/poolevents.h"
#include "core/sync/futexmutex.h"
#include "core/sync/sharedsync.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <thread>

namespace poolscope {

// What the call queue's buffer holds: a _CallItem, the None sentinel, or the
// feeder's own close sentinel (Queue._sentinel).
struct QueueItem
{
    enum class Kind
    {
        Call,
        None,
        Close
    } kind = Kind::Call;
    CallItem call;
    std::int64_t futureId = -1; // for events only
};

// The cross-process parts of the queue (Queue._rlock and Queue._sem).
struct CallQueueShared
{
    sharedsync::SharedMutex readLock; // one worker reads a frame at a time
    sharedsync::SharedSlots slots;    // bounded at max_workers + extra_queued_calls
};

class CallQueue
{
public:
    // _SafeQueue._on_queue_feeder_error: the item could not be serialized.
    using FeederErrorHandler = std::function<void(const QueueItem&, std::exception_ptr)>;

    CallQueue(const PoolEvents& events, int capacity, FeederErrorHandler onFeederError);
    ~CallQueue();
    CallQueue(const CallQueue&) = delete;
    CallQueue& operator=(const CallQueue&) = delete;

    bool full() const { return m_shared->slots.value() == 0; }
    int used() const { return m_capacity - m_shared->slots.value(); }
    int capacity() const noexcept { return m_capacity; }

    // Queue.put: take a slot, append to the buffer, start the feeder lazily.
    // Returns false (queue.Full) when no slot is free and block is false.
    bool put(QueueItem item, bool block);
    // Queue.close(): the feeder writes what is buffered, then exits.
    void close();
    // Queue.join_thread()
    void joinThread();
    // Queue._terminate_broken(): stop writing to a pipe nobody will read.
    void terminateBroken();

    // A worker reaped by the parent can no longer hold the read lock; if it died
    // holding it, free it (true) so its siblings do not wait forever.
    bool recoverLocks(pid_t dead) noexcept { return m_shared->readLock.recoverFrom(dead); }

    // What a forked worker keeps (its end of the pipe and the shared page) and the
    // parent-only fds it must close.
    int readFd() const noexcept { return m_read; }
    CallQueueShared* shared() const noexcept { return m_shared; }
    void parentOnlyFds(std::vector<int>& out) const { out.insert(out.end(), {m_write, m_feederCancel}); }

private:
    bool feederWrite(const char* data, std::size_t size);
    void feederMain(); // Queue._feed

    const PoolEvents& m_events;
    const int m_capacity;
    FeederErrorHandler m_onFeederError;
    CallQueueShared* m_shared = nullptr;
    int m_read = -1;
    int m_write = -1;
    int m_feederCancel = -1; // eventfd: unblocks a feeder stuck on a full pipe when the pool breaks
    FutexMutex m_lock;       // the buffer's lock (_notempty)
    std::condition_variable_any m_notEmpty;
    bool m_feederSleeping = false;
    std::deque<QueueItem> m_buffer;
    bool m_closed = false;
    bool m_feederStarted = false;
    std::thread m_feeder;
};

// Queue.get(block=True) in a worker: read lock, one frame, release; then give the
// slot back. `owner` is the calling worker's pid (the lock records it).
RecvStatus callQueueGet(CallQueueShared* shared, int fd, pid_t owner, std::vector<char>& payload,
                        std::uint32_t& length);

} // namespace poolscope
