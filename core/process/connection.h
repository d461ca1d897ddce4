#pragma once
// multiprocessing.connection as the pool's queues use it: os.pipe() ends and
// Connection's framing, a 4-byte big-endian length followed by the payload
// (send_bytes / recv_bytes). Frames are bounded by kMaxFrameBytes so a corrupt
// or hostile header can never make a reader allocate gigabytes.

#include "core/process/codec.h"

#include <cstddef>
#include <vector>

namespace poolscope {

struct PipeFds
{
    int read = -1;
    int write = -1;
};

// os.pipe(), close-on-exec; either end may be non-blocking. Throws OSError.
PipeFds openPipe(bool nonblockRead, bool nonblockWrite);
void closeFd(int& fd);

// Connection._send_bytes: every byte, blocking; false on EPIPE or another error.
bool writeAllBlocking(int fd, const char* data, std::size_t size);
// Connection._recv: exactly `size` bytes, blocking; false on EOF or error.
bool readExactly(int fd, char* data, std::size_t size);

enum class RecvStatus
{
    Ok,
    Eof,     // EOFError: the writer is gone (or the read failed)
    TooLarge // OSError("bad message length"): the header asks for more than the limit
};

// Connection.recv_bytes() on a blocking pipe: one frame's payload. On TooLarge,
// `length` holds what the header asked for and nothing more is read.
RecvStatus recvFrame(int fd, std::vector<char>& payload, std::uint32_t& length);

// The parent's end of a pipe several processes write to: non-blocking reads of
// whatever is there, complete frames taken one at a time (partial frames wait).
class FrameReader
{
public:
    explicit FrameReader(int fd) : m_fd(fd) {}

    // Reads everything the pipe holds right now (every ready frame per wake).
    void readAvailable();
    // One complete frame's payload, if the buffer holds one. Throws
    // PyError("OSError", "bad message length ...") when a header exceeds kMaxFrameBytes.
    bool takeFrame(std::vector<char>& payload);

private:
    int m_fd;
    std::vector<char> m_buffer;
    std::size_t m_pos = 0;
};

} // namespace poolscope
