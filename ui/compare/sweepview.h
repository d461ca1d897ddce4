#pragma once
// The speedup sweep in the window: speedup against max_workers for the thread pool with the GIL,
// without it (free-threaded) and for the process pool, with the ideal line, as a Qt chart. For
// mixed work it also marks where the CPU saturates, cores x (1 + I/O time / CPU time) workers: the
// tutorial's point that mixed work stops scaling before the worker count does. The sweep runs in
// the background (SweepJob) with a progress bar and a Cancel button; CSV and PNG exports; a click
// on a point opens that run (the median of its repeats) in replay.

#include "core/run/scenario.h"
#include "ui/compare/jobcontrols.h"

#include <optional>
#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QMenu;
class QProgressBar;
class QPushButton;
class QScatterSeries;
class QSpinBox;
class QValueAxis;

namespace poolscope::ui {

class RunController;
class SweepJob;

class SweepView : public QWidget
{
    Q_OBJECT

public:
    explicit SweepView(RunController* controller, QWidget* parent = nullptr);
    ~SweepView() override;

    // The scenario the next sweep runs (the window's current one when the view opens).
    void setScenario(const Scenario& scenario);
    const Scenario& scenario() const { return m_scenario; }
    // Sweeps 1..hi workers, `repeat` runs a point (the median counts).
    void start(int hi, int repeat);
    void cancel();
    bool running() const;

    // The worker count at which the CPU saturates: cores x (1 + io_ms / cpu_ms), mixed work only.
    static std::optional<double> saturationWorkers(const Scenario& scenario, unsigned cores);

    bool exportCsv(const QString& path, QString* error = nullptr) const;
    bool exportPng(const QString& path, QString* error = nullptr);
    // Opens the median run of that point in the window's replay; false (and a message) when its
    // recording was not kept.
    bool openPoint(int workers, const QString& mode);

    SweepJob* job() const { return m_job; }
    QChart* chart() const { return m_chart; }
    QString statusText() const;

    // The View menu's "Speedup sweep…": opens (once) the sweep window on the current scenario.
    static SweepView* showFor(RunController* controller, QWidget* window);
    static void addToMenu(QMenu* view, RunController* controller, QWidget* window);

Q_SIGNALS:
    void finished(bool cancelled);
    void message(const QString& text);

protected:
    void changeEvent(QEvent* e) override;

private:
    void rebuildChart();
    void applyTheme();
    void describeScenario();
    QString modeLabel(const std::string& mode) const;

    RunController* m_controller;
    Scenario m_scenario;
    SweepJob* m_job;
    JobControls m_controls; // the title, Runs per point, Sweep, Cancel, the progress and the status
    QChart* m_chart;
    QChartView* m_chartView;
    QValueAxis* m_x;
    QValueAxis* m_y;
    QLabel* m_title;
    QLabel* m_status;
    QLabel* m_note;
    QProgressBar* m_progress;
    QSpinBox* m_hi;
    QSpinBox* m_repeat;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QPushButton* m_csv;
    QPushButton* m_png;
};

} // namespace poolscope::ui
