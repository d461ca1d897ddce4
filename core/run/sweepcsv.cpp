#include "core/run/sweepcsv.h"

#include "core/run/csvexport.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace poolscope {

namespace {

constexpr const char* kHeader = "workers,ideal,mode,wall_s,speedup,completed,error";

std::string num(double v)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::string row(int workers, double ideal, const std::string& mode, const RunSummary& s, double speedup)
{
    return std::to_string(workers) + ',' + num(ideal) + ',' + csvField(mode) + ',' + num(s.wallS) + ',' +
           num(speedup) + ',' + std::to_string(s.completed) + ',' + csvField(s.errorType) + "\r\n";
}

double realField(const std::string& text, std::size_t line, const char* field)
{
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v))
        throw CsvError("line " + std::to_string(line) + ": " + field + ": '" + text + "' is not a number");
    return v;
}

long long wholeField(const std::string& text, std::size_t line, const char* field, long long min,
                     long long max)
{
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno == ERANGE || v < min || v > max)
        throw CsvError("line " + std::to_string(line) + ": " + field + ": '" + text +
                       "' is not a whole number in " + std::to_string(min) + ".." + std::to_string(max));
    return v;
}

} // namespace

std::string sweepToCsv(const SweepResult& sweep)
{
    std::string out = std::string(kHeader) + "\r\n";
    out += row(1, 1.0, "serial", sweep.serial, 1.0);
    for (const SweepPoint& p : sweep.points)
        for (const auto& [mode, summary] : p.byMode) {
            const auto s = p.speedup.find(mode);
            out += row(p.workers, p.ideal, mode, summary, s == p.speedup.end() ? 0.0 : s->second);
        }
    return out;
}

SweepResult sweepFromCsv(const std::string& text)
{
    const auto rows = parseCsv(text);
    if (rows.empty() || rows[0].size() != 7 || rows[0][0] != "workers")
        throw CsvError(std::string("line 1: must be the header ") + kHeader);
    SweepResult sweep;
    bool serial = false;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto& r = rows[i];
        const std::size_t line = i + 1;
        if (r.size() == 1 && r[0].empty())
            continue; // a blank last line
        if (r.size() != 7)
            throw CsvError("line " + std::to_string(line) + ": has " + std::to_string(r.size()) +
                           " fields, the header 7");
        const int workers = static_cast<int>(wholeField(r[0], line, "workers", 1, 1024));
        const double ideal = realField(r[1], line, "ideal");
        const std::string& mode = r[2];
        RunSummary s;
        s.wallS = realField(r[3], line, "wall_s");
        const double speedup = realField(r[4], line, "speedup");
        s.completed = wholeField(r[5], line, "completed", 0, 100'000'000);
        s.errorType = r[6];
        if (mode == "serial") {
            sweep.serial = s;
            serial = true;
            continue;
        }
        if (mode.empty())
            throw CsvError("line " + std::to_string(line) + ": mode: empty");
        if (sweep.points.empty() || sweep.points.back().workers != workers) {
            for (const SweepPoint& p : sweep.points)
                if (p.workers == workers)
                    throw CsvError("line " + std::to_string(line) + ": workers: " + r[0] +
                                   " again after other worker counts");
            SweepPoint p;
            p.workers = workers;
            p.ideal = ideal;
            sweep.points.push_back(p);
        }
        SweepPoint& p = sweep.points.back();
        if (p.byMode.count(mode) != 0)
            throw CsvError("line " + std::to_string(line) + ": mode: " + mode + " twice for " + r[0] +
                           " workers");
        p.byMode[mode] = s;
        p.speedup[mode] = speedup;
    }
    if (!serial)
        throw CsvError("line 2: no serial row (mode serial)");
    return sweep;
}

} // namespace poolscope
