#pragma once
// The result queue: multiprocessing.SimpleQueue (multiprocessing/queues.py).
// No buffer and no thread: a worker serializes and writes each result
// synchronously under a cross-process write lock, so a worker stays
// single-threaded. The parent is the only reader; its end is non-blocking and
// partial frames wait in a FrameReader.

#include "core/process/connection.h"
#include "core/sync/sharedsync.h"

#include <sys/types.h>

namespace poolscope {

// SimpleQueue._wlock, in a MAP_SHARED page: frames from different workers never interleave.
struct ResultQueueShared
{
    sharedsync::SharedMutex writeLock;
};

class ResultQueue
{
public:
    ResultQueue();
    ~ResultQueue();
    ResultQueue(const ResultQueue&) = delete;
    ResultQueue& operator=(const ResultQueue&) = delete;

    int readFd() const noexcept { return m_read; }
    void readAvailable() { m_reader.readAvailable(); }
    bool takeFrame(std::vector<char>& payload) { return m_reader.takeFrame(payload); }

    // A reaped worker that died holding the write lock would block its siblings forever.
    bool recoverLocks(pid_t dead) noexcept { return m_shared->writeLock.recoverFrom(dead); }

    int writeFd() const noexcept { return m_write; }
    ResultQueueShared* shared() const noexcept { return m_shared; }
    void parentOnlyFds(std::vector<int>& out) const { out.push_back(m_read); }

private:
    ResultQueueShared* m_shared = nullptr;
    int m_read = -1;
    int m_write = -1;
    FrameReader m_reader{-1};
};

// SimpleQueue.put() in a worker; false when the pipe is broken (EPIPE: the parent is gone).
bool resultQueuePut(ResultQueueShared* shared, int fd, pid_t owner, const Bytes& frame);

} // namespace poolscope
