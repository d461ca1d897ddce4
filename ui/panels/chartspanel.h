#pragma once
// Live Qt Charts with a scrolling time axis: completed tasks per second
// (rolling), queue depths, worker busy %, and the submit -> done latency
// histogram. Fed by resetData(snapshot) a few times a second.

#include "ui/model/metricsseries.h"

#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;
class QLineSeries;
class QHorizontalBarSeries;
class QBarSet;
class QValueAxis;
class QBarCategoryAxis;

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

public Q_SLOTS:
    void resetData(const poolscope::ui::ChartSnapshot& snapshot);
    void refresh();

protected:
    void changeEvent(QEvent* event) override;

private:
    QChartView* makeView(QChart* chart);
    void applyTheme();

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
    int m_updates = 0;
};

} // namespace poolscope::ui
