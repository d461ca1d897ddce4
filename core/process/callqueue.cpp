#include "core/process/callqueue.h"

#include "core/process/taskregistry.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <system_error>
#include <unistd.h>

namespace poolscope {

CallQueue::CallQueue(const PoolEvents& events, int capacity, FeederErrorHandler onFeederError)
    : m_events(events), m_capacity(capacity), m_onFeederError(std::move(onFeederError))
{
    void* mem =
        mmap(nullptr, sizeof(CallQueueShared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        throw PyError("OSError", std::string("mmap: ") + std::system_category().message(errno));
    m_shared = new (mem) CallQueueShared;
    m_shared->slots.init(capacity);
    try {
        // The feeder waits for room with poll(), so it can be cancelled.
        const PipeFds p = openPipe(false, true);
        m_read = p.read;
        m_write = p.write;
        m_feederCancel = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (m_feederCancel < 0)
            throw PyError("OSError", std::string("eventfd: ") + std::system_category().message(errno));
    } catch (...) {
        closeFd(m_read);
        closeFd(m_write);
        munmap(m_shared, sizeof(CallQueueShared));
        throw;
    }
}

CallQueue::~CallQueue()
{
    // The manager joins the feeder on every exit path; this only guards odd teardowns.
    if (m_feeder.joinable() && m_feeder.get_id() != std::this_thread::get_id())
        m_feeder.join();
    else if (m_feeder.joinable())
        m_feeder.detach();
    closeFd(m_read);
    closeFd(m_write);
    closeFd(m_feederCancel);
    m_shared->~CallQueueShared();
    munmap(m_shared, sizeof(CallQueueShared));
}

bool CallQueue::put(QueueItem item, bool block)
{
    if (m_closed)
        throw ValueError("Queue is closed");
    while (!m_shared->slots.tryAcquire()) {
        if (!block)
            return false;
        // The manager only puts when !full(), so this is the rare race with a
        // shutdown sentinel; a worker frees the slot shortly.
        const timespec ts{0, 50'000};
        nanosleep(&ts, nullptr);
    }
    // Stamped before the feeder can see the item.
    if (item.kind == QueueItem::Kind::None)
        m_events.emit(EventKind::SentinelPut, 0, -1, used(), m_capacity);
    else
        m_events.emit(EventKind::CallQueuePut, 0, item.futureId, used(), m_capacity);
    bool startFeeder = false;
    {
        std::lock_guard lock(m_lock);
        if (!m_feederStarted) {
            m_feederStarted = true;
            startFeeder = true;
        }
        m_buffer.push_back(std::move(item));
        if (m_feederSleeping)
            m_notEmpty.notify_one();
    }
    if (startFeeder) {
        m_feeder = std::thread([this] { feederMain(); });
        m_events.emit(EventKind::FeederStart, 0, -1);
    }
    return true;
}

void CallQueue::close()
{
    if (m_closed)
        return;
    m_closed = true;
    std::size_t buffered = 0;
    {
        std::lock_guard lock(m_lock);
        buffered = m_buffer.size();
        if (m_feederStarted) {
            QueueItem close;
            close.kind = QueueItem::Kind::Close;
            m_buffer.push_back(std::move(close));
            if (m_feederSleeping)
                m_notEmpty.notify_one();
        }
    }
    m_events.emit(EventKind::CallQueueClose, 0, -1, static_cast<std::int64_t>(buffered));
}

void CallQueue::joinThread()
{
    if (m_feeder.joinable())
        m_feeder.join();
}

void CallQueue::terminateBroken()
{
    const std::uint64_t one = 1;
    (void)!::write(m_feederCancel, &one, sizeof one);
    close();
    joinThread();
}

// Writes every byte, waiting for room on a full pipe; false on EPIPE or when
// cancelled because the pool broke (the ignore_epipe exit).
bool CallQueue::feederWrite(const char* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(m_write, data, size);
        if (n > 0) {
            data += n;
            size -= static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN) {
            pollfd fds[2] = {{m_write, POLLOUT, 0}, {m_feederCancel, POLLIN, 0}};
            if (poll(fds, 2, -1) < 0 && errno != EINTR)
                return false;
            if (fds[1].revents & POLLIN)
                return false;
            continue;
        }
        return false; // EPIPE: every reader is gone
    }
    return true;
}

// Queue._feed: takes EVERY ready item per wake, serializes each outside the
// lock and writes them all with one write() call.
void CallQueue::feederMain()
{
    pthread_setname_np(pthread_self(), "QueueFeederThre");
    // A write to a pipe without readers must fail with EPIPE, not kill the process.
    sigset_t pipeSet;
    sigemptyset(&pipeSet);
    sigaddset(&pipeSet, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipeSet, nullptr);

    std::deque<QueueItem> batch;
    Bytes out;
    std::vector<std::pair<std::int64_t, std::int64_t>> written; // future id, frame bytes
    for (;;) {
        {
            std::unique_lock lock(m_lock);
            while (m_buffer.empty()) {
                m_feederSleeping = true;
                m_notEmpty.wait(lock);
                m_feederSleeping = false;
            }
            batch.swap(m_buffer);
        }
        const TaskTablePtr table = TaskRegistry::global().snapshot();
        bool closing = false;
        out.clear();
        written.clear();
        for (auto& item : batch) {
            if (item.kind == QueueItem::Kind::Close) {
                closing = true;
                break;
            }
            // Serialized straight into the batch's buffer (appendCall leaves it as it was on a throw).
            const std::size_t before = out.size();
            if (item.kind == QueueItem::Kind::None) {
                appendSentinel(out);
            } else {
                try {
                    appendCall(out, item.call, table.get());
                } catch (...) {
                    // The item never reaches the pipe: give its slot back, then fail its future.
                    m_shared->slots.release();
                    m_events.emit(EventKind::FeederError, 0, item.futureId);
                    m_onFeederError(item, std::current_exception());
                    continue;
                }
            }
            const auto frameBytes = static_cast<std::int64_t>(out.size() - before);
            m_events.emit(EventKind::FeederSerialize, 0, item.futureId,
                          frameBytes - static_cast<std::int64_t>(kFrameHeader));
            written.emplace_back(item.futureId, frameBytes);
        }
        batch.clear();
        if (!out.empty()) {
            // Stamped before write() so a worker's WorkerGet can never precede it.
            for (const auto& [future, bytes] : written)
                m_events.emit(EventKind::PipeWrite, 0, future, bytes, static_cast<std::int64_t>(Pipe::Call));
            if (!feederWrite(out.data(), out.size())) {
                m_events.emit(EventKind::FeederExit, 0, -1, 1);
                return;
            }
        }
        if (closing) {
            m_events.emit(EventKind::FeederExit, 0, -1, 0);
            return;
        }
    }
}

RecvStatus callQueueGet(CallQueueShared* shared, int fd, pid_t owner, std::vector<char>& payload,
                        std::uint32_t& length)
{
    shared->readLock.lock(static_cast<std::uint32_t>(owner));
    const RecvStatus status = recvFrame(fd, payload, length);
    shared->readLock.unlock();
    if (status == RecvStatus::Ok)
        shared->slots.release();
    return status;
}

} // namespace poolscope
