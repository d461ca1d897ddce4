#include "core/run/calibration.h"

#include "core/run/inputfile.h"
#include "core/workload/workload.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace poolscope {

namespace {

using nlohmann::json;

constexpr double kProbeMs = 20.0; // the largest measurement: long enough to be steady, short to wait for
constexpr int kMaxProbes = 40;
constexpr std::size_t kMaxCacheBytes = std::size_t{1} << 20;

std::mutex g_mutex;                             // the memo and the cache file
std::map<std::string, CalibrationModel>& memo() // (cache path, machine, key) -> model
{
    static std::map<std::string, CalibrationModel> m;
    return m;
}

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// The workload's limits, as workloadSpecFromJson() accepts them.
std::int64_t maxSize(const std::string& workload)
{
    if (workload == "factorial")
        return 2'000'000'000;
    if (workload == "primes")
        return 100'000'000'000LL;
    return 1'000'000'000; // hash rounds
}

double runOnce(const WorkloadSpec& spec, std::int64_t size)
{
    const double t0 = threadCpuMs();
    if (spec.name == "factorial") {
        const std::string r = factorialBytes(size);
        (void)r.size();
    } else if (spec.name == "primes") {
        volatile std::int64_t r = countPrimesBelow(size);
        (void)r;
    } else {
        const std::string r = sha256Rounds(size, spec.bytes >= 0 ? spec.bytes : WorkloadDefaults::hashBytes);
        (void)r.size();
    }
    return threadCpuMs() - t0;
}

// The best of two: an interruption only ever makes a run slower.
double timeOf(const WorkloadSpec& spec, std::int64_t size)
{
    return std::min(runOnce(spec, size), runOnce(spec, size));
}

bool validModel(const CalibrationModel& m)
{
    return m.n >= 1 && std::isfinite(m.ms) && m.ms > 0 && std::isfinite(m.exponent) && m.exponent >= 0.5 &&
           m.exponent <= 3.0;
}

void warnLine(const CalibrationOptions& o, const std::string& line)
{
    if (o.warn)
        o.warn(line);
    else
        std::fprintf(stderr, "%s\n", line.c_str());
}

// The cache's JSON, or an empty object when there is none or it is unusable (said once).
json readCache(const std::string& path, const CalibrationOptions& o)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return json::object();
    const std::string again = "; measuring again";
    std::string text;
    try {
        text = readInputFile(path, kMaxCacheBytes);
    } catch (const InputError& e) {
        warnLine(o, e.what() + again);
        return json::object();
    }
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) {
        warnLine(o, path + ": not valid JSON" + again);
        return json::object();
    }
    if (!j.is_object() || j.value("format", std::string()) != "poolscope-calibration" ||
        !j.contains("machines") || !j["machines"].is_object()) {
        warnLine(o, path + ": format: not a poolscope-calibration file" + again);
        return json::object();
    }
    return j;
}

void writeCache(const std::string& path, const json& j)
{
    // Written beside and renamed over, so that a reader never sees half a file.
    std::error_code ec;
    const std::filesystem::path p(path);
    std::filesystem::create_directories(p.parent_path(), ec);
    const std::string tmp = path + ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            return; // a cache we cannot write is only a cache: the next process measures again
        out << j.dump(2) << '\n';
        if (!out) {
            out.close();
            std::filesystem::remove(tmp, ec);
            return;
        }
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec)
        std::filesystem::remove(tmp, ec);
}

} // namespace

std::string calibrationCachePath()
{
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return std::string(xdg) + "/poolscope/calibration.json";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.cache/poolscope/calibration.json";
    return {};
}

std::string machineId()
{
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos) {
                std::string v = line.substr(colon + 1);
                v.erase(0, v.find_first_not_of(" \t"));
                if (!v.empty())
                    return v;
            }
        }
    }
    return "unknown";
}

std::string calibrationKey(const WorkloadSpec& spec)
{
    if (spec.name == "hash")
        return "hash/bytes=" + std::to_string(spec.bytes >= 0 ? spec.bytes : WorkloadDefaults::hashBytes);
    return spec.name;
}

CalibrationModel measureModel(const WorkloadSpec& spec)
{
    if (!workloadTakesTargetMs(spec.name))
        throw std::invalid_argument("workload.target_ms: " + spec.name + " is not sized by n");
    // Grow the size until one task takes about kProbeMs, then fit the local exponent between the
    // last two sizes: factorial grows about n log^2 n, primes about n^1.5 / log n, hash linearly.
    std::int64_t size = spec.name == "hash" ? 1 : 2000;
    double t = timeOf(spec, size);
    std::int64_t prevSize = 0;
    double prevT = 0;
    for (int i = 0; i < kMaxProbes && t < kProbeMs && size < maxSize(spec.name) / 16; ++i) {
        prevSize = size;
        prevT = t;
        const double grow = std::clamp(t > 0 ? kProbeMs / t : 16.0, 2.0, 16.0);
        size = std::max(size + 1, static_cast<std::int64_t>(static_cast<double>(size) * grow));
        t = timeOf(spec, size);
    }
    CalibrationModel m;
    m.n = size;
    m.ms = std::max(t, 1e-3);
    m.exponent = spec.name == "hash" ? 1.0 : spec.name == "primes" ? 1.4 : 1.1;
    if (prevSize > 0 && prevT >= 0.5 && t > prevT)
        m.exponent = std::clamp(std::log(t / prevT) /
                                    std::log(static_cast<double>(size) / static_cast<double>(prevSize)),
                                0.8, 2.5);
    return m;
}

CalibrationModel calibrationModel(const WorkloadSpec& spec, const CalibrationOptions& options)
{
    const std::string path = options.cachePath.empty() ? calibrationCachePath() : options.cachePath;
    const bool useFile = !path.empty() && path != "-";
    const std::string machine = machineId();
    const std::string key = calibrationKey(spec);
    const std::string memoKey = path + '\n' + machine + '\n' + key;
    const std::lock_guard lock(g_mutex);
    if (auto it = memo().find(memoKey); it != memo().end())
        return it->second;
    json cache = useFile ? readCache(path, options) : json::object();
    if (cache.contains("machines") && cache["machines"].contains(machine) &&
        cache["machines"][machine].is_object() && cache["machines"][machine].contains(key)) {
        const json& e = cache["machines"][machine][key];
        CalibrationModel m;
        bool ok = e.is_object() && e.contains("n") && e["n"].is_number_integer() && e.contains("ms") &&
                  e["ms"].is_number() && e.contains("exponent") && e["exponent"].is_number();
        if (ok) {
            m.n = e["n"].get<std::int64_t>();
            m.ms = e["ms"].get<double>();
            m.exponent = e["exponent"].get<double>();
            ok = validModel(m);
        }
        if (ok) {
            memo()[memoKey] = m;
            return m;
        }
        warnLine(options, path + ": machines." + machine + "." + key +
                              R"(: must be {"n": >= 1, "ms": > 0, "exponent": 0.5..3}; measuring again)");
    }
    const CalibrationModel m = measureModel(spec);
    memo()[memoKey] = m;
    if (useFile) {
        if (!cache.contains("machines"))
            cache = json{{"machines", json::object()}};
        cache["format"] = "poolscope-calibration";
        cache["version"] = 1;
        json& entries = cache["machines"][machine];
        if (!entries.is_object())
            entries = json::object();
        entries[key] = {{"n", m.n}, {"ms", m.ms}, {"exponent", m.exponent}};
        writeCache(path, cache);
    }
    return m;
}

std::int64_t sizeForMs(const CalibrationModel& model, double ms, const std::string& workload)
{
    const double size = static_cast<double>(model.n) * std::pow(ms / model.ms, 1.0 / model.exponent);
    if (!(size >= 1.0))
        return 1;
    return std::min<std::int64_t>(
        maxSize(workload),
        static_cast<std::int64_t>(std::llround(std::min(size, static_cast<double>(INT64_MAX / 2)))));
}

bool resolveTargetMs(Scenario& scenario, const CalibrationOptions& options)
{
    WorkloadSpec& w = scenario.workload;
    if (!workloadTakesTargetMs(w.name) || !(w.targetMs > 0) || !w.inputs.empty())
        return false;
    std::int64_t& size = w.name == "hash" ? w.rounds : w.n;
    if (size > 0)
        return false;
    size = sizeForMs(calibrationModel(w, options), w.targetMs, w.name);
    return true;
}

} // namespace poolscope
