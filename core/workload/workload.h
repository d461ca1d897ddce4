#pragma once
// Task bodies that the runs use. Each is a plain function of its parameters so
// the same body runs in a pool thread or, named "workload" in the process pool's
// task registry, in a worker process: makeTask(workloadSpecFromJson(json), i)().
//
// I/O-bound: http (real loopback sockets), file (write + fsync + read back), sleep.
// CPU-bound: factorial (GMP), primes, hash (SHA-256 via nettle), spin.
// Mixed: an http fetch then CPU work, in each task. noop: overhead only.
// Every body behaves as its Python counterpart does under the GIL (gil.h):
// blocking I/O releases it; Python-level loops check the eval breaker;
// math.factorial is one C call that holds it throughout.

#include <any>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace poolscope {

struct WorkloadSpec
{
    std::string name = "noop";        // see workloadNames()
    double taskMs = 10.0;             // sleep: wall ms; spin: CPU ms
    std::int64_t n = 0;               // factorial: n!; primes: count below n (0 = the workload's default)
    std::vector<std::int64_t> inputs; // per-task n, task i uses inputs[i % size] (the tutorial's task_list)
    std::int64_t rounds = 0;          // hash: SHA-256 rounds (0 = default)
    std::int64_t bytes = -1;          // hash buffer / file size / http body (-1 = the workload's default)
    double latencyMs = 50.0;          // http: server-side latency
    double ioMs = 10.0;               // mixed: server latency of the I/O part
    double cpuMs = 10.0;              // mixed: CPU ms of the compute part
    std::int64_t payload = 0;         // bytes of argument and of result (0 = the natural result)
    // factorial, primes, hash: size each task by time, not by n. A run turns it into n (hash:
    // rounds) calibrated on the machine at hand (core/run/calibration.h) and records that n;
    // an n (rounds) or inputs given explicitly win. 0 = off; other workloads ignore it.
    double targetMs = 0.0;
    // Filled in by the run, not by users: where the run's resources are.
    int httpPort = 0; // the loopback server of this run
    std::string dir;  // the run's temp dir for the file workload

    bool operator==(const WorkloadSpec&) const = default;
};

// Defaults a workload uses when a parameter is left at 0 / -1.
struct WorkloadDefaults
{
    static constexpr std::int64_t factorialN = 100'000;
    static constexpr std::int64_t primesN = 200'000;
    static constexpr std::int64_t hashRounds = 64;
    static constexpr std::int64_t kib = 1024;
    static constexpr std::int64_t hashBytes = 64 * kib;
    static constexpr std::int64_t fileBytes = kib * kib;
    static constexpr std::int64_t httpBytes = 16 * kib;
};

// Compact text form (JSON) so a spec can cross a process boundary or sit in a
// file. With payload > 0 the text carries `payload` bytes of argument data, so
// the call item really is that much bigger.
std::string workloadSpecToJson(const WorkloadSpec& spec);
// Throws std::invalid_argument naming the field that is wrong ("workload.bytes: ...").
WorkloadSpec workloadSpecFromJson(const std::string& text);

// Names the runner accepts, for help texts and validation.
const std::vector<std::string>& workloadNames();
bool isWorkload(const std::string& name);
bool workloadNeedsHttp(const std::string& name);     // http, mixed
bool workloadIsCpuBound(const std::string& name);    // factorial, primes, hash, spin
bool workloadTakesTargetMs(const std::string& name); // factorial, primes, hash
// One line per workload: what it does and which parameters it reads.
const std::vector<std::pair<std::string, std::string>>& workloadHelp();

// The n task `index` works on (inputs cycled, else n, else the default).
std::int64_t workloadInput(const WorkloadSpec& spec, std::int64_t index);

// Throws std::invalid_argument("workload.FIELD: ...") for a field outside the range
// workloadSpecFromJson() accepts, so a spec built from flags or in code meets the same bounds.
void validateWorkloadSpec(const WorkloadSpec& spec);

// What one task needs in memory, estimated before any task runs, so that sizes that cannot fit
// are refused up front instead of failing inside GMP or an allocation (docs/reliability.md).
struct WorkloadMemory
{
    std::int64_t peakBytes = 0;   // while the task runs (its working memory and its result)
    std::int64_t resultBytes = 0; // what its future keeps once it is done
    std::string field;            // what sets them: "n", "inputs[2]", "bytes", "payload" ("" for none)
};
WorkloadMemory workloadMemory(const WorkloadSpec& spec, std::int64_t index);
// Bytes in n! (what factorialBytes(n) returns), from lgamma: no need to compute it.
std::int64_t factorialResultBytes(std::int64_t n);
// Physical memory of this machine, or the address-space limit (RLIMIT_AS) when that is lower.
std::int64_t machineMemoryBytes();

// The callable for task number `index`; returns the task's result: an int64_t,
// a double or a std::string (what the process pool can send back).
std::function<std::any()> makeTask(const WorkloadSpec& spec, std::int64_t index);

// Bodies, usable on their own. Each checks the eval breaker as CPython would.
std::uint64_t spinFor(double cpuMs);                               // burns cpuMs of this thread's CPU time
std::int64_t countPrimesBelow(std::int64_t n);                     // trial division, like a pure-Python loop
std::string sha256Rounds(std::int64_t rounds, std::int64_t bytes); // final digest, 32 bytes
std::string factorialBytes(std::int64_t n); // n! as little-endian bytes (pickle's size)
std::int64_t fileRoundTrip(const std::string& dir, std::int64_t bytes, std::int64_t index);

} // namespace poolscope
