// libFuzzer target: the process pool's pipe frames as a worker (call items) and the manager
// (results) decode them. A malformed payload must end in PyError("UnpicklingError"), never in a
// crash, a sanitizer report or an allocation the payload's size does not justify.
#include "core/futures/errors.h"
#include "core/process/codec.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const char* bytes = reinterpret_cast<const char*>(data);
    try {
        (void)poolscope::decodeCall(bytes, size);
    } catch (const poolscope::PyError&) {
    }
    try {
        (void)poolscope::decodeResult(bytes, size);
    } catch (const poolscope::PyError&) {
    }
    try {
        (void)poolscope::decodeValue(bytes, size);
    } catch (const poolscope::PyError&) {
    }
    return 0;
}
