#include "workload.h"

#include "event.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

namespace poolscope {

const std::vector<std::string>& workloadNames()
{
    static const std::vector<std::string> names = {"noop", "sleep", "spin"};
    return names;
}

bool isWorkload(const std::string& name)
{
    const auto& names = workloadNames();
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::string workloadSpecToJson(const WorkloadSpec& spec)
{
    return nlohmann::json{{"name", spec.name}, {"task_ms", spec.taskMs}}.dump();
}

WorkloadSpec workloadSpecFromJson(const std::string& text)
{
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw std::invalid_argument("workload: not a JSON object");
    WorkloadSpec spec;
    if (j.contains("name")) {
        if (!j["name"].is_string() || !isWorkload(j["name"].get<std::string>()))
            throw std::invalid_argument("workload.name: unknown workload");
        spec.name = j["name"].get<std::string>();
    }
    if (j.contains("task_ms")) {
        if (!j["task_ms"].is_number() || j["task_ms"].get<double>() < 0)
            throw std::invalid_argument("workload.task_ms: must be a number >= 0");
        spec.taskMs = j["task_ms"].get<double>();
    }
    return spec;
}

std::uint64_t spinFor(double ms)
{
    const std::int64_t end = nowNs() + static_cast<std::int64_t>(ms * 1e6);
    std::uint64_t x = 0x9E3779B97F4A7C15ULL;
    do {
        for (int i = 0; i < 256; ++i)
            x ^= x << 13, x ^= x >> 7, x ^= x << 17; // xorshift keeps the ALU busy
    } while (nowNs() < end);
    return x;
}

std::function<std::any()> makeTask(const WorkloadSpec& spec, std::int64_t index)
{
    if (spec.name == "sleep") {
        const auto d = std::chrono::duration<double, std::milli>(spec.taskMs);
        return [d, index]() -> std::any {
            std::this_thread::sleep_for(d);
            return index;
        };
    }
    if (spec.name == "spin") {
        const double ms = spec.taskMs;
        return [ms]() -> std::any { return static_cast<std::int64_t>(spinFor(ms) & 0xffff); };
    }
    return [index]() -> std::any { return index; };
}

} // namespace poolscope
