#pragma once
// The run file (.pstrace, docs/runfile.md): one file with everything a replay needs, the scenario,
// every event, the outcome and where and how the run was made. Binary: a fixed 40-byte head, a JSON
// header (meta, scenario, outcome, the kind table by name) and fixed-width little-endian event
// records, so that a million events open in well under a second. The reader checks every byte it
// uses and names what is wrong and where ("PATH: byte N (event K): what is wrong"); it never
// allocates more than the file's own size justifies. It also reads the older JSON native trace
// (format version 1, core/run/trace.h).

#include "core/events/event.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace poolscope {

struct RunSummary;

inline constexpr int kRunFileVersion = 2;            // 1 was the JSON native trace
inline constexpr std::size_t kRunFileHeadBytes = 40; // magic, version, sizes, checksums
inline constexpr std::size_t kRunFileRecordBytes = 48;
inline constexpr std::size_t kMaxRunFileHeaderBytes = std::size_t{16} << 20; // the JSON header
inline constexpr const char* kRunFileExtension = ".pstrace";

// Where and how the run was made.
struct RunMeta
{
    std::string poolscopeVersion; // the PoolScope that wrote the file
    std::string createdBy;        // "poolscope-cli", "poolscope"
    int cores = 0;                // std::thread::hardware_concurrency() of the machine that ran it
    std::string dateUtc;          // ISO 8601, "2026-12-01T13:52:54Z": when the run ended
    std::string platform;         // uname: "Linux 6.1.0-18-amd64 x86_64"
    std::string pythonVersion;    // the CPython the run mirrors, "3.12" (docs/fidelity.md)
    std::string startMethod;      // "fork" for a process pool, "" for threads and serial
    std::int32_t mainPid = 0;     // the process the executors ran in (track layout of exports)
};

// What the run ended with: the same facts as `poolscope-cli run --json`.
struct RunOutcome
{
    std::int64_t tasks = 0;
    std::int64_t completed = 0;
    std::int64_t failed = 0;
    std::int64_t cancelled = 0;
    std::int64_t unfinished = 0;
    std::int64_t notTaken = 0;
    double wallS = 0.0;
    double cpuS = 0.0;
    std::int64_t pipeBytes = -1;
    std::int64_t resultBytes = 0;
    std::uint64_t eventsTotal = 0;       // counted, recorded or not
    std::uint64_t eventsNotRecorded = 0; // over the recorder's budget
    std::string errorType;               // "" when the caller saw no exception
    std::string errorMessage;
    std::string firstTaskError;
    bool broken = false;
    std::string brokenMessage;
    std::int32_t killedPid = 0;

    bool operator==(const RunOutcome&) const = default;
};

// What reached the caller between two events, which no event carries: a future's result repr or
// exception (as the window's inspector shows it), a cancellation, or the exception the caller saw.
// Kept so a reopened run shows them where they arrived.
struct RunNote
{
    enum class Kind : std::uint8_t
    {
        Result,
        Exception,
        Cancelled,
        CallerError
    };
    std::uint64_t afterSeq = 0; // arrived right after the event with this seq (0: before any)
    Kind kind = Kind::Result;
    std::int64_t task = -1; // the future's id; -1 for CallerError
    std::string type;       // exception type name, empty for a result
    std::string text;       // result repr or exception message

    bool operator==(const RunNote&) const = default;
};

struct RunFile
{
    int version = kRunFileVersion; // of the file read (1: an old JSON trace); writers write 2
    RunMeta meta;
    std::string scenarioJson;          // "" when none; else a JSON object, as in a scenario file
    std::vector<Event> events;         // in seq order, seq strictly increasing
    std::optional<RunOutcome> outcome; // none for a version-1 trace
    std::vector<RunNote> notes;        // afterSeq not decreasing; none from the CLI or an old file
};

// offset: the byte the problem is at (-1: none, e.g. cannot open); event: its record (-1: none).
struct RunFileError : std::runtime_error
{
    explicit RunFileError(const std::string& what, std::int64_t atOffset = -1, std::int64_t atEvent = -1)
        : std::runtime_error(what), offset(atOffset), event(atEvent)
    {
    }
    std::int64_t offset;
    std::int64_t event;
};

// meta for a run made now on this machine: version, cores, date, platform, python version.
RunMeta currentRunMeta(const std::string& createdBy, const std::string& pool);
RunOutcome outcomeFromSummary(const RunSummary& summary, std::int64_t tasks, std::uint64_t eventsNotRecorded);

// The file's bytes. Throws RunFileError when an event breaks the rules the reader checks (seq
// strictly increasing and > 0) or the scenario is not a JSON object, so a written file always reads.
std::string runFileBytes(const RunFile& run);
// Writes atomically (a temporary file beside it, then rename): a reader never sees half a file.
// Throws RunFileError("PATH: what is wrong").
void writeRunFile(const std::string& path, const RunFile& run);

// Throws RunFileError("NAME: byte N (event K): what is wrong"); `name` prefixes messages.
RunFile parseRunFile(std::string_view bytes, const std::string& name);
// Refuses FIFOs, devices and files over kMaxTraceFileBytes (core/run/inputfile.h) without blocking.
RunFile readRunFile(const std::string& path);

} // namespace poolscope
