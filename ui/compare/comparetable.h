#pragma once
// The compare view's measures, a column per run (core/run/runmeasures.h, the numbers `poolscope-cli
// compare --json` prints): wall time, speedup against serial, CPU utilization, bytes through the
// pipes, the GIL wait share and the median time per task in each stage. Of the pair of pools (the
// last two columns) the larger value of each row is marked bold with a ▲, so the eye finds where the
// two differ; "—" where a run has no such number (a thread pool has no pipes).

#include "ui/compare/recordedrun.h"

#include <QTableWidget>

namespace poolscope::ui {

class CompareTable : public QTableWidget
{
    Q_OBJECT

public:
    enum Row
    {
        WallRow,
        SpeedupRow,
        CpuRow,
        PipeBytesRow,
        GilShareRow,
        FirstStageRow, // then one row per kMeasuredStages
    };

    explicit CompareTable(QWidget* parent = nullptr);

    void setRuns(const std::vector<RecordedRun>& runs);
    // The column of the pair (the last two) marked larger in `row`, or -1 (equal, or not both known).
    int markedColumn(int row) const;
    // The number a cell shows, none for "—".
    static std::optional<double> value(const RunMeasures& m, int row);
    // Every column whole, and the vertical scroll bar beside them: the table is never narrower (a
    // short window scrolls it up and down, never sideways).
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void changeEvent(QEvent* e) override;

private:
    void fill();
    QString rowName(int row) const;
    QString cellText(const RunMeasures& m, int row) const;

    std::vector<RecordedRun> m_runs; // only their titles and measures are used
    std::vector<int> m_marked;
};

} // namespace poolscope::ui
