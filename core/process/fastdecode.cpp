#include "core/process/fastdecode.h"

#include "core/process/taskregistry.h"

#include <bit>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace poolscope::detail {

namespace {

// A direct reader for the payloads on the hot path: the fixed shapes of a call item and a
// result item, holding ints, floats, strings, bytes, lists and function references. It
// builds the values straight from the bytes, without msgpack's zone (a malloc per decode)
// and its object tree. It accepts exactly what unpackOne() plus toAny() accept for those
// shapes (every msgpack encoding of them, not only the shortest) and gives up on
// anything else: a map, an unknown extension, nesting deeper than kFastDepth, a length
// past the end, trailing bytes, a type error. Then the caller decodes the payload again
// the full way, which produces the error line, so a malformed payload reads the same.
constexpr int kFastDepth = 32; // below kMaxDepth: deeper payloads take the full path

// A big-endian load's value on this host.
template <class U> constexpr U fromBig(U v) noexcept
{
    if constexpr (std::endian::native == std::endian::big)
        return v;
    else if constexpr (sizeof(U) == 2)
        return __builtin_bswap16(v);
    else if constexpr (sizeof(U) == 4)
        return __builtin_bswap32(v);
    else
        return __builtin_bswap64(v);
}

class FastReader
{
public:
    FastReader(const char* data, std::size_t size)
        : m_p(reinterpret_cast<const unsigned char*>(data)), m_end(m_p + size)
    {
    }
    bool atEnd() const noexcept { return m_p == m_end; }
    std::size_t left() const noexcept { return static_cast<std::size_t>(m_end - m_p); }
    const unsigned char* position() const noexcept { return m_p; }
    void rewind(const unsigned char* p) noexcept { m_p = p; }

    bool peek(unsigned char& b) const noexcept
    {
        if (m_p == m_end)
            return false;
        b = *m_p;
        return true;
    }
    bool nil() noexcept
    {
        if (m_p == m_end || *m_p != 0xc0)
            return false;
        ++m_p;
        return true;
    }

    // An array header whose length the rest of the payload can hold (msgpack's limit).
    bool arrayHeader(std::uint32_t& n) noexcept
    {
        if (m_p == m_end)
            return false;
        const unsigned char b = *m_p++;
        if ((b & 0xf0) == 0x90)
            n = b & 0x0f;
        else if (b == 0xdc)
            n = static_cast<std::uint32_t>(bigEndian(2));
        else if (b == 0xdd)
            n = static_cast<std::uint32_t>(bigEndian(4));
        else
            return false;
        return m_ok && n <= left();
    }

    // An integer as msgpack-cxx types it: `negative` false means POSITIVE_INTEGER in `u`.
    bool integer(bool& negative, std::uint64_t& u, std::int64_t& i) noexcept
    {
        if (m_p == m_end)
            return false;
        const unsigned char b = *m_p;
        if (b <= 0x7f) {
            ++m_p;
            negative = false;
            u = b;
            return true;
        }
        if (b >= 0xe0) {
            ++m_p;
            negative = true;
            i = static_cast<std::int64_t>(b) - 256; // negative fixint: 111xxxxx
            return true;
        }
        static constexpr unsigned kWidth[8] = {1, 2, 4, 8, 1, 2, 4, 8};
        if (b < 0xcc || b > 0xd3)
            return false;
        ++m_p;
        const unsigned width = kWidth[b - 0xcc];
        const std::uint64_t raw = bigEndian(width);
        if (!m_ok)
            return false;
        if (b <= 0xcf) { // uint 8/16/32/64
            negative = false;
            u = raw;
            return true;
        }
        // int 8/16/32/64, sign-extended (C++20 defines >> of a negative value); non-negative
        // values are POSITIVE_INTEGER, as msgpack-cxx types them.
        const unsigned shift = 64 - 8 * width;
        const std::int64_t v = static_cast<std::int64_t>(raw << shift) >> shift;
        negative = v < 0;
        if (negative)
            i = v;
        else
            u = static_cast<std::uint64_t>(v);
        return true;
    }
    // asInt(): POSITIVE_INTEGER is cast, as the full path does.
    bool int64(std::int64_t& out) noexcept
    {
        bool negative = false;
        std::uint64_t u = 0;
        std::int64_t i = 0;
        if (!integer(negative, u, i))
            return false;
        out = negative ? i : static_cast<std::int64_t>(u);
        return true;
    }
    bool str(const char*& s, std::uint32_t& n) noexcept
    {
        if (m_p == m_end)
            return false;
        const unsigned char b = *m_p;
        if ((b & 0xe0) == 0xa0) {
            ++m_p;
            n = b & 0x1f;
        } else if (b >= 0xd9 && b <= 0xdb) {
            ++m_p;
            n = static_cast<std::uint32_t>(bigEndian(1u << (b - 0xd9)));
        } else {
            return false;
        }
        return body(s, n);
    }
    bool functionRef(FunctionRef& fn)
    {
        if (m_p == m_end)
            return false;
        const unsigned char b = *m_p;
        std::uint32_t n = 0;
        if (b >= 0xd4 && b <= 0xd8) { // fixext 1/2/4/8/16
            ++m_p;
            n = 1u << (b - 0xd4);
        } else if (b >= 0xc7 && b <= 0xc9) { // ext 8/16/32
            ++m_p;
            n = static_cast<std::uint32_t>(bigEndian(1u << (b - 0xc7)));
        } else {
            return false;
        }
        if (!m_ok || m_p == m_end || static_cast<std::int8_t>(*m_p) != kExtFunction)
            return false;
        ++m_p;
        const char* s = nullptr;
        if (!body(s, n))
            return false;
        fn.name.assign(s, n);
        fn.address = nullptr;
        return true;
    }

    // toAny() for one value. Each value is emplaced: assigning a temporary any would cost a call of its
    // manager to move it in, per value (a map's chunk of 100 results decodes 100).
    bool value(std::any& out, int depth)
    {
        if (m_p == m_end || depth > kFastDepth)
            return false;
        const unsigned char b = *m_p;
        if (b <= 0x7f || b >= 0xe0 || (b >= 0xcc && b <= 0xd3)) {
            bool negative = false;
            std::uint64_t u = 0;
            std::int64_t i = 0;
            if (!integer(negative, u, i))
                return false;
            if (negative)
                out.emplace<std::int64_t>(i);
            else if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                out.emplace<std::uint64_t>(u);
            else
                out.emplace<std::int64_t>(static_cast<std::int64_t>(u));
            return true;
        }
        if ((b & 0xe0) == 0xa0 || (b >= 0xd9 && b <= 0xdb)) {
            const char* s = nullptr;
            std::uint32_t n = 0;
            if (!str(s, n))
                return false;
            out.emplace<std::string>(s, n);
            return true;
        }
        if ((b & 0xf0) == 0x90 || b == 0xdc || b == 0xdd) {
            std::uint32_t n = 0;
            if (!arrayHeader(n))
                return false;
            std::vector<std::any> list(n);
            for (std::uint32_t k = 0; k < n; ++k)
                if (!value(list[k], depth + 1))
                    return false;
            out.emplace<std::vector<std::any>>(std::move(list));
            return true;
        }
        switch (b) {
        case 0xc0:
            ++m_p;
            out.reset();
            return true;
        case 0xc2:
        case 0xc3:
            ++m_p;
            out.emplace<bool>(b == 0xc3);
            return true;
        case 0xca: {
            ++m_p;
            const auto raw = static_cast<std::uint32_t>(bigEndian(4));
            float f = 0;
            std::memcpy(&f, &raw, sizeof f);
            out.emplace<double>(static_cast<double>(f));
            return m_ok;
        }
        case 0xcb: {
            ++m_p;
            const std::uint64_t raw = bigEndian(8);
            double d = 0;
            std::memcpy(&d, &raw, sizeof d);
            out.emplace<double>(d);
            return m_ok;
        }
        case 0xc4:
        case 0xc5:
        case 0xc6: {
            ++m_p;
            const auto n = static_cast<std::uint32_t>(bigEndian(1u << (b - 0xc4)));
            const char* s = nullptr;
            if (!body(s, n))
                return false;
            const auto* u = reinterpret_cast<const std::uint8_t*>(s);
            out.emplace<std::vector<std::uint8_t>>(u, u + n);
            return true;
        }
        default:
            if ((b >= 0xd4 && b <= 0xd8) || (b >= 0xc7 && b <= 0xc9)) {
                FunctionRef fn;
                if (!functionRef(fn))
                    return false;
                out.emplace<FunctionRef>(std::move(fn));
                return true;
            }
            return false; // a map, 0xc1, or something else the full path explains
        }
    }

    // toChunk(): a non-empty list of non-empty argument lists of one length.
    bool chunk(ChunkArgs& chunk)
    {
        std::uint32_t rows = 0;
        if (!arrayHeader(rows) || rows == 0)
            return false;
        for (std::uint32_t r = 0; r < rows; ++r) {
            std::uint32_t n = 0;
            if (!arrayHeader(n))
                return false;
            if (r == 0) {
                if (n == 0)
                    return false;
                chunk.arity = n;
                chunk.flat.reserve(static_cast<std::size_t>(rows) * n);
            } else if (n != chunk.arity) {
                return false;
            }
            for (std::uint32_t a = 0; a < n; ++a)
                if (!value(chunk.flat.emplace_back(), 3))
                    return false;
        }
        return true;
    }

private:
    std::uint64_t bigEndian(unsigned width) noexcept
    {
        if (left() < width) {
            m_ok = false;
            m_p = m_end;
            return 0;
        }
        // msgpack's widths are 1, 2, 4 and 8 bytes: one load and a byte swap each, not a loop a byte at a
        // time.
        std::uint64_t v = 0;
        switch (width) {
        case 2: {
            std::uint16_t w = 0;
            std::memcpy(&w, m_p, 2);
            v = fromBig(w);
            break;
        }
        case 4: {
            std::uint32_t w = 0;
            std::memcpy(&w, m_p, 4);
            v = fromBig(w);
            break;
        }
        case 8:
            std::memcpy(&v, m_p, 8);
            v = fromBig(v);
            break;
        default: // 1
            v = m_p[0];
        }
        m_p += width;
        return v;
    }
    bool body(const char*& s, std::uint32_t n) noexcept
    {
        if (!m_ok || n > left())
            return false;
        s = reinterpret_cast<const char*>(m_p);
        m_p += n;
        return true;
    }

    const unsigned char* m_p;
    const unsigned char* m_end;
    bool m_ok = true;
};

} // namespace

bool fastDecodeValue(const char* data, std::size_t size, std::any& v)
{
    FastReader r(data, size);
    return r.value(v, 1) && r.atEnd();
}

bool fastDecodeCall(const char* data, std::size_t size, CallMessage& m)
{
    FastReader r(data, size);
    if (r.nil()) {
        m.sentinel = true;
        return r.atEnd();
    }
    std::uint32_t n = 0;
    if (!r.arrayHeader(n) || n != 3 || !r.int64(m.item.workId) || !r.functionRef(m.item.fn) ||
        !r.arrayHeader(n))
        return false;
    m.item.args.reserve(n);
    if (m.item.fn.name == kProcessChunk && n == 2) {
        // _process_chunk(fn, chunk): keep the chunk's argument lists flat.
        if (!r.value(m.item.args.emplace_back(), 3))
            return false;
        const unsigned char* rows = r.position();
        ChunkArgs chunk;
        if (r.chunk(chunk)) {
            m.item.args.emplace_back(std::move(chunk));
            return r.atEnd();
        }
        r.rewind(rows); // not a uniform list of lists: an ordinary argument
        n = 1;
    }
    for (std::uint32_t i = 0; i < n; ++i)
        if (!r.value(m.item.args.emplace_back(), 3))
            return false;
    return r.atEnd();
}

bool fastDecodeResult(const char* data, std::size_t size, ResultMessage& m)
{
    FastReader r(data, size);
    unsigned char b = 0;
    if (!r.peek(b))
        return false;
    std::uint32_t n = 0;
    if ((b & 0xf0) != 0x90 && b != 0xdc && b != 0xdd) {
        // A bare pid: POSITIVE_INTEGER only.
        bool negative = false;
        std::uint64_t u = 0;
        std::int64_t i = 0;
        if (!r.integer(negative, u, i) || negative)
            return false;
        m.isPid = true;
        m.pid = static_cast<std::int32_t>(u);
        return r.atEnd();
    }
    if (!r.arrayHeader(n) || n != 4 || !r.int64(m.item.workId))
        return false;
    if (!r.nil()) {
        const char* s[3] = {};
        std::uint32_t len[3] = {};
        if (!r.arrayHeader(n) || n != 3 || !r.str(s[0], len[0]) || !r.str(s[1], len[1]) ||
            !r.str(s[2], len[2]))
            return false;
        m.item.exception =
            RemoteError{std::string(s[0], len[0]), std::string(s[1], len[1]), std::string(s[2], len[2])};
    }
    if (!r.value(m.item.result, 1))
        return false;
    if (!r.nil()) {
        std::int64_t pid = 0;
        if (!r.int64(pid))
            return false;
        m.item.exitPid = static_cast<std::int32_t>(pid);
    }
    return r.atEnd();
}

} // namespace poolscope::detail
