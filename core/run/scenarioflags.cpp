#include "core/run/scenarioflags.h"

#include "core/workload/workload.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace poolscope {

namespace {

std::string joined(const std::vector<std::string>& items, const char* sep = ", ")
{
    std::string out;
    for (const auto& s : items)
        out += (out.empty() ? "" : sep) + s;
    return out;
}

// 3600000, 0.001: a range bound as a person writes it.
std::string numberText(double v)
{
    char buf[64];
    if (std::floor(v) == v && std::fabs(v) < 1e15)
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    else
        std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string got(const std::string& flag, const std::string& what, const std::string& value)
{
    return "--" + flag + ": must be " + what + ", got '" + value + "'";
}

// The ranges of the flags that are numbers, in one place.
constexpr double kMaxTaskMs = 3'600'000.0;
constexpr double kMaxLatencyMs = 600'000.0;
constexpr double kMaxTimeoutS = 86'400.0;
constexpr long long kMaxN = 100'000'000'000LL;
constexpr long long kMaxBytes = 1LL << 30;

std::vector<std::int64_t> parseInputs(const std::string& text)
{
    std::vector<std::int64_t> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = text.find(',', start);
        const std::string item =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        char* end = nullptr;
        errno = 0;
        const long long v = std::strtoll(item.c_str(), &end, 10);
        if (item.empty() || *end != '\0' || errno == ERANGE || v < 0)
            throw FlagError(got("inputs", "whole numbers >= 0 separated by commas", text));
        out.push_back(v);
        if (comma == std::string::npos)
            return out;
        start = comma + 1;
    }
}

} // namespace

const std::vector<FlagSpec>& ScenarioFlags::specs()
{
    static const std::vector<FlagSpec> flags = {{"scenario"},
                                                {"preset"},
                                                {"pool"},
                                                {"workers"},
                                                {"tasks"},
                                                {"workload"},
                                                {"task-ms"},
                                                {"n"},
                                                {"target-ms"},
                                                {"inputs"},
                                                {"rounds"},
                                                {"bytes"},
                                                {"latency-ms"},
                                                {"io-ms"},
                                                {"cpu-ms"},
                                                {"payload"},
                                                {"submit"},
                                                {"chunksize"},
                                                {"timeout"},
                                                {"gil"},
                                                {"switch-interval-ms"},
                                                {"max-tasks-per-child"},
                                                {"extra-queued-calls"},
                                                {"kill-worker-after"},
                                                {"on-timeout"}};
    return flags;
}

std::string ScenarioFlags::usage(const ScenarioLimits& limits, const Scenario& d)
{
    const bool process = std::find(limits.pools.begin(), limits.pools.end(), "process") != limits.pools.end();
    std::string u;
    // "  --flag ARG" then the help from column 27 (on the next line when the flag is longer).
    auto line = [&u](const std::string& flag, const std::string& help) {
        std::string head = "  ";
        head.append(flag);
        if (head.size() >= 26) {
            u.append(head).append("\n");
            head.clear();
        }
        head.append(27 - head.size(), ' ');
        u.append(head).append(help).append("\n");
    };
    line("--scenario FILE", "load a scenario file (JSON, see docs/cli.md)");
    line("--preset NAME", "start from a preset (poolscope-cli presets lists them)");
    line("--pool " + joined(limits.pools, "|"), "executor (default " + d.pool + ")");
    if (limits.workersFlag)
        line("--workers N", "max_workers, 1.." + std::to_string(limits.maxWorkers) + " (default " +
                                std::to_string(d.workers) + ")");
    line("--tasks N", "number of tasks, " + std::to_string(limits.minTasks) + ".." +
                          std::to_string(limits.maxTasks) + " (default " + std::to_string(d.tasks) + ")");
    line("--workload NAME", joined(workloadNames(), "|") + " (default " + d.workload.name + ")");
    line("--task-ms MS", "sleep: wall ms; spin: CPU ms (default " + numberText(d.workload.taskMs) + ")");
    line("--n N", "factorial: n!; primes: count below n");
    line("--target-ms MS", "factorial, primes, hash: size n (rounds) for about MS ms a task on this machine");
    line("--inputs A,B,C", "per-task n, cycled (factorial, primes)");
    line("--rounds N", "hash: SHA-256 rounds");
    line("--bytes N", "hash buffer, file size, http body size");
    line("--latency-ms MS", "http: server-side latency (default 50)");
    line("--io-ms MS", "mixed: I/O part, as server latency (default 10)");
    line("--cpu-ms MS", "mixed: CPU part (default 10)");
    line("--payload BYTES", "bytes of argument and of result (default 0: natural result)");
    line("--submit " + joined(submitStyles(), "|"),
         "how tasks are submitted and awaited (default " + d.submit + ")");
    line("--chunksize K", "map's chunksize (default 1)");
    line("--timeout S|none", "timeout of each result(), or of as_completed(), wait(), map() (default none)");
    line("--gil on|off", "thread pool: model CPython's GIL (default on) or free-threaded");
    line("--switch-interval-ms MS", "sys.setswitchinterval (default 5)");
    if (process) {
        line("--max-tasks-per-child N",
             "process pool: a worker exits after N tasks, a fresh one replaces it");
        line("--extra-queued-calls N",
             "process pool: call queue = workers + N (default 1, EXTRA_QUEUED_CALLS)");
        line("--kill-worker-after K",
             "process pool: once K results arrived, SIGKILL a worker that is running");
        line("", "a task (K < --tasks); the pool breaks");
    }
    line("--on-timeout " + joined(onTimeoutActions(), "|"),
         "what to do with running work after a timeout (default " + d.onTimeout + ")");
    return u;
}

ScenarioFlags::ScenarioFlags(const std::vector<std::string>& argv, const std::vector<FlagSpec>& known)
{
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& word = argv[i];
        if (word.rfind("--", 0) != 0 || word.size() == 2)
            throw FlagError("unexpected argument '" + word + "'");
        std::string name = word.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const FlagSpec* spec = nullptr;
        for (const auto& k : known)
            if (k.name == name)
                spec = &k;
        if (!spec)
            throw FlagError("--" + name + ": unknown flag");
        if (m_values.count(name))
            throw FlagError("--" + name + ": given twice");
        if (!spec->takesValue) {
            if (inlineValue)
                throw FlagError("--" + name + ": takes no value");
            m_values.insert_or_assign(name, std::string(1, '1'));
            continue;
        }
        if (inlineValue) {
            m_values[name] = *inlineValue;
        } else {
            if (i + 1 >= argv.size())
                throw FlagError("--" + name + ": needs a value");
            m_values[name] = argv[++i];
        }
    }
}

std::string ScenarioFlags::text(const std::string& name, const std::string& fallback) const
{
    auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second;
}

const std::vector<FlagSpec>& ScenarioFlags::gateSpecs()
{
    static const std::vector<FlagSpec> v = {
        {"pause-at"}, {"pause-for"}, {"step-first"}, {"step-ms"}, {"speed"}};
    return v;
}

std::string ScenarioFlags::gateUsage()
{
    return "  --pause-at K             hold the run at its K-th event (the window's Pause) ...\n"
           "  --pause-for MS           ... for MS wall ms, then let it go on\n"
           "  --step-first N           let the first N events through one at a time (the window's Step) ...\n"
           "  --step-ms MS             ... MS wall ms apart, then run freely\n"
           "  --speed X                slow motion as in the window: 1 = real time, 0.1 = ten times slower\n"
           "                           (0.05 to 1); none of these change the outcome or the times\n";
}

GatePlan ScenarioFlags::gatePlan() const
{
    GatePlan p;
    constexpr double kMaxMs = 3'600'000.0;
    if (has("pause-at") != has("pause-for"))
        throw FlagError(has("pause-at") ? "--pause-at: needs --pause-for MS (how long to hold the run)"
                                        : "--pause-for: needs --pause-at K (the event to hold the run at)");
    if (has("step-first") != has("step-ms"))
        throw FlagError(has("step-first") ? "--step-first: needs --step-ms MS (the time between two steps)"
                                          : "--step-ms: needs --step-first N (how many events to step)");
    if (has("pause-at")) {
        p.pauseAt = integer("pause-at", 1, 1, 1'000'000'000);
        p.pauseForMs = number("pause-for", 0, 0, kMaxMs);
    }
    if (has("step-first")) {
        p.stepFirst = integer("step-first", 0, 1, 1'000'000);
        p.stepMs = number("step-ms", 0, 0, kMaxMs);
    }
    p.speed = number("speed", 1.0, 0.05, 1.0);
    const int ways = (p.pauseAt ? 1 : 0) + (p.stepFirst > 0 ? 1 : 0) + (has("speed") ? 1 : 0);
    if (ways > 1) {
        const char* first = p.pauseAt ? "--pause-at" : "--step-first";
        const char* second = p.pauseAt && p.stepFirst > 0 ? "--step-first" : "--speed";
        throw FlagError(std::string(first) + ": cannot be combined with " + second +
                        " (one way of holding per run)");
    }
    return p;
}

long long ScenarioFlags::integer(const std::string& name, long long fallback, long long min,
                                 long long max) const
{
    auto it = m_values.find(name);
    if (it == m_values.end())
        return fallback;
    const std::string& s = it->second;
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || errno == ERANGE || v < min || v > max)
        throw FlagError(
            got(name, "an integer from " + std::to_string(min) + " to " + std::to_string(max), s));
    return v;
}

double ScenarioFlags::number(const std::string& name, double fallback, double min, double max) const
{
    auto it = m_values.find(name);
    if (it == m_values.end())
        return fallback;
    const std::string& s = it->second;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || !std::isfinite(v) || v < min || v > max)
        throw FlagError(got(name, "a number from " + numberText(min) + " to " + numberText(max), s));
    return v;
}

std::string ScenarioFlags::choice(const std::string& name, const std::string& fallback,
                                  const std::vector<std::string>& allowed) const
{
    std::string v = text(name, fallback);
    for (const auto& a : allowed)
        if (a == v)
            return v;
    throw FlagError(got(name, "one of " + joined(allowed), v));
}

bool ScenarioFlags::anyScenarioFlag() const
{
    for (const auto& f : specs())
        if (has(f.name))
            return true;
    return false;
}

Scenario ScenarioFlags::scenario(const ScenarioLimits& limits, const Scenario& defaults) const
{
    Scenario s = defaults;
    if (has("scenario") && has("preset"))
        throw FlagError("--preset: cannot be used with --scenario");
    if (has("scenario")) {
        s = loadScenarioFile(text("scenario", ""));
    } else if (has("preset")) {
        const std::string name = text("preset", "");
        auto p = presetScenario(name);
        if (!p) {
            std::vector<std::string> names;
            for (const auto& pr : presets())
                names.push_back(pr.name);
            throw FlagError(got("preset", "one of " + joined(names), name));
        }
        s = *p;
    }
    const bool custom = has("pool") || has("workers") || has("tasks") || has("workload");
    if (custom && (has("scenario") || has("preset")))
        s.name += "+flags";
    s.pool = choice("pool", s.pool, limits.pools);
    for (const char* flag : {"extra-queued-calls", "max-tasks-per-child", "kill-worker-after"})
        if (has(flag) && s.pool != "process")
            throw FlagError(std::string("--") + flag + ": only applies to --pool process");
    if (s.pool != "process") {
        // --pool thread on a process preset: its process-only fields go with it.
        s.maxTasksPerChild = 0;
        s.killWorkerAfter.reset();
    }
    if (limits.workersFlag)
        s.workers = static_cast<int>(integer("workers", s.workers, 1, limits.maxWorkers));
    s.tasks = integer("tasks", s.tasks, limits.minTasks, limits.maxTasks);
    if (has("workload")) {
        const std::string name = choice("workload", s.workload.name, workloadNames());
        if (name != s.workload.name) {
            s.workload = WorkloadSpec{};
            s.workload.name = name;
        }
    }
    WorkloadSpec& w = s.workload;
    w.taskMs = number("task-ms", w.taskMs, 0.0, kMaxTaskMs);
    w.n = integer("n", w.n, 0, kMaxN);
    if (has("target-ms")) {
        w.targetMs = number("target-ms", w.targetMs, 0.0, kMaxTaskMs);
        // A new time target asks for a new size unless the flags name one too.
        if (!has("n"))
            w.n = 0;
        if (!has("rounds"))
            w.rounds = 0;
    }
    if (has("inputs"))
        w.inputs = parseInputs(text("inputs", ""));
    w.rounds = integer("rounds", w.rounds, 0, 1'000'000'000);
    w.bytes = integer("bytes", w.bytes, -1, kMaxBytes);
    w.latencyMs = number("latency-ms", w.latencyMs, 0.0, kMaxLatencyMs);
    w.ioMs = number("io-ms", w.ioMs, 0.0, kMaxLatencyMs);
    w.cpuMs = number("cpu-ms", w.cpuMs, 0.0, kMaxTaskMs);
    w.payload = integer("payload", w.payload, 0, kMaxBytes);
    s.submit = choice("submit", s.submit, submitStyles());
    if (has("chunksize") && s.submit != "map")
        throw FlagError("--chunksize: only applies to --submit map");
    if (s.submit != "map")
        s.chunksize = 1; // --submit submit on a map preset: its chunksize goes with it
    s.chunksize = static_cast<int>(integer("chunksize", s.chunksize, 1, 1'000'000'000));
    if (has("timeout")) {
        const std::string t = text("timeout", "");
        if (t == "none" || t == "None") {
            s.timeoutS.reset();
        } else {
            char* end = nullptr;
            const double v = std::strtod(t.c_str(), &end);
            if (t.empty() || *end != '\0' || !std::isfinite(v) || v < 0 || v > kMaxTimeoutS)
                throw FlagError(
                    got("timeout", "a number from 0 to " + numberText(kMaxTimeoutS) + " or none", t));
            s.timeoutS = v;
        }
    }
    if (has("gil"))
        s.gil = choice("gil", "on", {"on", "off"}) == "on";
    s.switchIntervalMs = number("switch-interval-ms", s.switchIntervalMs, 0.001, 10'000.0);
    if (has("max-tasks-per-child"))
        s.maxTasksPerChild = static_cast<int>(integer("max-tasks-per-child", 1, 1, 1'000'000'000));
    s.extraQueuedCalls = static_cast<int>(integer("extra-queued-calls", s.extraQueuedCalls, 0, 1'000'000));
    s.onTimeout = choice("on-timeout", s.onTimeout, onTimeoutActions());
    if (has("kill-worker-after")) {
        const long long k = integer("kill-worker-after", 0, 0, limits.maxTasks);
        if (k >= s.tasks)
            throw FlagError(got("kill-worker-after", "less than --tasks (" + std::to_string(s.tasks) + ")",
                                text("kill-worker-after", "")));
        s.killWorkerAfter = k;
    }
    validateScenario(s);
    return s;
}

} // namespace poolscope
