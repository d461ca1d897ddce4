#include "core/run/trace.h"

#include "core/run/inputfile.h"
#include "core/version.h"

#include "core/futures/future.h"

#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unistd.h>
#include <unordered_map>

namespace poolscope {

namespace {

using nlohmann::json;

// Track layout: thread-pool threads and the caller share the executors'
// process; worker processes get their own. Thread ids are executor*1000 +
// worker so two pools' "thread 1" stay apart; the GIL of a thread is drawn on
// a sibling track (+500) because its held spans cross task boundaries.
constexpr std::int64_t kGilTrackOffset = 500;

struct Track
{
    std::int64_t pid;
    std::int64_t tid;
};

class ChromeWriter
{
public:
    ChromeWriter(const std::vector<Event>& events, const TraceMeta& meta)
        : m_events(events), m_mainPid(meta.mainPid ? meta.mainPid : ::getpid())
    {
        m_t0 = events.empty() ? 0 : events.front().tNs;
        for (const auto& e : events)
            m_t0 = std::min(m_t0, e.tNs);
        m_out.reserve(events.size() * 96 + 4096);
        m_out += R"({"displayTimeUnit":"ms","otherData":)";
        m_out +=
            json{{"created_by", meta.createdBy},
                 {"poolscope_version", kVersion},
                 {"scenario", meta.scenarioJson.empty() ? json(nullptr) : json::parse(meta.scenarioJson)}}
                .dump();
        m_out += ",\"traceEvents\":[";
    }

    std::string finish()
    {
        for (const auto& e : m_events)
            handle(e);
        closeOpenSpans();
        writeNames();
        m_out += "]}";
        return std::move(m_out);
    }

private:
    const std::vector<Event>& m_events;
    std::int64_t m_mainPid;
    std::int64_t m_t0 = 0;
    std::int64_t m_lastNs = 0;
    std::string m_out;
    bool m_first = true;

    std::unordered_map<std::uint16_t, std::int64_t> m_poolType; // executor -> 0 thread, 1 process
    std::map<std::pair<std::int64_t, std::int64_t>, std::string> m_threadNames;
    std::map<std::int64_t, std::string> m_processNames;
    std::unordered_map<std::int64_t, Event> m_taskStart;   // task -> TaskStart
    std::unordered_map<std::int64_t, Event> m_part;        // task -> TaskPhase of its open part
    std::unordered_map<std::int64_t, Event> m_submit;      // task -> Submit (until its put)
    std::unordered_map<std::int64_t, std::string> m_state; // task -> open state span
    std::set<std::int64_t> m_futureOpen;
    std::unordered_map<std::int64_t, std::int64_t> m_gilHeld; // track tid -> acquire ns
    std::unordered_map<std::int64_t, std::int64_t> m_gilWait; // track tid -> request ns
    std::unordered_map<std::int64_t, Track> m_gilTrack;       // tid -> track of the open span

    double us(std::int64_t ns) const { return static_cast<double>(ns - m_t0) / 1000.0; }

    void begin()
    {
        if (!m_first)
            m_out += ',';
        m_first = false;
    }

    void append(const char* fmt, ...) __attribute__((format(printf, 2, 3)))
    {
        char buf[512];
        va_list ap;
        va_start(ap, fmt);
        const int n = std::vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        m_out.append(buf, static_cast<std::size_t>(std::min<int>(n, sizeof buf - 1)));
    }

    Track trackOf(const Event& e)
    {
        const auto it = m_poolType.find(e.executor);
        const bool process = it != m_poolType.end() && it->second == 1;
        if (process && e.worker > 0) {
            m_processNames.emplace(e.worker, "worker process " + std::to_string(e.worker));
            m_threadNames.emplace(std::make_pair(std::int64_t(e.worker), std::int64_t(e.worker)),
                                  "MainThread");
            return {e.worker, e.worker};
        }
        if (e.worker <= 0) {
            m_threadNames.emplace(std::make_pair(m_mainPid, std::int64_t(0)), "MainThread (caller, manager)");
            return {m_mainPid, 0};
        }
        const std::int64_t tid = std::int64_t(e.executor) * 1000 + e.worker;
        m_threadNames.emplace(std::make_pair(m_mainPid, tid), "ThreadPoolExecutor " +
                                                                  std::to_string(e.executor) + " thread " +
                                                                  std::to_string(e.worker));
        return {m_mainPid, tid};
    }

    // How a slice joins its future's flow. Perfetto's JSON importer binds a v1 flow event
    // (ph s/t/f) only to a slice open on its thread at that instant, which a 1 us `X` slice
    // rarely is; a v2 flow is written on the `X` slice itself (bind_id, flow_out = an arrow
    // leaves it, flow_in = an arrow arrives, both = a step), so it always binds.
    enum class Flow
    {
        None,
        Out,
        Step,
        In
    };

    void slice(const char* name, std::int64_t id, const char* cat, Track t, std::int64_t startNs,
               std::int64_t endNs, const std::string& args, Flow flow = Flow::None, std::int64_t flowId = 0)
    {
        begin();
        const double dur = std::max(0.001, static_cast<double>(endNs - startNs) / 1000.0);
        append(R"({"name":"%s)", name);
        if (id >= 0)
            append(" #%" PRId64, id);
        append(R"(","cat":"%s","ph":"X","ts":%.3f,"dur":%.3f,"pid":%)" PRId64 R"(,"tid":%)" PRId64, cat,
               us(startNs), dur, t.pid, t.tid);
        if (flow != Flow::None)
            append(",\"bind_id\":%" PRId64 "%s%s", flowId, flow != Flow::Out ? ",\"flow_in\":true" : "",
                   flow != Flow::In ? ",\"flow_out\":true" : "");
        if (!args.empty())
            m_out += ",\"args\":" + args;
        m_out += '}';
    }

    // One async track per future: id2.local (the future's id) scopes it to the executors'
    // process, where future ids are unique; the state spans nest on the same id.
    void async(char ph, const std::string& name, std::int64_t task, std::int64_t ns)
    {
        begin();
        append("{\"name\":\"%s\",\"cat\":\"future\",\"ph\":\"%c\",\"id2\":{\"local\":\"0x%" PRIx64
               "\"},\"ts\":%.3f,\"pid\":%" PRId64 ",\"tid\":0}",
               name.c_str(), ph, static_cast<std::uint64_t>(task), us(ns), m_mainPid);
    }

    void counter(const char* name, std::int64_t value, std::uint16_t executor, std::int64_t ns)
    {
        begin();
        append("{\"name\":\"%s (executor %u)\",\"ph\":\"C\",\"ts\":%.3f,\"pid\":%" PRId64
               ",\"args\":{\"depth\":%" PRId64 "}}",
               name, static_cast<unsigned>(executor), us(ns), m_mainPid, value);
    }

    void instant(const Event& e, Track t)
    {
        begin();
        append("{\"name\":\"%.*s\",\"cat\":\"step\",\"ph\":\"i\",\"s\":\"t\",\"ts\":%.3f,\"pid\":%" PRId64
               ",\"tid\":%" PRId64 ",\"args\":{\"task\":%" PRId64 ",\"value\":%" PRId64 ",\"value2\":%" PRId64
               "}}",
               static_cast<int>(eventKindName(e.kind).size()), eventKindName(e.kind).data(), us(e.tNs), t.pid,
               t.tid, e.task, e.value, e.value2);
    }

    // A mixed task's part (TaskPhase to the next one, or to TaskEnd): a slice inside the task's own.
    void closePart(const Event& e)
    {
        auto it = m_part.find(e.task);
        if (it == m_part.end())
            return;
        const bool cpu = it->second.value == static_cast<std::int64_t>(TaskPart::Cpu);
        slice(cpu ? "CPU part" : "I/O part", e.task, "part", trackOf(it->second), it->second.tNs, e.tNs,
              std::string(R"({"task":)") + std::to_string(e.task) + R"(,"part":")" + (cpu ? "cpu" : "io") +
                  R"("})");
        m_part.erase(it);
    }

    Track gilTrack(const Event& e)
    {
        Track t = trackOf(e);
        const Track g{t.pid, t.tid + kGilTrackOffset};
        auto name = m_threadNames.find({t.pid, t.tid});
        m_threadNames.emplace(std::make_pair(g.pid, g.tid),
                              (name != m_threadNames.end() ? name->second : "") + " \xc2\xb7 GIL");
        return g;
    }

    void handle(const Event& e)
    {
        m_lastNs = std::max(m_lastNs, e.tNs);
        switch (e.kind) {
        case EventKind::ExecutorCreated:
            m_poolType[e.executor] = e.value2;
            instant(e, trackOf(e));
            break;
        case EventKind::Submit: {
            trackOf(e); // names the caller's track
            m_submit[e.task] = e;
            m_futureOpen.insert(e.task);
            async('b', "future #" + std::to_string(e.task), e.task, e.tNs);
            async('b', "PENDING", e.task, e.tNs);
            m_state[e.task] = "PENDING";
            break;
        }
        case EventKind::WorkQueuePut:
        case EventKind::WorkIdPut: {
            counter(e.kind == EventKind::WorkQueuePut ? "work queue" : "work ids", e.value, e.executor,
                    e.tNs);
            auto it = m_submit.find(e.task);
            if (it != m_submit.end()) {
                slice("submit", e.task, "submit", trackOf(it->second), it->second.tNs, e.tNs,
                      "{\"task\":" + std::to_string(e.task) + "}", Flow::Out, e.task);
                m_submit.erase(it);
            }
            break;
        }
        case EventKind::WorkQueueGet:
            counter("work queue", e.value, e.executor, e.tNs);
            break;
        case EventKind::WorkIdGet:
            counter("work ids", e.value, e.executor, e.tNs);
            break;
        case EventKind::CallQueuePut:
            counter("call queue", e.value, e.executor, e.tNs);
            break;
        case EventKind::PendingInsert:
        case EventKind::PendingPop:
            counter("pending work items", e.value, e.executor, e.tNs);
            break;
        case EventKind::TaskStart:
            m_taskStart[e.task] = e;
            break;
        case EventKind::TaskPhase:
            closePart(e);
            m_part[e.task] = e;
            break;
        case EventKind::TaskEnd: {
            closePart(e);
            auto it = m_taskStart.find(e.task);
            if (it == m_taskStart.end())
                break;
            const Track t = trackOf(it->second);
            slice("task", e.task, "task", t, it->second.tNs, e.tNs,
                  "{\"task\":" + std::to_string(e.task) + ",\"raised\":" + (e.value2 ? "true" : "false") +
                      "}",
                  Flow::Step, e.task);
            m_taskStart.erase(it);
            break;
        }
        case EventKind::FutureState: {
            const auto to = static_cast<FutureStatus>(e.value2);
            auto st = m_state.find(e.task);
            if (st != m_state.end()) {
                async('e', st->second, e.task, e.tNs);
                m_state.erase(st);
            }
            if (to == FutureStatus::Finished || to == FutureStatus::CancelledAndNotified) {
                if (to == FutureStatus::Finished) {
                    const Track t = trackOf(e);
                    slice("set_result", e.task, "result", t, e.tNs, e.tNs + 1000, "", Flow::In, e.task);
                }
                if (m_futureOpen.erase(e.task))
                    async('e', "future #" + std::to_string(e.task), e.task, e.tNs);
            } else {
                const std::string name = futureStatusName(to);
                async('b', name, e.task, e.tNs);
                m_state[e.task] = name;
            }
            break;
        }
        case EventKind::GilRequest: {
            const Track g = gilTrack(e);
            m_gilWait[g.tid * 1'000'000 + g.pid] = e.tNs;
            break;
        }
        case EventKind::GilAcquire: {
            const Track g = gilTrack(e);
            const std::int64_t key = g.tid * 1'000'000 + g.pid;
            if (auto w = m_gilWait.find(key); w != m_gilWait.end()) {
                slice("GIL wait", -1, "gil", g, w->second, e.tNs,
                      "{\"wait_ns\":" + std::to_string(e.value) + "}");
                m_gilWait.erase(w);
            }
            m_gilHeld[key] = e.tNs;
            m_gilTrack[key] = g;
            break;
        }
        case EventKind::GilRelease: {
            const Track g = gilTrack(e);
            const std::int64_t key = g.tid * 1'000'000 + g.pid;
            if (auto h = m_gilHeld.find(key); h != m_gilHeld.end()) {
                slice("GIL held", -1, "gil", g, h->second, e.tNs,
                      std::string("{\"forced\":") + (e.value2 ? "true" : "false") + "}");
                m_gilHeld.erase(h);
            }
            break;
        }
        case EventKind::GilDropRequest:
            instant(e, gilTrack(e));
            break;
        case EventKind::ThreadSpawn:
        case EventKind::ProcessSpawn:
        case EventKind::ProcessExit:
        case EventKind::PoolBroken:
        case EventKind::Timeout:
        case EventKind::ShutdownFlag:
        case EventKind::ShutdownJoin:
        case EventKind::MapBegin:
        case EventKind::MapEnd:
        case EventKind::InitializerFailed:
        case EventKind::CallbackError:
            instant(e, trackOf(e));
            break;
        default:
            break;
        }
    }

    void closeOpenSpans()
    {
        // Futures still open at the end of the recording (abandoned after a timeout).
        for (const auto& [task, state] : m_state)
            async('e', state, task, m_lastNs);
        for (auto task : m_futureOpen)
            async('e', "future #" + std::to_string(task), task, m_lastNs);
        for (const auto& [key, ns] : m_gilHeld)
            slice("GIL held", -1, "gil", m_gilTrack[key], ns, m_lastNs, "{\"forced\":false}");
    }

    void writeNames()
    {
        m_processNames.emplace(m_mainPid, "poolscope (executors, caller)");
        for (const auto& [pid, name] : m_processNames) {
            begin();
            m_out +=
                json{{"name", "process_name"}, {"ph", "M"}, {"pid", pid}, {"args", {{"name", name}}}}.dump();
            begin();
            m_out += json{{"name", "process_sort_index"},
                          {"ph", "M"},
                          {"pid", pid},
                          {"args", {{"sort_index", pid == m_mainPid ? 0 : pid}}}}
                         .dump();
        }
        for (const auto& [key, name] : m_threadNames) {
            begin();
            m_out += json{{"name", "thread_name"},
                          {"ph", "M"},
                          {"pid", key.first},
                          {"tid", key.second},
                          {"args", {{"name", name}}}}
                         .dump();
            begin();
            m_out += json{{"name", "thread_sort_index"},
                          {"ph", "M"},
                          {"pid", key.first},
                          {"tid", key.second},
                          {"args", {{"sort_index", key.second}}}}
                         .dump();
        }
    }
};

void writeFile(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw TraceError(path + ": cannot open for writing");
    out << text;
    out.close();
    if (!out)
        throw TraceError(path + ": write failed");
}

const char* const kColumns[] = {"seq", "t_ns", "kind", "executor", "worker", "task", "value", "value2"};

} // namespace

std::string chromeTraceJson(const std::vector<Event>& events, const TraceMeta& meta)
{
    return ChromeWriter(events, meta).finish();
}

void writeChromeTrace(const std::string& path, const std::vector<Event>& events, const TraceMeta& meta)
{
    writeFile(path, chromeTraceJson(events, meta));
}

std::string nativeTraceJson(const std::vector<Event>& events, const TraceMeta& meta)
{
    std::string out;
    out.reserve(events.size() * 48 + 4096);
    json head;
    head["format"] = kNativeTraceFormat;
    head["version"] = kNativeTraceVersion;
    head["created_by"] = meta.createdBy;
    head["poolscope_version"] = kVersion;
    head["scenario"] = meta.scenarioJson.empty() ? json(nullptr) : json::parse(meta.scenarioJson);
    json kinds = json::array();
    for (int k = 0; k < kEventKindCount; ++k)
        kinds.push_back(std::string(eventKindName(static_cast<EventKind>(k))));
    head["kinds"] = kinds;
    head["columns"] = kColumns;
    std::string h = head.dump();
    h.pop_back(); // reopen the object to stream the events after the header
    out += h;
    out += ",\"events\":[";
    char buf[192];
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Event& e = events[i];
        const int n = std::snprintf(buf, sizeof buf,
                                    "%s\n[%" PRIu64 ",%" PRId64 ",%u,%u,%" PRId32 ",%" PRId64 ",%" PRId64
                                    ",%" PRId64 "]",
                                    i ? "," : "", e.seq, e.tNs, static_cast<unsigned>(e.kind),
                                    static_cast<unsigned>(e.executor), e.worker, e.task, e.value, e.value2);
        out.append(buf, static_cast<std::size_t>(n));
    }
    out += "\n]}\n";
    return out;
}

void writeNativeTrace(const std::string& path, const std::vector<Event>& events, const TraceMeta& meta)
{
    writeFile(path, nativeTraceJson(events, meta));
}

NativeTrace parseNativeTrace(const std::string& text)
{
    // Depth, numbers and trailing bytes first: see checkJsonText().
    try {
        checkJsonText(text, "");
    } catch (const InputError& e) {
        throw TraceError(e.what());
    }
    json j = json::parse(text);
    if (!j.is_object())
        throw TraceError("top level: must be a JSON object");
    if (!j.contains("format") || j["format"] != kNativeTraceFormat)
        throw TraceError("format: must be \"" + std::string(kNativeTraceFormat) + "\"");
    if (!j.contains("version") || !j["version"].is_number_integer())
        throw TraceError("version: missing or not a whole number");
    NativeTrace t;
    if (j["version"] != kNativeTraceVersion)
        throw TraceError("version: " + j["version"].dump() + " is not supported (this build reads version " +
                         std::to_string(kNativeTraceVersion) + ")");
    t.version = kNativeTraceVersion;
    if (j.contains("created_by")) {
        if (!j["created_by"].is_string())
            throw TraceError("created_by: must be a string");
        t.createdBy = j["created_by"].get<std::string>();
    }
    if (j.contains("scenario") && !j["scenario"].is_null()) {
        if (!j["scenario"].is_object())
            throw TraceError("scenario: must be an object or null");
        t.scenarioJson = j["scenario"].dump();
    }
    if (!j.contains("kinds") || !j["kinds"].is_array())
        throw TraceError("kinds: missing or not an array");
    // The file names its kinds, so a trace stays readable when kinds are added later.
    std::vector<EventKind> kindMap;
    for (std::size_t i = 0; i < j["kinds"].size(); ++i) {
        const auto& k = j["kinds"][i];
        EventKind kind{};
        if (!k.is_string() || !eventKindFromName(k.get<std::string>(), kind))
            throw TraceError("kinds[" + std::to_string(i) + "]: unknown event kind " + k.dump());
        kindMap.push_back(kind);
    }
    if (!j.contains("columns") || j["columns"] != json(kColumns))
        throw TraceError(
            R"(columns: must be ["seq","t_ns","kind","executor","worker","task","value","value2"])");
    if (!j.contains("events") || !j["events"].is_array())
        throw TraceError("events: missing or not an array");
    const auto& rows = j["events"];
    t.events.reserve(rows.size());
    std::uint64_t lastSeq = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        const std::string where = "events[" + std::to_string(i) + "]";
        if (!r.is_array() || r.size() != 8)
            throw TraceError(where + ": must be an array of 8 whole numbers");
        for (std::size_t c = 0; c < 8; ++c) {
            if (!r[c].is_number_integer())
                throw TraceError(where + "[" + std::to_string(c) + "] (" + kColumns[c] +
                                 "): must be a whole number, got " + r[c].dump());
            // seq is unsigned; every other column is signed and must not wrap.
            if (c > 0 && r[c].is_number_unsigned() &&
                r[c].get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
                throw TraceError(where + "[" + std::to_string(c) + "] (" + kColumns[c] + "): " + r[c].dump() +
                                 " does not fit in 64 bits");
        }
        Event e;
        // nlohmann reads a bare 0 as unsigned: the sign alone does not rule it out.
        if (r[0].is_number_unsigned() ? r[0].get<std::uint64_t>() > 0 : r[0].get<std::int64_t>() > 0)
            e.seq = r[0].get<std::uint64_t>();
        else
            throw TraceError(where + "[0] (seq): must be > 0");
        if (i > 0 && e.seq <= lastSeq)
            throw TraceError(where + "[0] (seq): " + std::to_string(e.seq) + " does not increase (previous " +
                             std::to_string(lastSeq) + ")");
        lastSeq = e.seq;
        e.tNs = r[1].get<std::int64_t>();
        const std::int64_t kind = r[2].get<std::int64_t>();
        if (kind < 0 || kind >= static_cast<std::int64_t>(kindMap.size()))
            throw TraceError(where + "[2] (kind): index " + std::to_string(kind) + " is out of range (0.." +
                             std::to_string(static_cast<std::int64_t>(kindMap.size()) - 1) + ")");
        e.kind = kindMap[static_cast<std::size_t>(kind)];
        const std::int64_t executor = r[3].get<std::int64_t>();
        if (executor < 0 || executor > 0xffff)
            throw TraceError(where + "[3] (executor): " + std::to_string(executor) +
                             " is out of range (0..65535)");
        e.executor = static_cast<std::uint16_t>(executor);
        const std::int64_t worker = r[4].get<std::int64_t>();
        if (worker < INT32_MIN || worker > INT32_MAX)
            throw TraceError(where + "[4] (worker): " + std::to_string(worker) + " does not fit in 32 bits");
        e.worker = static_cast<std::int32_t>(worker);
        e.task = r[5].get<std::int64_t>();
        e.value = r[6].get<std::int64_t>();
        e.value2 = r[7].get<std::int64_t>();
        t.events.push_back(e);
    }
    return t;
}

NativeTrace loadNativeTrace(const std::string& path)
{
    std::string text;
    try {
        text = readInputFile(path, kMaxTraceFileBytes);
    } catch (const InputError& e) {
        throw TraceError(e.what());
    }
    try {
        return parseNativeTrace(text);
    } catch (const TraceError& e) {
        throw TraceError(path + ": " + e.what());
    }
}

} // namespace poolscope
