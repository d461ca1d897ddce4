#pragma once
// Sizing CPU workloads by time: a workload's target_ms ("about this many ms a task") becomes the
// n (hash: the rounds) that takes that long on the machine at hand. Machines differ by 1.5x and
// more on the same n, so a lesson sized by n shows a different picture on each; sized by time it
// holds everywhere. The model of each workload is measured once, in this process, and kept in a
// small cache file keyed by the CPU model; a run records the n it resolved, so a replay is exact.

#include "core/run/scenario.h"

#include <cstdint>
#include <functional>
#include <string>

namespace poolscope {

// CPU time of one task of size m: ms * (m / n) ^ exponent, fitted around n.
struct CalibrationModel
{
    std::int64_t n = 0;
    double ms = 0.0;
    double exponent = 1.0;

    bool operator==(const CalibrationModel&) const = default;
};

struct CalibrationOptions
{
    // The cache file; empty: calibrationCachePath(). "-" : no cache file (measure, keep in memory).
    std::string cachePath;
    // Where the one line about an unreadable or malformed cache goes; null: standard error.
    std::function<void(const std::string&)> warn;
};

// $XDG_CACHE_HOME/poolscope/calibration.json, else $HOME/.cache/poolscope/calibration.json
// ("" when neither variable is set).
std::string calibrationCachePath();
// What the cache is keyed by: the CPU model ("model name" of /proc/cpuinfo), else "unknown".
std::string machineId();
// The workload's entry in the cache: "factorial", "primes", "hash/bytes=65536".
std::string calibrationKey(const WorkloadSpec& spec);

// Times a few growing sizes of the workload's body on the calling thread (thread CPU time, so a
// busy machine does not skew it) and fits the model around the largest, about 20 ms.
CalibrationModel measureModel(const WorkloadSpec& spec);
// The model for this machine: from this process's memory, else the cache file, else measured
// (and then saved). A cache that cannot be read or is malformed is ignored with one line
// ("FILE: what is wrong; measuring again") and written afresh.
CalibrationModel calibrationModel(const WorkloadSpec& spec, const CalibrationOptions& options = {});
// The size whose task takes about ms under the model (at least 1, at most the workload's limit).
std::int64_t sizeForMs(const CalibrationModel& model, double ms, const std::string& workload);

// Turns scenario.workload.target_ms into n (hash: rounds) when the workload takes it and no n,
// rounds or inputs are set; keeps target_ms beside it. Returns true when it set a size.
bool resolveTargetMs(Scenario& scenario, const CalibrationOptions& options = {});

} // namespace poolscope
