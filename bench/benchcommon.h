#pragma once
// What the benchmarks share: the median of repeated runs and CPython's figures, measured
// by a Python script in the same run.

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace poolscope::bench {

// The one optional argument of a benchmark, its size (tasks, events): `fallback` without it. --help prints
// `usage` and exits 0; anything else than one whole number in [lo, hi] is one line naming it, exit 2.
inline long long sizeArgument(int argc, char** argv, const char* usage, long long fallback, long long lo,
                              long long hi)
{
    const char* program = std::strrchr(argv[0], '/') ? std::strrchr(argv[0], '/') + 1 : argv[0];
    if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
        std::printf("usage: %s %s\n", program, usage);
        std::exit(0);
    }
    if (argc > 2) {
        std::fprintf(stderr, "%s: '%s': one argument at most (usage: %s %s)\n", program, argv[2], program,
                     usage);
        std::exit(2);
    }
    if (argc < 2)
        return fallback;
    const char* text = argv[1];
    const char* end = text + std::strlen(text);
    long long v = 0;
    const auto [ptr, ec] = std::from_chars(text, end, v);
    if (ec != std::errc() || ptr != end || v < lo || v > hi) {
        std::fprintf(stderr, "%s: '%s': the size must be a whole number from %lld to %lld (usage: %s %s)\n",
                     program, text, lo, hi, program, usage);
        std::exit(2);
    }
    return v;
}

inline double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Runs `python script args` and parses the one JSON object it prints; null when python
// is missing, the script fails or prints something else (the ratios then read "n/a").
inline nlohmann::json runPythonJson(const std::string& python, const std::string& script,
                                    const std::string& args)
{
    const std::string cmd = python + " " + script + " " + args;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p)
        return nullptr;
    std::string out;
    char buf[512];
    while (fgets(buf, sizeof buf, p))
        out += buf;
    if (pclose(p) != 0)
        return nullptr;
    auto j = nlohmann::json::parse(out, nullptr, false);
    return j.is_discarded() ? nlohmann::json(nullptr) : j;
}

// Instructions callgrind counts for one run of `self --once ARGS`: the parent process's, and its
// forked children's together (fork does not exec, so valgrind follows each child and prints its
// own "Collected" line; the parent's pid is the first one printed). None when valgrind is missing,
// the run fails or nothing was counted.
struct CallgrindCount
{
    double parent = 0;
    double children = 0;
};
inline std::optional<CallgrindCount> callgrindCount(const char* self, const std::string& onceArgs)
{
    const std::string cmd = std::string("valgrind --tool=callgrind --callgrind-out-file=/dev/null ") + self +
                            " --once " + onceArgs + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p)
        return std::nullopt;
    long parentPid = -1;
    CallgrindCount n;
    bool any = false;
    char line[512];
    while (fgets(line, sizeof line, p)) {
        long pid = -1;
        if (std::sscanf(line, "==%ld==", &pid) != 1)
            continue;
        if (parentPid < 0)
            parentPid = pid;
        if (const char* at = std::strstr(line, "Collected : ")) {
            (pid == parentPid ? n.parent : n.children) += std::strtod(at + 12, nullptr);
            any = true;
        }
    }
    if (pclose(p) != 0 || !any)
        return std::nullopt;
    return n;
}

} // namespace poolscope::bench
