#pragma once
// Trace export. Two formats from one recorded event list:
//  - Chrome Trace Event JSON (opens in Perfetto and chrome://tracing): process
//    and thread names, a slice per task run, an async span per future with its
//    states nested, flow arrows submit -> pickup -> result, GIL held/wait slices
//    and counters for queue depths;
//  - the JSON native trace (format version 1): every event losslessly. The CLI now
//    writes the binary run file instead (core/run/runfile.h) and still reads this
//    one; loadNativeTrace() validates it and names what is wrong and where.

#include "core/events/event.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace poolscope {

struct TraceError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

struct TraceMeta
{
    std::string createdBy = "poolscope";
    std::string scenarioJson; // the scenario that produced the trace ("" when none)
    std::int32_t mainPid = 0; // the process the executors ran in (0: this process)
};

inline constexpr int kNativeTraceVersion = 1;
inline constexpr const char* kNativeTraceFormat = "poolscope-trace";

// Chrome Trace Event JSON for `events` (ordered by seq, as Recorder::events() gives them).
std::string chromeTraceJson(const std::vector<Event>& events, const TraceMeta& meta = {});
// Throws TraceError when the file cannot be written.
void writeChromeTrace(const std::string& path, const std::vector<Event>& events, const TraceMeta& meta = {});

struct NativeTrace
{
    int version = kNativeTraceVersion;
    std::string createdBy;
    std::string scenarioJson; // "" when the trace has no scenario
    std::vector<Event> events;
};

std::string nativeTraceJson(const std::vector<Event>& events, const TraceMeta& meta = {});
void writeNativeTrace(const std::string& path, const std::vector<Event>& events, const TraceMeta& meta = {});
// Throws TraceError("where: what is wrong"), e.g. "events[12][2]: kind index 99 is out of range (0..53)".
NativeTrace parseNativeTrace(const std::string& text);
NativeTrace loadNativeTrace(const std::string& path); // messages prefixed with the path

} // namespace poolscope
