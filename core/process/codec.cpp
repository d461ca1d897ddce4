#include "core/process/codec.h"

#include "core/process/fastdecode.h"
#include "core/process/taskregistry.h"

#define MSGPACK_NO_BOOST 1
#include <msgpack.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <cxxabi.h>
#include <string_view>

namespace poolscope {

namespace {

// msgpack's packer writes into any type with write(const char*, size_t). It calls write() once
// per value it packs, so the stream appends with a pointer bump and a memcpy into slack it keeps at
// the end of `bytes`, instead of a vector insert per call. A frame goes after what `bytes` already
// holds, so a caller can put several frames in one buffer and reuse it.
class FrameStream
{
public:
    explicit FrameStream(Bytes& bytes) : m_bytes(bytes), m_start(bytes.size())
    {
        m_used = m_start + kFrameHeader;
        reserve(kSlack);
    }
    void write(const char* data, std::size_t size)
    {
        if (m_bytes.size() - m_used < size)
            reserve(size);
        std::memcpy(m_bytes.data() + m_used, data, size);
        m_used += size;
    }
    void finish()
    {
        const std::size_t payload = m_used - m_start - kFrameHeader;
        if (payload > kMaxFrameBytes) {
            m_bytes.resize(m_start);
            throw PyError("OSError", frameTooLarge(payload));
        }
        m_bytes.resize(m_used);
        const auto n = static_cast<std::uint32_t>(payload);
        char* header = m_bytes.data() + m_start;
        header[0] = static_cast<char>((n >> 24) & 0xff);
        header[1] = static_cast<char>((n >> 16) & 0xff);
        header[2] = static_cast<char>((n >> 8) & 0xff);
        header[3] = static_cast<char>(n & 0xff);
    }
    // A frame that failed to encode leaves nothing behind in a shared buffer.
    void abandon() noexcept { m_bytes.resize(m_start); }

private:
    static constexpr std::size_t kSlack = 96;
    void reserve(std::size_t more)
    {
        const std::size_t want = m_used + more;
        if (m_bytes.size() < want)
            m_bytes.resize(std::max(want, 2 * m_bytes.size()));
    }

    Bytes& m_bytes;
    std::size_t m_start;
    std::size_t m_used;
};

// Runs `pack` into a new frame at the end of `out`; on a throw, `out` is as it was.
template <class F> void appendFrame(Bytes& out, F&& pack)
{
    FrameStream stream(out);
    try {
        msgpack::packer<FrameStream> pk(stream);
        pack(pk);
        stream.finish();
    } catch (...) {
        stream.abandon();
        throw;
    }
}

using Packer = msgpack::packer<FrameStream>;

[[noreturn]] void cannotPickle(const std::any& value)
{
    throw TypeError("cannot pickle '" + detail::demangledName(value.type()) + "' object");
}

std::string resolveName(const FunctionRef& fn, const TaskTable* table)
{
    // pickle looks a function up by name in the parent before sending it; a
    // function it cannot find there (a lambda, a local) fails with PicklingError.
    if (fn.address) {
        const std::string* name = table ? table->nameOf(fn.address) : nullptr;
        if (!name)
            throw PyError("PicklingError",
                          "Can't pickle " + fn.repr() + ": it is not registered in the task registry");
        return *name;
    }
    if (table && fn.name != kProcessChunk && !table->contains(fn.name))
        throw PyError("PicklingError", "Can't pickle " + fn.repr() + ": attribute lookup " + fn.name +
                                           " on <task registry> failed");
    return fn.name;
}

void packString(Packer& pk, std::string_view s)
{
    pk.pack_str(static_cast<std::uint32_t>(s.size()));
    pk.pack_str_body(s.data(), static_cast<std::uint32_t>(s.size()));
}

void packValue(Packer& pk, const std::any& v, const TaskTable* table);

template <class T> bool packVector(Packer& pk, const std::any& v)
{
    const auto* list = std::any_cast<std::vector<T>>(&v);
    if (!list)
        return false;
    pk.pack_array(static_cast<std::uint32_t>(list->size()));
    for (const T& x : *list) {
        if constexpr (std::is_same_v<T, std::string>)
            packString(pk, x);
        else if constexpr (std::is_floating_point_v<T>)
            pk.pack_double(static_cast<double>(x));
        else
            pk.pack_int64(static_cast<std::int64_t>(x));
    }
    return true;
}

template <class T> bool packSigned(Packer& pk, const std::any& v)
{
    if (const auto* x = std::any_cast<T>(&v)) {
        pk.pack_int64(static_cast<std::int64_t>(*x));
        return true;
    }
    return false;
}

template <class T> bool packUnsigned(Packer& pk, const std::any& v)
{
    if (const auto* x = std::any_cast<T>(&v)) {
        pk.pack_uint64(static_cast<std::uint64_t>(*x));
        return true;
    }
    return false;
}

void packValue(Packer& pk, const std::any& v, const TaskTable* table)
{
    if (!v.has_value()) {
        pk.pack_nil();
        return;
    }
    // Fast path: compare type_info addresses (one binary, one type_info per type). A failed
    // std::any_cast compares mangled names with strcmp, which the slow path below pays.
    const std::type_info& t = v.type();
    if (&t == &typeid(std::int64_t)) {
        pk.pack_int64(*std::any_cast<std::int64_t>(&v));
        return;
    }
    if (&t == &typeid(std::vector<std::any>)) {
        const auto& list = *std::any_cast<std::vector<std::any>>(&v);
        pk.pack_array(static_cast<std::uint32_t>(list.size()));
        for (const auto& x : list)
            packValue(pk, x, table);
        return;
    }
    if (&t == &typeid(ChunkArgs)) {
        const auto& chunk = *std::any_cast<ChunkArgs>(&v);
        const std::size_t calls = chunk.calls();
        pk.pack_array(static_cast<std::uint32_t>(calls));
        for (std::size_t c = 0; c < calls; ++c) {
            pk.pack_array(chunk.arity);
            for (std::uint32_t a = 0; a < chunk.arity; ++a)
                packValue(pk, chunk.flat[c * chunk.arity + a], table);
        }
        return;
    }
    if (&t == &typeid(double)) {
        pk.pack_double(*std::any_cast<double>(&v));
        return;
    }
    if (&t == &typeid(std::string)) {
        packString(pk, *std::any_cast<std::string>(&v));
        return;
    }
    // Slow path: every other type, and the same types if type_info was not merged.
    if (const auto* i = std::any_cast<std::int64_t>(&v)) {
        pk.pack_int64(*i);
        return;
    }
    if (const auto* d = std::any_cast<double>(&v)) {
        pk.pack_double(*d);
        return;
    }
    if (const auto* s = std::any_cast<std::string>(&v)) {
        packString(pk, *s);
        return;
    }
    if (const auto* list = std::any_cast<std::vector<std::any>>(&v)) {
        pk.pack_array(static_cast<std::uint32_t>(list->size()));
        for (const auto& x : *list)
            packValue(pk, x, table);
        return;
    }
    if (const auto* b = std::any_cast<bool>(&v)) {
        if (*b)
            pk.pack_true();
        else
            pk.pack_false();
        return;
    }
    if (const auto* fn = std::any_cast<FunctionRef>(&v)) {
        const std::string name = resolveName(*fn, table);
        pk.pack_ext(name.size(), detail::kExtFunction);
        pk.pack_ext_body(name.data(), static_cast<std::uint32_t>(name.size()));
        return;
    }
    if (const auto* bytes = std::any_cast<std::vector<std::uint8_t>>(&v)) {
        pk.pack_bin(static_cast<std::uint32_t>(bytes->size()));
        pk.pack_bin_body(reinterpret_cast<const char*>(bytes->data()),
                         static_cast<std::uint32_t>(bytes->size()));
        return;
    }
    if (const auto* f = std::any_cast<float>(&v)) {
        pk.pack_double(static_cast<double>(*f));
        return;
    }
    if (const auto* cs = std::any_cast<const char*>(&v)) {
        packString(pk, *cs ? std::string_view(*cs) : std::string_view());
        return;
    }
    if (const auto* sv = std::any_cast<std::string_view>(&v)) {
        packString(pk, *sv);
        return;
    }
    if (packSigned<int>(pk, v) || packSigned<long long>(pk, v) || packSigned<short>(pk, v) ||
        packSigned<signed char>(pk, v) || packUnsigned<unsigned>(pk, v) ||
        packUnsigned<unsigned long>(pk, v) || packUnsigned<unsigned long long>(pk, v) ||
        packUnsigned<unsigned short>(pk, v) || packUnsigned<unsigned char>(pk, v))
        return;
    if (packVector<std::int64_t>(pk, v) || packVector<int>(pk, v) || packVector<double>(pk, v) ||
        packVector<std::string>(pk, v))
        return;
    cannotPickle(v);
}

[[noreturn]] void malformed(const std::string& what)
{
    throw PyError("UnpicklingError", what);
}

std::any toAny(const msgpack::object& o)
{
    switch (o.type) {
    case msgpack::type::NIL:
        return {};
    case msgpack::type::BOOLEAN:
        return o.via.boolean;
    case msgpack::type::POSITIVE_INTEGER:
        if (o.via.u64 > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return o.via.u64;
        return static_cast<std::int64_t>(o.via.u64);
    case msgpack::type::NEGATIVE_INTEGER:
        return o.via.i64;
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64:
        return o.via.f64;
    case msgpack::type::STR:
        return std::string(o.via.str.ptr, o.via.str.size);
    case msgpack::type::BIN:
        return std::vector<std::uint8_t>(reinterpret_cast<const std::uint8_t*>(o.via.bin.ptr),
                                         reinterpret_cast<const std::uint8_t*>(o.via.bin.ptr) +
                                             o.via.bin.size);
    case msgpack::type::ARRAY: {
        std::vector<std::any> list;
        list.reserve(o.via.array.size);
        for (std::uint32_t i = 0; i < o.via.array.size; ++i)
            list.push_back(toAny(o.via.array.ptr[i]));
        return list;
    }
    case msgpack::type::EXT:
        if (o.via.ext.type() == detail::kExtFunction)
            return FunctionRef::named(std::string(o.via.ext.data(), o.via.ext.size));
        malformed("unknown extension type " + std::to_string(o.via.ext.type()));
    case msgpack::type::MAP:
        malformed("maps are not a PoolScope value");
    }
    malformed("unknown msgpack type");
}

// A list of argument lists that all have the same length, as ChunkArgs.
std::optional<ChunkArgs> toChunk(const msgpack::object& o)
{
    if (o.type != msgpack::type::ARRAY)
        return std::nullopt;
    const msgpack::object_array& rows = o.via.array;
    ChunkArgs chunk;
    for (std::uint32_t r = 0; r < rows.size; ++r) {
        if (rows.ptr[r].type != msgpack::type::ARRAY)
            return std::nullopt;
        const std::uint32_t n = rows.ptr[r].via.array.size;
        if (r == 0) {
            chunk.arity = n;
            chunk.flat.reserve(static_cast<std::size_t>(rows.size) * n);
        } else if (n != chunk.arity) {
            return std::nullopt;
        }
        for (std::uint32_t a = 0; a < n; ++a)
            chunk.flat.push_back(toAny(rows.ptr[r].via.array.ptr[a]));
    }
    if (rows.size == 0 || chunk.arity == 0)
        return std::nullopt;
    return chunk;
}

// Every element takes at least one byte, so no valid list, string, bytes or
// extension is longer than the payload: those limits cost a valid frame nothing
// and stop a 5-byte header from asking for 4 billion elements.
msgpack::object_handle unpackOne(const char* data, std::size_t size)
{
    if (size > kMaxFrameBytes)
        malformed("payload of " + std::to_string(size) + " bytes exceeds the limit of " +
                  std::to_string(kMaxFrameBytes));
    const msgpack::unpack_limit limit(size, 0, size, size, size, kMaxDepth);
    // Built only on the error paths: a decode must not allocate for a message it never needs.
    const auto within = [size] { return " (payload of " + std::to_string(size) + " bytes)"; };
    try {
        std::size_t offset = 0;
        msgpack::object_handle oh = msgpack::unpack(data, size, offset, nullptr, nullptr, limit);
        if (offset != size)
            malformed("trailing bytes after the payload: " + std::to_string(size - offset) + " of " +
                      std::to_string(size));
        return oh;
    } catch (const PyError&) {
        throw;
    } catch (const msgpack::array_size_overflow&) {
        malformed("a list claims more elements than the payload holds" + within());
    } catch (const msgpack::map_size_overflow&) {
        malformed("maps are not a PoolScope value");
    } catch (const msgpack::str_size_overflow&) {
        malformed("a string claims more bytes than the payload holds" + within());
    } catch (const msgpack::bin_size_overflow&) {
        malformed("a bytes value claims more bytes than the payload holds" + within());
    } catch (const msgpack::ext_size_overflow&) {
        malformed("an extension claims more bytes than the payload holds" + within());
    } catch (const msgpack::insufficient_bytes&) {
        // A string, bytes or extension whose length runs past the end: msgpack finds
        // that out before it would copy anything.
        malformed("truncated: a value runs past the end of the payload" + within());
    } catch (const msgpack::depth_size_overflow&) {
        malformed("values nested deeper than " + std::to_string(kMaxDepth) + " levels");
    } catch (const std::exception& e) {
        malformed(std::string("truncated or malformed payload: ") + e.what());
    }
}

std::int64_t asInt(const msgpack::object& o, const char* what)
{
    if (o.type == msgpack::type::POSITIVE_INTEGER)
        return static_cast<std::int64_t>(o.via.u64);
    if (o.type == msgpack::type::NEGATIVE_INTEGER)
        return o.via.i64;
    malformed(std::string(what) + " must be an int");
}

std::string asString(const msgpack::object& o, const char* what)
{
    if (o.type != msgpack::type::STR)
        malformed(std::string(what) + " must be a str");
    return std::string(o.via.str.ptr, o.via.str.size);
}

} // namespace

namespace detail {
std::string demangledName(const std::type_info& type)
{
    int status = 0;
    char* out = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
    std::string result = (status == 0 && out) ? out : type.name();
    std::free(out);
    return result;
}

void throwConversion(const char* expected, const std::any& got)
{
    throw TypeError(std::string("expected ") + expected + ", got '" + valueTypeName(got) + "'");
}
} // namespace detail

std::string FunctionRef::repr() const
{
    if (!name.empty())
        return "<function " + name + ">";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%p", address);
    return std::string("<function at ") + buf + ">";
}

std::string valueTypeName(const std::any& value)
{
    if (!value.has_value())
        return "NoneType";
    const std::type_info& t = value.type();
    if (t == typeid(bool))
        return "bool";
    if (t == typeid(std::int64_t) || t == typeid(std::uint64_t) || t == typeid(int))
        return "int";
    if (t == typeid(double) || t == typeid(float))
        return "float";
    if (t == typeid(std::string))
        return "str";
    if (t == typeid(std::vector<std::uint8_t>))
        return "bytes";
    if (t == typeid(std::vector<std::any>))
        return "list";
    if (t == typeid(FunctionRef))
        return "function";
    if (t == typeid(ChunkArgs))
        return "list";
    return detail::demangledName(t);
}

Bytes encodeValue(const std::any& value, const TaskTable* table)
{
    Bytes out;
    appendFrame(out, [&](Packer& pk) { packValue(pk, value, table); });
    return out;
}

void appendCall(Bytes& out, const CallItem& item, const TaskTable* table)
{
    appendFrame(out, [&](Packer& pk) {
        pk.pack_array(3);
        pk.pack_int64(item.workId);
        const std::string name = resolveName(item.fn, table);
        pk.pack_ext(name.size(), detail::kExtFunction);
        pk.pack_ext_body(name.data(), static_cast<std::uint32_t>(name.size()));
        pk.pack_array(static_cast<std::uint32_t>(item.args.size()));
        for (const auto& a : item.args)
            packValue(pk, a, table);
    });
}

Bytes encodeCall(const CallItem& item, const TaskTable* table)
{
    Bytes out;
    appendCall(out, item, table);
    return out;
}

void appendSentinel(Bytes& out)
{
    appendFrame(out, [](Packer& pk) { pk.pack_nil(); });
}

Bytes encodeSentinel()
{
    Bytes out;
    appendSentinel(out);
    return out;
}

void appendResult(Bytes& out, const ResultItem& item, const TaskTable* table)
{
    appendFrame(out, [&](Packer& pk) {
        pk.pack_array(4);
        pk.pack_int64(item.workId);
        if (item.exception) {
            pk.pack_array(3);
            packString(pk, item.exception->type);
            packString(pk, item.exception->message);
            packString(pk, item.exception->traceback);
        } else {
            pk.pack_nil();
        }
        packValue(pk, item.result, table);
        if (item.exitPid)
            pk.pack_int64(*item.exitPid);
        else
            pk.pack_nil();
    });
}

Bytes encodeResult(const ResultItem& item, const TaskTable* table)
{
    Bytes out;
    appendResult(out, item, table);
    return out;
}

Bytes encodePid(std::int32_t pid)
{
    Bytes out;
    appendFrame(out, [&](Packer& pk) { pk.pack_int64(pid); });
    return out;
}

std::any decodeValue(const char* data, std::size_t size)
{
    if (size <= kMaxFrameBytes) {
        std::any v;
        if (detail::fastDecodeValue(data, size, v))
            return v;
    }
    auto oh = unpackOne(data, size);
    return toAny(oh.get());
}

CallMessage decodeCall(const char* data, std::size_t size)
{
    if (size <= kMaxFrameBytes) {
        CallMessage fast;
        if (detail::fastDecodeCall(data, size, fast))
            return fast;
    }
    auto oh = unpackOne(data, size);
    const msgpack::object& o = oh.get();
    CallMessage m;
    if (o.type == msgpack::type::NIL) {
        m.sentinel = true;
        return m;
    }
    if (o.type != msgpack::type::ARRAY || o.via.array.size != 3)
        malformed("a call item is [work_id, fn, args]");
    const msgpack::object* f = o.via.array.ptr;
    m.item.workId = asInt(f[0], "work_id");
    if (f[1].type != msgpack::type::EXT || f[1].via.ext.type() != detail::kExtFunction)
        malformed("fn must be a function reference");
    m.item.fn = FunctionRef::named(std::string(f[1].via.ext.data(), f[1].via.ext.size));
    if (f[2].type != msgpack::type::ARRAY)
        malformed("args must be a list");
    const msgpack::object_array& args = f[2].via.array;
    m.item.args.reserve(args.size);
    if (m.item.fn.name == kProcessChunk && args.size == 2) {
        // _process_chunk(fn, chunk): keep the chunk's argument lists flat.
        if (auto chunk = toChunk(args.ptr[1])) {
            m.item.args.push_back(toAny(args.ptr[0]));
            m.item.args.emplace_back(std::move(*chunk));
            return m;
        }
    }
    for (std::uint32_t i = 0; i < args.size; ++i)
        m.item.args.push_back(toAny(args.ptr[i]));
    return m;
}

ResultMessage decodeResult(const char* data, std::size_t size)
{
    if (size <= kMaxFrameBytes) {
        ResultMessage fast;
        if (detail::fastDecodeResult(data, size, fast))
            return fast;
    }
    auto oh = unpackOne(data, size);
    const msgpack::object& o = oh.get();
    ResultMessage m;
    if (o.type == msgpack::type::POSITIVE_INTEGER) {
        m.isPid = true;
        m.pid = static_cast<std::int32_t>(o.via.u64);
        return m;
    }
    if (o.type != msgpack::type::ARRAY || o.via.array.size != 4)
        malformed("a result item is [work_id, exception, result, exit_pid]");
    const msgpack::object* f = o.via.array.ptr;
    m.item.workId = asInt(f[0], "work_id");
    if (f[1].type != msgpack::type::NIL) {
        if (f[1].type != msgpack::type::ARRAY || f[1].via.array.size != 3)
            malformed("exception must be [type, message, traceback]");
        const msgpack::object* e = f[1].via.array.ptr;
        m.item.exception = RemoteError{asString(e[0], "exception type"), asString(e[1], "exception message"),
                                       asString(e[2], "traceback")};
    }
    m.item.result = toAny(f[2]);
    if (f[3].type != msgpack::type::NIL)
        m.item.exitPid = static_cast<std::int32_t>(asInt(f[3], "exit_pid"));
    return m;
}

std::string frameTooLarge(std::size_t length)
{
    return "bad message length: " + std::to_string(length) + " bytes, the limit is " +
           std::to_string(kMaxFrameBytes);
}

} // namespace poolscope
