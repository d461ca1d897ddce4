#include "core/process/workerrings.h"

#include "core/process/connection.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <pthread.h>
#include <sys/mman.h>
#include <system_error>
#include <unistd.h>

namespace poolscope {

WorkerRings::WorkerRings(const PoolEvents& events, std::size_t capacity)
    : m_events(events), m_capacity(events.stream ? capacity : 0)
{
    if (m_capacity > 0) {
        const PipeFds p = openPipe(true, true);
        m_doorbellRead = p.read;
        m_doorbellWrite = p.write;
    }
}

WorkerRings::~WorkerRings()
{
    stopDrainer();
    for (WorkerSlot* s : m_slots)
        munmap(s, WorkerSlot::bytesFor(s->capacity));
    closeFd(m_doorbellRead);
    closeFd(m_doorbellWrite);
}

WorkerSlot* WorkerRings::allocate()
{
    const std::size_t bytes = WorkerSlot::bytesFor(m_capacity);
    void* mem = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        throw PyError("OSError", std::string("mmap: ") + std::system_category().message(errno));
    auto* slot = new (mem) WorkerSlot;
    slot->capacity = static_cast<std::uint32_t>(m_capacity);
    {
        std::lock_guard drain(m_drainLock);
        m_slots.push_back(slot);
    }
    return slot;
}

std::uint32_t WorkerRings::release(WorkerSlot* slot)
{
    std::lock_guard drain(m_drainLock);
    drainOne(slot);
    const std::uint32_t chosen = slot->exitReason.load(std::memory_order_acquire);
    m_slots.erase(std::remove(m_slots.begin(), m_slots.end(), slot), m_slots.end());
    munmap(slot, WorkerSlot::bytesFor(slot->capacity));
    return chosen;
}

void WorkerRings::drainOne(WorkerSlot* s)
{
    if (s->capacity == 0)
        return;
    std::uint64_t tail = s->tail.load(std::memory_order_relaxed);
    const std::uint64_t head = s->head.load(std::memory_order_acquire);
    if (tail == head)
        return;
    for (; tail != head; ++tail) {
        Event e = s->ring()[tail % s->capacity];
        if (e.task >= 0) {
            const std::int64_t* future = m_workToFuture.find(e.task);
            e.task = future ? *future : -1;
        }
        m_events.stream->forward(e);
    }
    s->tail.store(tail, std::memory_order_release);
}

void WorkerRings::drainAll()
{
    if (m_capacity == 0)
        return;
    std::lock_guard drain(m_drainLock);
    for (WorkerSlot* s : m_slots)
        drainOne(s);
}

void WorkerRings::startDrainer()
{
    if (m_capacity == 0)
        return;
    std::lock_guard lock(m_drainerMutex);
    if (!m_drainer.joinable() && !m_drainerStop)
        m_drainer = std::thread([this] { drainerMain(); });
}

// The drainer never publishes: forward() does not stop at the gate, so it keeps
// draining while everyone else is held there.
void WorkerRings::drainerMain()
{
    pthread_setname_np(pthread_self(), "RingDrainer");
    std::unique_lock lock(m_drainerMutex);
    while (!m_drainerStop) {
        m_drainerWake.wait_for(lock, std::chrono::milliseconds(10));
        if (m_drainerStop)
            break;
        lock.unlock();
        drainAll();
        lock.lock();
    }
}

void WorkerRings::stopDrainer()
{
    std::thread drainer;
    {
        std::lock_guard lock(m_drainerMutex);
        m_drainerStop = true;
        drainer = std::move(m_drainer);
    }
    m_drainerWake.notify_all();
    if (drainer.joinable()) {
        if (drainer.get_id() == std::this_thread::get_id())
            drainer.detach();
        else
            drainer.join();
    }
}

void WorkerRings::mapWork(std::int64_t workId, std::int64_t futureId)
{
    std::lock_guard drain(m_drainLock);
    m_workToFuture.assign(workId, futureId);
}

void WorkerRings::forgetWork(std::int64_t workId)
{
    std::lock_guard drain(m_drainLock);
    m_workToFuture.erase(workId);
}

std::int64_t WorkerRings::futureOf(std::int64_t workId)
{
    std::lock_guard drain(m_drainLock);
    const std::int64_t* future = m_workToFuture.find(workId);
    return future ? *future : -1;
}

void WorkerRings::clearDoorbell()
{
    char buf[256];
    while (::read(m_doorbellRead, buf, sizeof buf) > 0) {
    }
}

void WorkerRings::parentOnlyFds(std::vector<int>& out) const
{
    if (m_doorbellRead >= 0)
        out.push_back(m_doorbellRead);
}

} // namespace poolscope
