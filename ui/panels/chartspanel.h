#pragma once
// Live Qt Charts with a scrolling time axis: completed tasks per second
// (rolling), queue depths, worker busy %, and the submit -> done latency
// histogram. Fed by resetData(snapshot) a few times a second.

#include "ui/model/metricsseries.h"

#include <QHash>
#include <QStringList>
#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;
class QLineSeries;
class QHorizontalBarSeries;
class QBarSet;
class QValueAxis;
class QCategoryAxis;

namespace poolscope::ui {

class RunController;

class ChartsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ChartsPanel(RunController* controller, QWidget* parent = nullptr);

    // Seconds of history the time axis shows.
    static constexpr double kWindowS = 30.0;
    int updates() const noexcept { return m_updates; }
    // One chart's least size: the panel rearranges its charts to the room it gets (arrangeCharts),
    // so the arrangement it has now (four in a row under the diagram) must not hold a side dock
    // as wide as that row.
    QSize minimumSizeHint() const override;

public Q_SLOTS:
    void resetData(const poolscope::ui::ChartSnapshot& snapshot);
    void refresh();

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    // `titles`: the chart's title, longest first; the longest that fits the view is shown, the
    // first is the view's tooltip.
    QChartView* makeView(QChart* chart, const QStringList& titles);
    void applyTheme();
    void fitTitle(QChartView* view);
    void fitLegend(QChartView* view);
    void labelLatencyEdges();
    // Four charts in a row, or two rows of two, or one column, as the panel's shape allows.
    void arrangeCharts();

    RunController* m_controller;
    QTimer m_timer;
    QTimer m_cursorRefresh; // replay: at most one redraw per 50 ms while scrubbing
    QChart* m_rateChart = nullptr;
    QChart* m_depthChart = nullptr;
    QChart* m_busyChart = nullptr;
    QChart* m_latencyChart = nullptr;
    QLineSeries* m_rate = nullptr;
    QLineSeries* m_workQueue = nullptr;
    QLineSeries* m_callQueue = nullptr;
    QLineSeries* m_pending = nullptr;
    QLineSeries* m_busy = nullptr;
    QHorizontalBarSeries* m_latency = nullptr;
    QBarSet* m_latencySet = nullptr;
    QValueAxis* m_rateX = nullptr;
    QValueAxis* m_rateY = nullptr;
    QValueAxis* m_depthX = nullptr;
    QValueAxis* m_depthY = nullptr;
    QValueAxis* m_busyX = nullptr;
    QValueAxis* m_busyY = nullptr;
    QValueAxis* m_latencyY = nullptr;
    QCategoryAxis* m_latencyBins = nullptr;
    int m_latencyStep = 0; // every k-th decade labelled
    int m_updates = 0;
    QHash<QChartView*, QStringList> m_titles;
    QList<QChartView*> m_views; // in reading order
    int m_columns = 0;
    bool m_depthLegend = false; // the depth chart has a legend (a process pool's three queues)
};

} // namespace poolscope::ui
