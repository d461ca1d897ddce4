#pragma once
// What the window's benchmarks (--bench-render, --bench-replay) share: percentiles of frame times, and
// instruction counts: the benchmark runs itself again under callgrind with collection off, switches it on
// around each step it measures (callgrind's client requests, which count the calling thread only), dumps each
// step's counts under a name with its number of operations, and the parent divides (docs/benchmarks.md).

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <map>
#include <optional>
#include <vector>

namespace poolscope::ui {

// The `q` quantile of `v` (0.5 the median, 1 the maximum); 0 when empty.
double benchPercentile(std::vector<double> v, double q);

// Whether this process runs under valgrind (the counting run).
bool benchUnderValgrind();
// Under valgrind: switches counting on, then off again; elsewhere nothing.
void benchStartCounting();
void benchStopCounting();
// Under valgrind: writes what was counted since the last dump as a profile named "`what` `count`".
void benchDump(const char* what, std::size_t count);

// Runs this binary again under callgrind with `args`, `env` added to the environment, and returns
// the instructions per operation of each of `names` (summed over the dumps of that name). None
// when this is the counting run, POOLSCOPE_BENCH_CALLGRIND is 0, valgrind is missing, the run fails
// (said on stderr, prefixed with `bench`) or a name was never dumped.
std::optional<std::map<QString, double>> benchCountInstructions(const char* bench, const QStringList& args,
                                                                const QProcessEnvironment& env,
                                                                const QStringList& names);

} // namespace poolscope::ui
