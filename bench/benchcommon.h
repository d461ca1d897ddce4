#pragma once
// What the benchmarks share: the median of repeated runs and CPython's figures, measured
// by a Python script in the same run.

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace poolscope::bench {

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

} // namespace poolscope::bench
