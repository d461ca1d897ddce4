#pragma once
// The run file's layout, shared by its writer (core/run/runfile.cpp) and its reader
// (core/run/runfilereader.cpp): the head's signature and offsets, the header's fixed fields, the
// checksum and the little-endian field access. docs/runfile.md describes the format.

#include "core/run/runfile.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace poolscope::runfileformat {

// "\x89PSRUN\r\n": a high byte and a CR LF, so a transfer that strips the eighth bit or rewrites
// line ends is caught at byte 0 (the PNG signature does the same).
inline constexpr std::array<char, 8> kMagic = {'\x89', 'P', 'S', 'R', 'U', 'N', '\r', '\n'};
inline constexpr const char* kFormat = "poolscope-run";
inline constexpr const char* kColumns[] = {"seq",    "t_ns", "kind",  "executor",
                                           "worker", "task", "value", "value2"};
// RunNote::Kind by name, in enum order.
inline constexpr const char* kNoteKinds[] = {"result", "exception", "cancelled", "caller_error"};
// Head offsets.
inline constexpr std::size_t kOffVersion = 8, kOffRecordSize = 12, kOffHeaderLen = 16, kOffCount = 24,
                             kOffHeaderCrc = 32, kOffEventsCrc = 36;
static_assert(kOffEventsCrc + 4 == kRunFileHeadBytes);

// CRC-32 (IEEE 802.3, zlib's crc32()) of n bytes, continuing from crc (0 to start).
std::uint32_t crc32Update(std::uint32_t crc, const unsigned char* p, std::size_t n);

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the run file is little-endian; a big-endian build needs byte swaps in put/get");

template <typename T> inline void put(char* p, T v)
{
    std::memcpy(p, &v, sizeof v);
}
template <typename T> inline T get(const char* p)
{
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

// "NAME: " before a message that names only the byte.
inline RunFileError prefixed(const std::string& name, const RunFileError& e)
{
    return RunFileError(name + ": " + e.what(), e.offset, e.event);
}

} // namespace poolscope::runfileformat
