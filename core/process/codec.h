#pragma once
// The serialization codec: PoolScope's counterpart of pickle plus
// multiprocessing.connection's framing, built on msgpack-cxx.
//
// Values travel as std::any. What can cross (and what comes back, "canonical"):
//   empty std::any      <-> nil                  (None)
//   bool                <-> bool
//   any integer type     -> std::int64_t         (std::uint64_t above INT64_MAX)
//   float, double        -> double
//   std::string, const char*, std::string_view -> std::string
//   std::vector<std::uint8_t> <-> bin            (bytes)
//   std::vector<std::any>, std::vector<int64_t|int|double|std::string> -> std::vector<std::any> (list)
//   FunctionRef          -> FunctionRef by name  (a function pickled by reference)
// Anything else fails with TypeError("cannot pickle 'T' object"), T the C++ type,
// mirroring CPython's "cannot pickle '_thread.lock' object".
//
// Frames are a 4-byte big-endian length followed by the payload, like
// multiprocessing.connection.Connection.send_bytes.

#include "core/futures/errors.h"

#include <any>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace poolscope {

class TaskTable;

// A task function crossing the boundary by name, as pickle stores a function by
// its qualified name. Built from a function pointer (looked up in the task
// registry when it is serialized) or from a name.
struct FunctionRef
{
    std::string name;
    const void* address = nullptr;

    template <class R, class... P> static FunctionRef of(R (*fn)(P...))
    {
        return FunctionRef{{}, reinterpret_cast<const void*>(fn)};
    }
    static FunctionRef named(std::string n) { return FunctionRef{std::move(n), nullptr}; }
    // "<function NAME>" or "<function at 0x...>", as Python prints a function.
    std::string repr() const;
};

// The argument lists of one map() chunk, kept flat in memory (`arity` values per call)
// so building and running a chunk allocates nothing per item. On the wire it is
// exactly a list of argument lists, like the tuple of tuples _get_chunks() yields,
// and a worker decodes a uniform list of lists back into this form.
struct ChunkArgs
{
    std::uint32_t arity = 0;
    std::vector<std::any> flat;
    std::size_t calls() const noexcept { return arity ? flat.size() / arity : 0; }
};

// One frame: 4 header bytes then the payload.
using Bytes = std::vector<char>;
inline constexpr std::size_t kFrameHeader = 4;
// The largest payload a frame may carry, both ways. multiprocessing has no such
// limit; here a corrupt or hostile header must not make a reader allocate up to
// 4 GiB (a 1.3-million factorial, the tutorial's largest result, is 3 MB).
inline constexpr std::size_t kMaxFrameBytes = std::size_t(1) << 30;
// How values may nest in one payload (a map chunk is 4 levels deep).
inline constexpr std::size_t kMaxDepth = 64;
// "bad message length: N bytes, the limit is M" (Connection.recv_bytes's OSError).
std::string frameTooLarge(std::size_t length);

// _CallItem(work_id, fn, args). The None sentinel is encoded by encodeSentinel().
struct CallItem
{
    std::int64_t workId = 0;
    FunctionRef fn;
    std::vector<std::any> args;
};

struct CallMessage
{
    bool sentinel = false; // None: the worker should exit
    CallItem item;
};

// An exception raised in a worker: type name, message and the worker's traceback text.
struct RemoteError
{
    std::string type;
    std::string message;
    std::string traceback;
};

// _ResultItem(work_id, exception, result, exit_pid).
struct ResultItem
{
    std::int64_t workId = -1;
    std::optional<RemoteError> exception;
    std::any result;
    std::optional<std::int32_t> exitPid;
};

// What the result queue carries: a _ResultItem, or a bare pid (the worker got None and exits).
struct ResultMessage
{
    bool isPid = false;
    std::int32_t pid = 0;
    ResultItem item;
};

// Encoders return a whole frame (header filled in); a payload over kMaxFrameBytes
// throws PyError("OSError", frameTooLarge(...)). `table` resolves FunctionRefs;
// without it a FunctionRef must already carry a name. They throw TypeError for a
// value that cannot cross and PyError("PicklingError") for an unknown function.
Bytes encodeCall(const CallItem& item, const TaskTable* table);
Bytes encodeSentinel();
Bytes encodeResult(const ResultItem& item, const TaskTable* table);
Bytes encodePid(std::int32_t pid);
Bytes encodeValue(const std::any& value, const TaskTable* table = nullptr);
// The same frames appended to `out` (several may share one buffer, reused across calls);
// on a throw `out` is left as it was.
void appendCall(Bytes& out, const CallItem& item, const TaskTable* table);
void appendSentinel(Bytes& out);
void appendResult(Bytes& out, const ResultItem& item, const TaskTable* table);

// Decoders take the payload (no header) as a raw byte buffer: any bytes at all,
// so a fuzz target can call them directly. A malformed payload throws
// PyError("UnpicklingError") with one line saying what is wrong; nothing they do
// allocates more than a small multiple of `size` (msgpack's unpack limits are
// set from it: no list, string, bytes or extension can be longer than the
// payload itself, nesting stops at kMaxDepth, trailing bytes are refused).
// A well-formed payload is read directly, without msgpack's object tree; any other
// goes through msgpack's unpacker, so it fails with the same line either way.
CallMessage decodeCall(const char* data, std::size_t size);
ResultMessage decodeResult(const char* data, std::size_t size);
std::any decodeValue(const char* data, std::size_t size);

inline std::uint32_t frameLength(const char* header)
{
    const auto* b = reinterpret_cast<const unsigned char*>(header);
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
}

// Python-ish name of what a std::any holds: int, float, str, bool, bytes, list,
// NoneType, function, or the demangled C++ type.
std::string valueTypeName(const std::any& value);

// Converts a decoded value to T: exact type, or a lossless numeric conversion, or a
// list to std::vector<U>. Throws TypeError("expected T, got 'U'") otherwise.
template <class T> T valueAs(const std::any& value);

namespace detail {
std::string demangledName(const std::type_info& type);
[[noreturn]] void throwConversion(const char* expected, const std::any& got);

template <class T> struct IsVector : std::false_type
{
};
template <class U, class A> struct IsVector<std::vector<U, A>> : std::true_type
{
    using Element = U;
};
} // namespace detail

template <class T> T valueAs(const std::any& value)
{
    if constexpr (std::is_same_v<T, std::any>) {
        return value;
    } else {
        if (const T* exact = std::any_cast<T>(&value))
            return *exact;
        if constexpr (std::is_same_v<T, bool>) {
            detail::throwConversion("bool", value);
        } else if constexpr (std::is_integral_v<T>) {
            if (const auto* i = std::any_cast<std::int64_t>(&value)) {
                if (*i < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
                    (*i > 0 && static_cast<std::uint64_t>(*i) > std::numeric_limits<T>::max()))
                    throw ValueError("int " + std::to_string(*i) + " out of range for " +
                                     detail::demangledName(typeid(T)));
                return static_cast<T>(*i);
            }
            if (const auto* u = std::any_cast<std::uint64_t>(&value)) {
                if (*u > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
                    throw ValueError("int " + std::to_string(*u) + " out of range for " +
                                     detail::demangledName(typeid(T)));
                return static_cast<T>(*u);
            }
            detail::throwConversion("int", value);
        } else if constexpr (std::is_floating_point_v<T>) {
            if (const auto* d = std::any_cast<double>(&value))
                return static_cast<T>(*d);
            if (const auto* i = std::any_cast<std::int64_t>(&value))
                return static_cast<T>(*i);
            detail::throwConversion("float", value);
        } else if constexpr (detail::IsVector<T>::value) {
            using U = typename detail::IsVector<T>::Element;
            if (const auto* list = std::any_cast<std::vector<std::any>>(&value)) {
                T out;
                out.reserve(list->size());
                for (const auto& element : *list)
                    out.push_back(valueAs<U>(element));
                return out;
            }
            detail::throwConversion("list", value);
        } else {
            detail::throwConversion(detail::demangledName(typeid(T)).c_str(), value);
        }
    }
}

// The C++ type a task result has after a round trip (what Future<T> must name).
template <class R, class = void> struct WireTypeOf
{
    using type = R;
};
template <class R> struct WireTypeOf<R, std::enable_if_t<std::is_integral_v<R> && !std::is_same_v<R, bool>>>
{
    using type = std::int64_t;
};
template <class R> struct WireTypeOf<R, std::enable_if_t<std::is_floating_point_v<R>>>
{
    using type = double;
};
template <> struct WireTypeOf<const char*>
{
    using type = std::string;
};
template <class U, class A>
struct WireTypeOf<std::vector<U, A>, std::enable_if_t<!std::is_same_v<U, std::uint8_t>>>
{
    using type = std::vector<std::any>;
};
template <class R> using WireType = typename WireTypeOf<std::decay_t<R>>::type;

} // namespace poolscope
