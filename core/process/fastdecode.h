#pragma once
// The hot path's decoders of a call item and a result item, read straight from the bytes
// (codec.cpp's decodeCall and decodeResult try them first and fall back to msgpack).

#include "core/process/codec.h"

#include <any>
#include <cstddef>
#include <cstdint>

namespace poolscope::detail {

inline constexpr std::int8_t kExtFunction = 1; // the msgpack extension type of a function reference

// True when the payload had the fixed shape and `m` holds it; false sends the caller down the full path.
bool fastDecodeValue(const char* data, std::size_t size, std::any& v);
bool fastDecodeCall(const char* data, std::size_t size, CallMessage& m);
bool fastDecodeResult(const char* data, std::size_t size, ResultMessage& m);

} // namespace poolscope::detail
