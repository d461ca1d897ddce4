// libFuzzer target: the native trace reader (a .pstrace file). Bad input must end in
// TraceError; an accepted trace must export to Chrome JSON and round-trip through the native
// format with the same events.
#include "core/run/trace.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    poolscope::NativeTrace t;
    try {
        t = poolscope::parseNativeTrace(text);
    } catch (const poolscope::TraceError&) {
        return 0;
    }
    poolscope::TraceMeta meta;
    meta.createdBy = t.createdBy;
    meta.scenarioJson = t.scenarioJson;
    meta.mainPid = 1;
    (void)poolscope::chromeTraceJson(t.events, meta);
    const poolscope::NativeTrace again =
        poolscope::parseNativeTrace(poolscope::nativeTraceJson(t.events, meta));
    if (again.events.size() != t.events.size() || again.scenarioJson != t.scenarioJson)
        std::abort();
    for (std::size_t i = 0; i < t.events.size(); ++i) {
        const poolscope::Event &a = t.events[i], &b = again.events[i];
        if (a.seq != b.seq || a.tNs != b.tNs || a.kind != b.kind || a.executor != b.executor ||
            a.worker != b.worker || a.task != b.task || a.value != b.value || a.value2 != b.value2)
            std::abort();
    }
    return 0;
}
