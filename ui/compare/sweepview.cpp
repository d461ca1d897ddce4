#include "ui/compare/sweepview.h"

#include "ui/compare/toolwindow.h"

#include "core/run/runfile.h"
#include "core/run/sweepcsv.h"
#include "ui/compare/jobcontrols.h"
#include "ui/compare/sweepjob.h"
#include "ui/run/runcontroller.h"
#include "ui/shell/theme.h"

#include <QAction>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QMenu>
#include <QPen>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <thread>

namespace poolscope::ui {

namespace {

// Colour-blind safe (ColorBrewer Dark2), one per mode, the same on light and dark themes.
QColor modeColor(const std::string& mode)
{
    if (mode == "thread-gil")
        return {0xd9, 0x5f, 0x02};
    if (mode == "thread-nogil")
        return {0x75, 0x70, 0xb3};
    return {0x1b, 0x9e, 0x77};
}

unsigned cores()
{
    return std::max(1U, std::thread::hardware_concurrency());
}

} // namespace

SweepView::SweepView(RunController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_job(new SweepJob(this))
{
    setObjectName(QStringLiteral("sweepView"));
    setWindowTitle(tr("Speedup sweep"));
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Workers 1 to"), this));
    m_hi = new QSpinBox(this);
    m_hi->setRange(1, 64);
    m_hi->setValue(4);
    m_hi->setAccessibleName(tr("Largest worker count"));
    bar->addWidget(m_hi);
    m_controls = JobControls::make(
        this, m_job, bar, tr("Runs per point"),
        tr("Each point is the median of this many runs (the machine is shared and noisy)"), tr("Sweep"));
    m_title = m_controls.title;
    m_repeat = m_controls.repeat;
    m_run = m_controls.run;
    m_cancel = m_controls.cancel;
    m_progress = m_controls.progress;
    m_status = m_controls.status;
    layout->addWidget(m_title);
    m_csv = new QPushButton(tr("Export CSV…"), this);
    m_png = new QPushButton(tr("Export PNG…"), this);
    bar->addWidget(m_csv);
    bar->addWidget(m_png);
    layout->addLayout(bar);

    m_chart = new QChart;
    m_chart->setTitle(tr("Speedup against serial"));
    m_chartView = new QChartView(m_chart, this);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumSize(480, 300);
    layout->addWidget(m_chartView, 1);
    m_x = new QValueAxis(m_chart);
    m_x->setTitleText(tr("max_workers"));
    m_x->setLabelFormat(QStringLiteral("%d"));
    m_y = new QValueAxis(m_chart);
    m_y->setTitleText(tr("speedup (serial wall time / wall time)"));
    m_y->setLabelFormat(QStringLiteral("%.1fx"));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);

    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    layout->addWidget(m_note);
    layout->addWidget(m_status);

    connect(m_run, &QPushButton::clicked, this, [this] { start(m_hi->value(), m_repeat->value()); });
    connect(m_cancel, &QPushButton::clicked, this, &SweepView::cancel);
    connect(m_csv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the sweep as CSV"),
                                                          QStringLiteral("sweep.csv"), tr("CSV (*.csv)"));
        QString why;
        if (!path.isEmpty() && !exportCsv(path, &why))
            m_status->setText(why);
    });
    connect(m_png, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the chart as PNG"),
                                                          QStringLiteral("sweep.png"), tr("PNG (*.png)"));
        QString why;
        if (!path.isEmpty() && !exportPng(path, &why))
            m_status->setText(why);
    });
    connect(m_job, &SweepJob::progress, this, [this](int done, int total) {
        m_status->setText(tr("Sweeping: run %1 of %2, one after another so the runs never share the cores")
                              .arg(done)
                              .arg(total));
    });
    connect(m_job, &SweepJob::pointDone, this, &SweepView::rebuildChart);
    connect(m_job, &SweepJob::finished, this, [this](bool cancelled) {
        rebuildChart();
        const int points = static_cast<int>(m_job->result().points.size());
        const int runs = m_job->options().repeat;
        if (cancelled)
            m_status->setText(points == 1 ? tr("Cancelled: 1 point measured")
                                          : tr("Cancelled: %n points measured", nullptr, points));
        else
            m_status->setText((runs == 1
                                   ? tr("Serial took %1 s. Each point is one run; click a point to open "
                                        "that run in replay.")
                                   : tr("Serial took %1 s. Each point is the median of %n runs; click a "
                                        "point to open that run in replay.",
                                        nullptr, runs))
                                  .arg(m_job->result().serial.wallS, 0, 'f', 3));
        Q_EMIT finished(cancelled);
    });
    applyTheme();
}

SweepView::~SweepView() = default;

void SweepView::setScenario(const Scenario& scenario)
{
    if (m_job->running())
        m_job->cancel();
    m_scenario = scenario;
    m_hi->setValue(std::clamp(std::max(scenario.workers, 4), 1, 16));
    describeScenario();
    rebuildChart();
}

void SweepView::describeScenario()
{
    const WorkloadSpec& w = m_scenario.workload;
    m_title->setText(tr("%1: %2 × %3 tasks, %4; %5 cores")
                         .arg(QString::fromStdString(m_scenario.name), QString::fromStdString(w.name))
                         .arg(m_scenario.tasks)
                         .arg(QString::fromStdString(m_scenario.submit))
                         .arg(cores()));
    const auto sat = saturationWorkers(m_scenario, cores());
    if (sat)
        m_note->setText(
            tr("Mixed work: each task waits %1 ms for I/O, then computes %2 ms. The CPU saturates at "
               "cores × (1 + I/O / CPU) = %3 × (1 + %1 / %2) = %4 workers; more workers only wait.")
                .arg(w.ioMs)
                .arg(w.cpuMs)
                .arg(cores())
                .arg(*sat, 0, 'f', 1));
    else
        m_note->setText(
            workloadIsCpuBound(w.name)
                ? (cores() == 1
                       ? tr("CPU work: one core can compute at a time; threads under the GIL take turns.")
                       : tr("CPU work: at most %n cores can compute at once; threads under the GIL take "
                            "turns.",
                            nullptr, static_cast<int>(cores())))
                : tr("I/O work: waiting releases the GIL, so every pool overlaps the waits."));
}

std::optional<double> SweepView::saturationWorkers(const Scenario& s, unsigned cores)
{
    return poolscope::saturationWorkers(s, cores); // what poolscope-cli sweep prints
}

void SweepView::start(int hi, int repeat)
{
    SweepJob::Options o;
    o.scenario = m_scenario;
    o.lo = 1;
    o.hi = std::max(1, hi);
    o.repeat = std::max(1, repeat);
    o.modes = sweepModes();
    m_hi->setValue(o.hi);
    m_repeat->setValue(o.repeat);
    m_controls.started(o.repeat * (1 + o.hi * static_cast<int>(o.modes.size())), tr("Sweeping…"));
    m_job->start(o);
    rebuildChart();
}

void SweepView::cancel()
{
    m_job->cancel();
    m_status->setText(tr("Cancelling: the run under way finishes first"));
}

bool SweepView::running() const
{
    return m_job->running();
}

QString SweepView::modeLabel(const std::string& mode) const
{
    if (mode == "thread-gil")
        return tr("threads, GIL on");
    if (mode == "thread-nogil")
        return tr("threads, GIL off (free-threaded)");
    return tr("processes");
}

void SweepView::rebuildChart()
{
    m_chart->removeAllSeries();
    const SweepResult& r = m_job->result();
    const int hi = m_job->running() || !r.points.empty() ? m_job->options().hi : m_hi->value();
    double top = hi;
    const QColor muted = theme::muted(palette());

    auto* ideal = new QLineSeries(m_chart);
    ideal->setName(tr("ideal (= workers)"));
    ideal->setPen(QPen(muted, 1.5, Qt::DashLine));
    ideal->append(1, 1);
    ideal->append(hi, hi);
    m_chart->addSeries(ideal);

    for (const std::string& mode : sweepModes()) {
        auto* line = new QLineSeries(m_chart);
        line->setName(modeLabel(mode));
        line->setPen(QPen(modeColor(mode), 2.5));
        line->setPointsVisible(true);
        line->setProperty("mode", QString::fromStdString(mode));
        for (const SweepPoint& p : r.points)
            if (const auto it = p.speedup.find(mode); it != p.speedup.end()) {
                line->append(p.workers, it->second);
                top = std::max(top, it->second);
            }
        m_chart->addSeries(line);
        connect(line, &QLineSeries::clicked, this, [this, mode](const QPointF& at) {
            openPoint(static_cast<int>(std::lround(at.x())), QString::fromStdString(mode));
        });
    }
    top = std::ceil(top * 1.1);
    if (const auto sat = saturationWorkers(m_scenario, cores()); sat && *sat <= hi) {
        auto* mark = new QLineSeries(m_chart);
        mark->setName(tr("CPU saturates at %1 workers").arg(*sat, 0, 'f', 1));
        mark->setPen(QPen(palette().color(QPalette::WindowText), 2, Qt::DotLine));
        mark->append(*sat, 0);
        mark->append(*sat, top);
        m_chart->addSeries(mark);
    }
    for (QAbstractSeries* s : m_chart->series()) {
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    m_x->setRange(1, std::max(2, hi));
    m_x->setTickCount(std::clamp(hi, 2, 17));
    m_y->setRange(0, top);
    m_y->setTickCount(static_cast<int>(std::min(top, 16.0)) + 1);
    m_csv->setEnabled(!r.points.empty());
}

bool SweepView::exportCsv(const QString& path, QString* error) const
{
    QFile f(path);
    const std::string csv = sweepToCsv(m_job->result());
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        f.write(csv.data(), static_cast<qint64>(csv.size())) != static_cast<qint64>(csv.size())) {
        if (error)
            *error = tr("%1: cannot write: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

bool SweepView::exportPng(const QString& path, QString* error)
{
    if (m_chartView->grab().save(path, "PNG"))
        return true;
    if (error)
        *error = tr("%1: cannot write the PNG").arg(path);
    return false;
}

bool SweepView::openPoint(int workers, const QString& mode)
{
    const std::string m = mode.toStdString();
    const std::vector<Event>* events = m_job->recording(workers, m);
    const SweepResult& r = m_job->result();
    const auto point = std::find_if(r.points.begin(), r.points.end(),
                                    [workers](const SweepPoint& p) { return p.workers == workers; });
    if (!events || point == r.points.end() || point->byMode.count(m) == 0) {
        const QString text =
            tr("The run at %1 workers (%2) was not kept: its recording was over the sweep's budget")
                .arg(workers)
                .arg(modeLabel(m));
        m_status->setText(text);
        Q_EMIT message(text);
        return false;
    }
    RunSpec spec = m_controller->spec();
    spec.scenario = SweepJob::modeScenario(m_scenario, m, workers);
    if (const std::string why = spec.validate(); !why.empty()) {
        const QString text = tr("The window cannot show that run: %1").arg(QString::fromStdString(why));
        m_status->setText(text);
        Q_EMIT message(text);
        return false;
    }
    const RunSummary& s = point->byMode.at(m);
    m_controller->loadRecording(spec, *events, outcomeFromSummary(s, spec.scenario.tasks, 0));
    const QString text = tr("Opened the run at %1 workers (%2, %3 s) in replay")
                             .arg(workers)
                             .arg(modeLabel(m))
                             .arg(s.wallS, 0, 'f', 3);
    m_status->setText(text);
    Q_EMIT message(text);
    if (QWidget* main = parentWidget()) {
        main->raise();
        main->activateWindow();
    }
    return true;
}

QString SweepView::statusText() const
{
    return m_status->text();
}

void SweepView::applyTheme()
{
    m_chart->setTheme(theme::isDark(palette()) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    rebuildChart(); // setTheme() resets the series' pens
}

void SweepView::changeEvent(QEvent* e)
{
    QWidget::changeEvent(e);
    if (e->type() == QEvent::PaletteChange)
        applyTheme();
}

SweepView* SweepView::showFor(RunController* controller, QWidget* window)
{
    return showToolWindow<SweepView>(controller, window, QStringLiteral("sweepView"), QSize(900, 600));
}

void SweepView::addToMenu(QMenu* view, RunController* controller, QWidget* window)
{
    QAction* a = view->addAction(tr("Speedup sweep…"));
    a->setToolTip(tr("Speedup against max_workers for threads with and without the GIL and for processes"));
    connect(a, &QAction::triggered, window, [controller, window] { showFor(controller, window); });
}

} // namespace poolscope::ui
