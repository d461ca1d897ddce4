#include "core/process/resultqueue.h"

#include <cerrno>
#include <cstring>
#include <string>
#include <sys/mman.h>
#include <system_error>

namespace poolscope {

ResultQueue::ResultQueue()
{
    void* mem =
        mmap(nullptr, sizeof(ResultQueueShared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        throw PyError("OSError", std::string("mmap: ") + std::system_category().message(errno));
    m_shared = new (mem) ResultQueueShared;
    try {
        const PipeFds p = openPipe(true, false);
        m_read = p.read;
        m_write = p.write;
    } catch (...) {
        munmap(m_shared, sizeof(ResultQueueShared));
        throw;
    }
    m_reader = FrameReader(m_read);
}

ResultQueue::~ResultQueue()
{
    closeFd(m_read);
    closeFd(m_write);
    m_shared->~ResultQueueShared();
    munmap(m_shared, sizeof(ResultQueueShared));
}

bool resultQueuePut(ResultQueueShared* shared, int fd, pid_t owner, const Bytes& frame)
{
    shared->writeLock.lock(static_cast<std::uint32_t>(owner));
    const bool ok = writeAllBlocking(fd, frame.data(), frame.size());
    shared->writeLock.unlock();
    return ok;
}

} // namespace poolscope
