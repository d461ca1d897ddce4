#pragma once
// The compare view's runs in the background: the sides of a comparison (the scenario serially, on
// the thread pool and on the process pool, or any two scenarios after their serial runs), one after
// another so they never share the cores, or the pools of a round at the same time, through
// core/run/comparison.h's runCompareSides() (what `poolscope-cli compare` runs), every run recorded.

#include "core/run/comparison.h"
#include "ui/compare/backgroundjob.h"

#include <vector>

namespace poolscope::ui {

class CompareJob : public BackgroundJob
{
    Q_OBJECT

public:
    explicit CompareJob(QObject* parent = nullptr);

    // Starts the runs of `sides` (a running job is cancelled and waited for first).
    void start(const std::vector<CompareSide>& sides, int repeat = 1, bool concurrent = false);
    const std::vector<CompareSide>& sides() const { return m_sides; }
    int repeat() const { return m_repeat; }
    bool concurrent() const { return m_concurrent; }
    // The last finished comparison (GUI thread); empty modes until one finished.
    const CompareResult& result() const { return m_result; }

private:
    std::vector<CompareSide> m_sides;
    int m_repeat = 1;
    bool m_concurrent = false;
    CompareResult m_result;
};

} // namespace poolscope::ui
