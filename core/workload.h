#pragma once
// Task bodies that the runs use. Each is a plain function of its parameters so
// the same body can run in a thread or, later, be named in a worker process.

#include <any>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace poolscope {

struct WorkloadSpec
{
    std::string name = "noop"; // noop | sleep | spin
    double taskMs = 0.0;       // duration of sleep / spin
};

// Compact text form (JSON) so a spec can cross a process boundary or sit in a file.
std::string workloadSpecToJson(const WorkloadSpec& spec);
// Throws std::invalid_argument naming the field that is wrong.
WorkloadSpec workloadSpecFromJson(const std::string& text);

// Names the runner accepts, for help texts and validation.
const std::vector<std::string>& workloadNames();
bool isWorkload(const std::string& name);

// The callable for task number `index`; returns the task's result.
std::function<std::any()> makeTask(const WorkloadSpec& spec, std::int64_t index);

// Busy-loops on the CPU for `ms` of wall time (a CPU-bound stand-in).
std::uint64_t spinFor(double ms);

} // namespace poolscope
