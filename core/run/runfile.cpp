#include "core/run/runfile.h"

#include "core/events/heldtime.h"
#include "core/run/inputfile.h"
#include "core/run/runfileformat.h"
#include "core/run/runner.h"
#include "core/version.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace poolscope {

namespace {

using nlohmann::json;
using namespace runfileformat;

void encodeRecord(char* p, const Event& e)
{
    put<std::uint64_t>(p, e.seq);
    put<std::int64_t>(p + 8, e.tNs);
    put<std::uint16_t>(p + 16, static_cast<std::uint16_t>(e.kind));
    put<std::uint16_t>(p + 18, e.executor);
    put<std::int32_t>(p + 20, e.worker);
    put<std::int64_t>(p + 24, e.task);
    put<std::int64_t>(p + 32, e.value);
    put<std::int64_t>(p + 40, e.value2);
}

json metaJson(const RunMeta& m)
{
    return {{"poolscope_version", m.poolscopeVersion},
            {"created_by", m.createdBy},
            {"cores", m.cores},
            {"date_utc", m.dateUtc},
            {"platform", m.platform},
            {"python_version", m.pythonVersion},
            {"start_method", m.startMethod.empty() ? json(nullptr) : json(m.startMethod)},
            {"main_pid", m.mainPid}};
}

json outcomeJson(const RunOutcome& o)
{
    return {{"tasks", o.tasks},
            {"completed", o.completed},
            {"failed", o.failed},
            {"cancelled", o.cancelled},
            {"unfinished", o.unfinished},
            {"not_taken", o.notTaken},
            {"wall_s", o.wallS},
            {"cpu_s", o.cpuS},
            {"pipe_bytes", o.pipeBytes},
            {"result_bytes", o.resultBytes},
            {"events_total", o.eventsTotal},
            {"events_not_recorded", o.eventsNotRecorded},
            {"error",
             o.errorType.empty() ? json(nullptr) : json{{"type", o.errorType}, {"message", o.errorMessage}}},
            {"first_task_error", o.firstTaskError.empty() ? json(nullptr) : json(o.firstTaskError)},
            {"broken", o.broken},
            {"broken_message", o.broken ? json(o.brokenMessage) : json(nullptr)},
            {"killed_pid", o.killedPid ? json(o.killedPid) : json(nullptr)}};
}

std::string isoNowUtc()
{
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

} // namespace

RunMeta currentRunMeta(const std::string& createdBy, const std::string& pool)
{
    RunMeta m;
    m.poolscopeVersion = kVersion;
    m.createdBy = createdBy;
    m.cores = static_cast<int>(std::thread::hardware_concurrency());
    m.dateUtc = isoNowUtc();
    utsname u{};
    if (::uname(&u) == 0)
        m.platform = std::string(u.sysname) + " " + u.release + " " + u.machine;
    m.pythonVersion = "3.12"; // docs/fidelity.md: what a run mirrors
    m.startMethod = pool == "process" ? "fork" : "";
    m.mainPid = static_cast<std::int32_t>(::getpid());
    return m;
}

RunOutcome outcomeFromSummary(const RunSummary& s, std::int64_t tasks, std::uint64_t eventsNotRecorded)
{
    RunOutcome o;
    o.tasks = tasks;
    o.completed = s.completed;
    o.failed = s.failed;
    o.cancelled = s.cancelled;
    o.unfinished = s.unfinished;
    o.notTaken = s.notTaken;
    o.wallS = s.wallS;
    o.cpuS = s.cpuUserS + s.cpuSysS;
    o.pipeBytes = s.pipeBytes;
    o.resultBytes = s.resultBytes;
    o.eventsTotal = s.eventsTotal;
    o.eventsNotRecorded = eventsNotRecorded;
    o.errorType = s.errorType;
    o.errorMessage = s.errorMessage;
    o.firstTaskError = s.firstTaskError;
    o.broken = s.broken;
    o.brokenMessage = s.broken ? s.brokenMessage : "";
    o.killedPid = s.killedPid;
    return o;
}

std::string runFileBytes(const RunFile& run)
{
    json header;
    header["format"] = kFormat;
    header["meta"] = metaJson(run.meta);
    if (run.scenarioJson.empty()) {
        header["scenario"] = nullptr;
    } else {
        try {
            checkJsonText(run.scenarioJson, "scenario");
        } catch (const InputError& e) {
            throw RunFileError(e.what());
        }
        header["scenario"] = json::parse(run.scenarioJson);
        if (!header["scenario"].is_object())
            throw RunFileError("scenario: must be a JSON object");
    }
    header["outcome"] = run.outcome ? outcomeJson(*run.outcome) : json(nullptr);
    json kinds = json::array();
    for (int k = 0; k < kEventKindCount; ++k)
        kinds.push_back(std::string(eventKindName(static_cast<EventKind>(k))));
    header["kinds"] = kinds;
    header["columns"] = kColumns;
    // The records keep the run clock; the wall clock differs from it by the time the run was held
    // at a paused gate before each event. That changes only at holds, so it is kept as runs:
    // [seq, held_ns] from that event on (absent when the run was never held).
    json held = json::array();
    std::int64_t lastHeld = 0;
    for (const Event& e : run.events) {
        const std::int64_t h = heldNs(e);
        if (h != lastHeld) {
            held.push_back({e.seq, h});
            lastHeld = h;
        }
    }
    if (!held.empty())
        header["held"] = held;
    if (!run.notes.empty()) {
        json notes = json::array();
        std::uint64_t lastAfter = 0;
        for (std::size_t i = 0; i < run.notes.size(); ++i) {
            const RunNote& n = run.notes[i];
            if (n.afterSeq < lastAfter)
                throw RunFileError("notes[" + std::to_string(i) + "]: after_seq " +
                                   std::to_string(n.afterSeq) + " goes back (previous " +
                                   std::to_string(lastAfter) + ")");
            lastAfter = n.afterSeq;
            notes.push_back({{"after_seq", n.afterSeq},
                             {"kind", kNoteKinds[static_cast<std::size_t>(n.kind)]},
                             {"task", n.task},
                             {"type", n.type},
                             {"text", n.text}});
        }
        header["notes"] = notes;
    }
    // Invalid UTF-8 in a message (a task's exception text) is replaced, not thrown on.
    const std::string text = header.dump(-1, ' ', false, json::error_handler_t::replace);

    std::string out(kRunFileHeadBytes + text.size() + run.events.size() * kRunFileRecordBytes, '\0');
    char* p = out.data() + kRunFileHeadBytes + text.size();
    std::uint64_t lastSeq = 0;
    for (std::size_t i = 0; i < run.events.size(); ++i) {
        const Event& e = run.events[i];
        if (e.seq == 0 || e.seq <= lastSeq)
            throw RunFileError("events[" + std::to_string(i) + "]: seq " + std::to_string(e.seq) +
                               (e.seq == 0 ? " must be > 0" : " does not increase"));
        if (static_cast<int>(e.kind) >= kEventKindCount)
            throw RunFileError("events[" + std::to_string(i) + "]: kind " +
                               std::to_string(static_cast<int>(e.kind)) + " is not a kind");
        lastSeq = e.seq;
        encodeRecord(p + i * kRunFileRecordBytes, e);
    }
    std::memcpy(out.data(), kMagic.data(), kMagic.size());
    put<std::uint32_t>(out.data() + kOffVersion, kRunFileVersion);
    put<std::uint32_t>(out.data() + kOffRecordSize, kRunFileRecordBytes);
    put<std::uint64_t>(out.data() + kOffHeaderLen, text.size());
    put<std::uint64_t>(out.data() + kOffCount, run.events.size());
    put<std::uint32_t>(out.data() + kOffHeaderCrc,
                       crc32Update(0, reinterpret_cast<const unsigned char*>(text.data()), text.size()));
    put<std::uint32_t>(out.data() + kOffEventsCrc, crc32Update(0, reinterpret_cast<const unsigned char*>(p),
                                                               run.events.size() * kRunFileRecordBytes));
    std::memcpy(out.data() + kRunFileHeadBytes, text.data(), text.size());
    return out;
}

void writeRunFile(const std::string& path, const RunFile& run)
{
    std::string bytes;
    try {
        bytes = runFileBytes(run);
    } catch (const RunFileError& e) {
        throw prefixed(path, e);
    }
    if (path.empty())
        throw RunFileError("'': the file name is empty");
    std::string tmp = path + ".tmp-XXXXXX";
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0)
        throw RunFileError(path + ": cannot create a file beside it (" +
                           std::system_category().message(errno) + ")");
    auto fail = [&](const std::string& what) {
        const int err = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        throw RunFileError(path + ": " + what + " (" + std::system_category().message(err) + ")");
    };
    ::fchmod(fd, 0644);
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            fail("write failed");
        done += static_cast<std::size_t>(w);
    }
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw RunFileError(path + ": write failed (" + std::system_category().message(err) + ")");
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw RunFileError(path + ": cannot write it (" + std::system_category().message(err) + ")");
    }
}

} // namespace poolscope
