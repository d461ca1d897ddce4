// The run file's reader (docs/runfile.md): every byte it uses is checked, every error names the
// byte and the event, and nothing is allocated that the file's own size does not justify.

#include "core/run/inputfile.h"
#include "core/run/runfile.h"
#include "core/run/runfileformat.h"
#include "core/run/trace.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace poolscope {

namespace {

using nlohmann::json;
using namespace runfileformat;

constexpr std::size_t kChunkRecords = 16384; // 768 KiB read at a time

// Reads the JSON header's fields, naming the field that is wrong.
class HeaderReader
{
public:
    explicit HeaderReader(const json& root) : m_root(root) {}

    const json& object(const json& parent, const char* key, const std::string& where, bool nullable)
    {
        const json& v = field(parent, key, where);
        if (!(v.is_object() || (nullable && v.is_null())))
            fail(where + key, nullable ? "must be an object or null" : "must be an object");
        return v;
    }
    std::string text(const json& parent, const char* key, const std::string& where, bool nullable = false)
    {
        const json& v = field(parent, key, where);
        if (nullable && v.is_null())
            return {};
        if (!v.is_string())
            fail(where + key, nullable ? "must be a string or null" : "must be a string");
        return v.get<std::string>();
    }
    std::int64_t integer(const json& parent, const char* key, const std::string& where, std::int64_t lo,
                         std::int64_t hi, bool nullable = false)
    {
        const json& v = field(parent, key, where);
        if (nullable && v.is_null())
            return 0;
        if (!v.is_number_integer() ||
            (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)))
            fail(where + key,
                 std::string("must be a whole number") + (nullable ? " or null" : "") + ", got " + v.dump());
        const std::int64_t n = v.get<std::int64_t>();
        if (n < lo || n > hi)
            fail(where + key, std::to_string(n) + " is out of range (" + std::to_string(lo) + ".." +
                                  std::to_string(hi) + ")");
        return n;
    }
    double number(const json& parent, const char* key, const std::string& where)
    {
        const json& v = field(parent, key, where);
        if (!v.is_number())
            fail(where + key, "must be a number, got " + v.dump());
        const double d = v.get<double>();
        if (d < 0)
            fail(where + key, "must not be negative");
        return d;
    }
    bool boolean(const json& parent, const char* key, const std::string& where)
    {
        const json& v = field(parent, key, where);
        if (!v.is_boolean())
            fail(where + key, "must be true or false, got " + v.dump());
        return v.get<bool>();
    }

    [[noreturn]] void fail(const std::string& where, const std::string& what)
    {
        throw RunFileError("byte " + std::to_string(kRunFileHeadBytes) + " (header" +
                               (where.empty() ? "" : ".") + where + "): " + what,
                           static_cast<std::int64_t>(kRunFileHeadBytes));
    }

private:
    const json& m_root;

    const json& field(const json& parent, const char* key, const std::string& where)
    {
        const auto it = parent.find(key);
        if (it == parent.end())
            fail(where + key, "missing");
        return *it;
    }
};

// Where the bytes come from: a buffer, or a file read piece by piece (so a big file is never held
// twice in memory).
class Source
{
public:
    virtual ~Source() = default;
    virtual std::uint64_t size() const = 0;
    // Exactly n bytes at offset into dst; throws RunFileError when fewer are there.
    virtual void read(std::uint64_t offset, std::size_t n, char* dst) = 0;
};

class MemorySource final : public Source
{
public:
    explicit MemorySource(std::string_view bytes) : m_bytes(bytes) {}
    std::uint64_t size() const override { return m_bytes.size(); }
    void read(std::uint64_t offset, std::size_t n, char* dst) override
    {
        std::memcpy(dst, m_bytes.data() + offset, n);
    }

private:
    std::string_view m_bytes;
};

class FileSource final : public Source
{
public:
    explicit FileSource(InputFile& file) : m_file(file) {}
    std::uint64_t size() const override { return m_file.size(); }
    void read(std::uint64_t offset, std::size_t n, char* dst) override
    {
        const std::size_t got = m_file.readAt(offset, dst, n);
        if (got != n)
            throw RunFileError("byte " + std::to_string(offset + got) +
                                   ": the file ended early (it shrank while it was read)",
                               static_cast<std::int64_t>(offset + got));
    }

private:
    InputFile& m_file;
};

[[noreturn]] void failAt(std::uint64_t offset, const std::string& what, std::int64_t event = -1)
{
    std::string where = "byte " + std::to_string(offset);
    if (event >= 0)
        where += " (event " + std::to_string(event) + ")";
    throw RunFileError(where + ": " + what, static_cast<std::int64_t>(offset), event);
}

// header["held"]: [seq, held_ns] runs, seq increasing (runfile.cpp); none when absent.
std::vector<std::pair<std::uint64_t, std::int64_t>> parseHeld(const json& root, HeaderReader& h)
{
    std::vector<std::pair<std::uint64_t, std::int64_t>> held;
    const auto it = root.find("held");
    if (it == root.end())
        return held;
    if (!it->is_array())
        h.fail("held", "must be an array of [seq, held_ns] pairs");
    std::uint64_t lastSeq = 0;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const json& pair = (*it)[i];
        const std::string where = "held[" + std::to_string(i) + "]";
        if (!pair.is_array() || pair.size() != 2)
            h.fail(where, "must be a [seq, held_ns] pair, got " + pair.dump());
        const json wrapped{{"seq", pair[0]}, {"held_ns", pair[1]}};
        const auto seq = static_cast<std::uint64_t>(h.integer(wrapped, "seq", where + ".", 1, INT64_MAX));
        if (seq <= lastSeq)
            h.fail(where + ".seq", std::to_string(seq) + " does not increase");
        held.emplace_back(seq, h.integer(wrapped, "held_ns", where + ".", 0, INT64_MAX));
        lastSeq = seq;
    }
    return held;
}

// header["notes"] (runfile.cpp); none when absent.
std::vector<RunNote> parseNotes(const json& root, HeaderReader& h)
{
    std::vector<RunNote> notes;
    const auto it = root.find("notes");
    if (it == root.end())
        return notes;
    if (!it->is_array())
        h.fail("notes", "must be an array of objects");
    std::uint64_t lastAfter = 0;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const json& o = (*it)[i];
        const std::string where = "notes[" + std::to_string(i) + "].";
        if (!o.is_object())
            h.fail("notes[" + std::to_string(i) + "]", "must be an object, got " + o.dump());
        RunNote n;
        n.afterSeq = static_cast<std::uint64_t>(h.integer(o, "after_seq", where, 0, INT64_MAX));
        if (n.afterSeq < lastAfter)
            h.fail(where + "after_seq",
                   std::to_string(n.afterSeq) + " goes back (previous " + std::to_string(lastAfter) + ")");
        lastAfter = n.afterSeq;
        const std::string kind = h.text(o, "kind", where);
        const auto* k = std::find(std::begin(kNoteKinds), std::end(kNoteKinds), kind);
        if (k == std::end(kNoteKinds))
            h.fail(where + "kind",
                   "must be result, exception, cancelled or caller_error, got \"" + kind + "\"");
        n.kind = static_cast<RunNote::Kind>(k - std::begin(kNoteKinds));
        n.task = h.integer(o, "task", where, -1, INT64_MAX);
        n.type = h.text(o, "type", where);
        n.text = h.text(o, "text", where);
        notes.push_back(std::move(n));
    }
    return notes;
}

RunFile parseHeader(const std::string& text, std::vector<EventKind>& kindMap, std::vector<bool>& kindKnown,
                    std::vector<std::string>& kindNames,
                    std::vector<std::pair<std::uint64_t, std::int64_t>>& held)
{
    try {
        checkJsonText(text, "header");
    } catch (const InputError& e) {
        failAt(kRunFileHeadBytes, e.what());
    }
    const json root = json::parse(text);
    HeaderReader h(root);
    if (!root.is_object())
        h.fail("", "must be a JSON object");
    if (h.text(root, "format", "") != kFormat)
        h.fail("format", std::string("must be \"") + kFormat + "\"");
    RunFile run;
    run.version = kRunFileVersion;
    const json& meta = h.object(root, "meta", "", false);
    RunMeta& m = run.meta;
    m.poolscopeVersion = h.text(meta, "poolscope_version", "meta.");
    m.createdBy = h.text(meta, "created_by", "meta.");
    m.cores = static_cast<int>(h.integer(meta, "cores", "meta.", 0, 1 << 20));
    m.dateUtc = h.text(meta, "date_utc", "meta.");
    m.platform = h.text(meta, "platform", "meta.");
    m.pythonVersion = h.text(meta, "python_version", "meta.");
    m.startMethod = h.text(meta, "start_method", "meta.", true);
    m.mainPid = static_cast<std::int32_t>(h.integer(meta, "main_pid", "meta.", 0, INT32_MAX));
    const json& scenario = h.object(root, "scenario", "", true);
    if (!scenario.is_null())
        run.scenarioJson = scenario.dump();
    const json& outcome = h.object(root, "outcome", "", true);
    if (!outcome.is_null()) {
        RunOutcome o;
        const std::string w = "outcome.";
        o.tasks = h.integer(outcome, "tasks", w, 0, INT64_MAX);
        o.completed = h.integer(outcome, "completed", w, 0, INT64_MAX);
        o.failed = h.integer(outcome, "failed", w, 0, INT64_MAX);
        o.cancelled = h.integer(outcome, "cancelled", w, 0, INT64_MAX);
        o.unfinished = h.integer(outcome, "unfinished", w, 0, INT64_MAX);
        o.notTaken = h.integer(outcome, "not_taken", w, 0, INT64_MAX);
        o.wallS = h.number(outcome, "wall_s", w);
        o.cpuS = h.number(outcome, "cpu_s", w);
        o.pipeBytes = h.integer(outcome, "pipe_bytes", w, -1, INT64_MAX);
        o.resultBytes = h.integer(outcome, "result_bytes", w, 0, INT64_MAX);
        o.eventsTotal = static_cast<std::uint64_t>(h.integer(outcome, "events_total", w, 0, INT64_MAX));
        o.eventsNotRecorded =
            static_cast<std::uint64_t>(h.integer(outcome, "events_not_recorded", w, 0, INT64_MAX));
        const json& error = h.object(outcome, "error", w, true);
        if (!error.is_null()) {
            o.errorType = h.text(error, "type", w + "error.");
            o.errorMessage = h.text(error, "message", w + "error.");
            if (o.errorType.empty())
                h.fail(w + "error.type", "must not be empty");
        }
        o.firstTaskError = h.text(outcome, "first_task_error", w, true);
        o.broken = h.boolean(outcome, "broken", w);
        o.brokenMessage = h.text(outcome, "broken_message", w, true);
        o.killedPid = static_cast<std::int32_t>(h.integer(outcome, "killed_pid", w, 0, INT32_MAX, true));
        run.outcome = o;
    }
    // The file names its kinds: rows refer to them by index, so a file stays readable when kinds
    // are added, removed or reordered in the X-macro. A name this build does not know is an error
    // only if an event uses it.
    const auto kinds = root.find("kinds");
    if (kinds == root.end() || !kinds->is_array())
        h.fail("kinds", "missing or not an array");
    if (kinds->size() > 0xffff)
        h.fail("kinds", std::to_string(kinds->size()) + " kinds, more than the 65535 a record can name");
    for (std::size_t i = 0; i < kinds->size(); ++i) {
        const json& k = (*kinds)[i];
        if (!k.is_string())
            h.fail("kinds[" + std::to_string(i) + "]", "must be a string, got " + k.dump());
        EventKind kind{};
        const bool known = eventKindFromName(k.get<std::string>(), kind);
        kindMap.push_back(kind);
        kindKnown.push_back(known);
        kindNames.push_back(k.get<std::string>());
    }
    const auto columns = root.find("columns");
    if (columns == root.end() || *columns != json(kColumns))
        h.fail("columns", R"(must be ["seq","t_ns","kind","executor","worker","task","value","value2"])");
    held = parseHeld(root, h);
    run.notes = parseNotes(root, h);
    return run;
}

RunFile parseV1(const std::string& text)
{
    NativeTrace t;
    try {
        t = parseNativeTrace(text);
    } catch (const TraceError& e) {
        throw RunFileError(std::string("(JSON native trace, version 1) ") + e.what());
    }
    RunFile run;
    run.version = t.version;
    run.meta.createdBy = t.createdBy;
    run.scenarioJson = std::move(t.scenarioJson);
    run.events = std::move(t.events);
    for (Event& e : run.events)
        e.wallNs = e.tNs; // version 1 kept the run clock only
    return run;
}

bool looksLikeJson(char first)
{
    return first == '{' || first == ' ' || first == '\t' || first == '\r' || first == '\n';
}

RunFile parse(Source& src)
{
    const std::uint64_t size = src.size();
    char head[kRunFileHeadBytes];
    const auto headGot = static_cast<std::size_t>(std::min<std::uint64_t>(size, kRunFileHeadBytes));
    src.read(0, headGot, head);
    if (headGot == 0)
        failAt(0, "the file is empty (not a PoolScope run file)");
    const std::size_t magicGot = std::min(headGot, kMagic.size());
    if (std::memcmp(head, kMagic.data(), magicGot) != 0)
        failAt(0,
               R"(not a PoolScope run file (it does not start with the run-file signature \x89PSRUN\r\n))");
    if (headGot < kRunFileHeadBytes)
        failAt(size, "the file ends inside its " + std::to_string(kRunFileHeadBytes) +
                         "-byte head (it is truncated)");
    const auto version = get<std::uint32_t>(head + kOffVersion);
    if (version > static_cast<std::uint32_t>(kRunFileVersion))
        failAt(kOffVersion, "format version " + std::to_string(version) +
                                " is newer than this build reads (" + std::to_string(kRunFileVersion) +
                                "): open it with a newer PoolScope");
    if (version != static_cast<std::uint32_t>(kRunFileVersion))
        failAt(kOffVersion, "format version " + std::to_string(version) +
                                " is not a binary run-file version (" + std::to_string(kRunFileVersion) +
                                ")");
    const auto recordSize = get<std::uint32_t>(head + kOffRecordSize);
    if (recordSize != kRunFileRecordBytes)
        failAt(kOffRecordSize, "record size " + std::to_string(recordSize) + " is not " +
                                   std::to_string(kRunFileRecordBytes) + " (the file is corrupted)");
    const auto headerLen = get<std::uint64_t>(head + kOffHeaderLen);
    if (headerLen > kMaxRunFileHeaderBytes)
        failAt(kOffHeaderLen, "header length " + std::to_string(headerLen) + " is more than the " +
                                  std::to_string(kMaxRunFileHeaderBytes >> 20) + " MiB a header may have");
    const std::uint64_t eventsAt = kRunFileHeadBytes + headerLen;
    if (eventsAt > size)
        failAt(size, "the file ends inside the JSON header (bytes " + std::to_string(kRunFileHeadBytes) +
                         ".." + std::to_string(eventsAt - 1) + "; it is truncated)");
    const auto count = get<std::uint64_t>(head + kOffCount);
    const std::uint64_t room = (size - eventsAt) / kRunFileRecordBytes;
    // The count is bounded by the bytes that are there before anything is allocated for it.
    if (count > room)
        failAt(eventsAt + room * kRunFileRecordBytes,
               "the file ends inside event " + std::to_string(room) + " (the head declares " +
                   std::to_string(count) + " events; it is truncated)",
               static_cast<std::int64_t>(room));
    const std::uint64_t end = eventsAt + count * kRunFileRecordBytes;
    if (end != size)
        failAt(end, std::to_string(size - end) + " bytes after the last event (the file is corrupted)");

    std::string headerText(static_cast<std::size_t>(headerLen), '\0');
    src.read(kRunFileHeadBytes, headerText.size(), headerText.data());
    if (crc32Update(0, reinterpret_cast<const unsigned char*>(headerText.data()), headerText.size()) !=
        get<std::uint32_t>(head + kOffHeaderCrc))
        failAt(kRunFileHeadBytes, "the JSON header's CRC-32 does not match (bytes " +
                                      std::to_string(kRunFileHeadBytes) + ".." +
                                      std::to_string(eventsAt - 1) + " are corrupted)");
    std::vector<EventKind> kindMap;
    std::vector<bool> kindKnown;
    std::vector<std::string> kindNames;
    std::vector<std::pair<std::uint64_t, std::int64_t>> held;
    RunFile run = parseHeader(headerText, kindMap, kindKnown, kindNames, held);
    auto nextHeld = held.cbegin();
    std::int64_t heldNs = 0;

    run.events.resize(static_cast<std::size_t>(count));
    std::vector<char> chunk(static_cast<std::size_t>(std::min<std::uint64_t>(count, kChunkRecords)) *
                            kRunFileRecordBytes);
    std::uint32_t crc = 0;
    std::uint64_t lastSeq = 0;
    const std::uint64_t lastKind = kindMap.empty() ? 0 : kindMap.size() - 1;
    for (std::uint64_t first = 0; first < count; first += kChunkRecords) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunkRecords, count - first));
        const std::uint64_t at = eventsAt + first * kRunFileRecordBytes;
        src.read(at, n * kRunFileRecordBytes, chunk.data());
        crc = crc32Update(crc, reinterpret_cast<const unsigned char*>(chunk.data()), n * kRunFileRecordBytes);
        for (std::size_t i = 0; i < n; ++i) {
            const char* p = chunk.data() + i * kRunFileRecordBytes;
            const std::uint64_t index = first + i;
            const std::uint64_t off = at + i * kRunFileRecordBytes;
            Event& e = run.events[static_cast<std::size_t>(index)];
            e.seq = get<std::uint64_t>(p);
            if (e.seq == 0 || e.seq <= lastSeq)
                failAt(off,
                       "seq " + std::to_string(e.seq) +
                           (e.seq == 0 ? " must be > 0"
                                       : " does not increase (previous " + std::to_string(lastSeq) + ")"),
                       static_cast<std::int64_t>(index));
            lastSeq = e.seq;
            e.tNs = get<std::int64_t>(p + 8);
            while (nextHeld != held.cend() && nextHeld->first <= e.seq)
                heldNs = (nextHeld++)->second;
            // The header's held runs give back the wall clock.
            if (__builtin_add_overflow(e.tNs, heldNs, &e.wallNs))
                failAt(off + 8,
                       "t_ns " + std::to_string(e.tNs) + " + held_ns " + std::to_string(heldNs) +
                           " overflows",
                       static_cast<std::int64_t>(index));
            const auto kind = get<std::uint16_t>(p + 16);
            if (kindMap.empty() || kind > lastKind)
                failAt(off + 16,
                       "kind index " + std::to_string(kind) +
                           (kindMap.empty() ? " but the header lists no kinds"
                                            : " is out of range (0.." + std::to_string(lastKind) + ")"),
                       static_cast<std::int64_t>(index));
            if (!kindKnown[kind])
                failAt(off + 16,
                       "kind \"" + kindNames[kind] +
                           "\" is not one this build knows (written by a newer PoolScope?)",
                       static_cast<std::int64_t>(index));
            e.kind = kindMap[kind];
            e.executor = get<std::uint16_t>(p + 18);
            e.worker = get<std::int32_t>(p + 20);
            e.task = get<std::int64_t>(p + 24);
            e.value = get<std::int64_t>(p + 32);
            e.value2 = get<std::int64_t>(p + 40);
        }
    }
    if (crc != get<std::uint32_t>(head + kOffEventsCrc))
        failAt(eventsAt,
               count == 0 ? std::string("the events' CRC-32 is not that of no events (the head is corrupted)")
                          : "the events' CRC-32 does not match (bytes " + std::to_string(eventsAt) + ".." +
                                std::to_string(end - 1) + ", events 0.." + std::to_string(count - 1) +
                                ", are corrupted)");
    return run;
}

} // namespace

RunFile parseRunFile(std::string_view bytes, const std::string& name)
{
    try {
        if (!bytes.empty() && looksLikeJson(bytes.front()))
            return parseV1(std::string(bytes));
        MemorySource src(bytes);
        return parse(src);
    } catch (const RunFileError& e) {
        throw prefixed(name, e);
    }
}

RunFile readRunFile(const std::string& path)
{
    try {
        InputFile file(path, kMaxTraceFileBytes);
        char first = 0;
        if (file.size() > 0 && file.readAt(0, &first, 1) == 1 && looksLikeJson(first)) {
            const std::string text = file.readAll();
            return parseV1(text);
        }
        FileSource src(file);
        return parse(src);
    } catch (const InputError& e) {
        throw RunFileError(e.what());
    } catch (const RunFileError& e) {
        throw prefixed(path, e);
    }
}

} // namespace poolscope
