#include "core/process/connection.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <system_error>
#include <unistd.h>

namespace poolscope {

PipeFds openPipe(bool nonblockRead, bool nonblockWrite)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        throw PyError("OSError", std::string("pipe: ") + std::system_category().message(errno));
    if (nonblockRead)
        fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    if (nonblockWrite)
        fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
    return {fds[0], fds[1]};
}

void closeFd(int& fd)
{
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

bool writeAllBlocking(int fd, const char* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool readExactly(int fd, char* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::read(fd, data, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (n == 0)
            return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

RecvStatus recvFrame(int fd, std::vector<char>& payload, std::uint32_t& length)
{
    char header[kFrameHeader];
    if (!readExactly(fd, header, kFrameHeader))
        return RecvStatus::Eof;
    length = frameLength(header);
    if (length > kMaxFrameBytes)
        return RecvStatus::TooLarge;
    payload.resize(length);
    return readExactly(fd, payload.data(), payload.size()) ? RecvStatus::Ok : RecvStatus::Eof;
}

void FrameReader::readAvailable()
{
    if (m_pos > 0 && m_pos == m_buffer.size()) {
        m_buffer.clear();
        m_pos = 0;
    }
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(m_fd, buf, sizeof buf);
        if (n > 0) {
            m_buffer.insert(m_buffer.end(), buf, buf + n);
            if (static_cast<std::size_t>(n) < sizeof buf)
                break;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        break; // EAGAIN: drained
    }
}

bool FrameReader::takeFrame(std::vector<char>& payload)
{
    const std::size_t avail = m_buffer.size() - m_pos;
    if (avail < kFrameHeader)
        return false;
    const std::size_t n = frameLength(m_buffer.data() + m_pos);
    if (n > kMaxFrameBytes)
        throw PyError("OSError", frameTooLarge(n));
    if (avail < kFrameHeader + n)
        return false;
    const char* start = m_buffer.data() + m_pos + kFrameHeader;
    payload.assign(start, start + n);
    m_pos += kFrameHeader + n;
    if (m_pos == m_buffer.size()) {
        m_buffer.clear();
        m_pos = 0;
    }
    return true;
}

} // namespace poolscope
