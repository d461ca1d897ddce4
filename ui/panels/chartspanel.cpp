#include "ui/panels/chartspanel.h"

#include "ui/run/runcontroller.h"
#include "ui/shell/theme.h"

#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QGridLayout>
#include <QHorizontalBarSeries>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QResizeEvent>
#include <QValueAxis>

#include <cmath>
#include <iterator>

namespace poolscope::ui {

namespace {
QValueAxis* timeAxis(QChart* chart, QAbstractSeries* series)
{
    auto* x = new QValueAxis(chart);
    x->setLabelFormat(QStringLiteral("%.0f s"));
    // Dynamic ticks anchored at 0: whole seconds that do not slide as the axis scrolls.
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    return x;
}

QValueAxis* valueAxis(QChart* chart, const QString& format)
{
    auto* y = new QValueAxis(chart);
    y->setLabelFormat(format);
    y->setTickType(QValueAxis::TicksDynamic);
    y->setTickAnchor(0);
    y->setMin(0);
    chart->addAxis(y, Qt::AlignLeft);
    return y;
}
} // namespace

ChartsPanel::ChartsPanel(RunController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("charts"));
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(2, 2, 2, 2);
    grid->setSpacing(2);

    m_rateChart = new QChart;
    m_rateChart->setTitle(tr("Completed / s"));
    m_rate = new QLineSeries(m_rateChart);
    m_rate->setName(tr("completed/s"));
    m_rateChart->addSeries(m_rate);
    m_rateX = timeAxis(m_rateChart, m_rate);
    m_rateY = valueAxis(m_rateChart, QStringLiteral("%.0f"));
    m_rate->attachAxis(m_rateY);

    m_depthChart = new QChart;
    m_depthChart->setTitle(tr("Queue depth"));
    m_workQueue = new QLineSeries(m_depthChart);
    m_workQueue->setName(tr("work queue"));
    m_callQueue = new QLineSeries(m_depthChart);
    m_callQueue->setName(tr("call Q"));
    m_pending = new QLineSeries(m_depthChart);
    m_pending->setName(tr("items"));
    for (QLineSeries* s : {m_workQueue, m_callQueue, m_pending})
        m_depthChart->addSeries(s);
    m_depthX = timeAxis(m_depthChart, m_workQueue);
    m_depthY = valueAxis(m_depthChart, QStringLiteral("%.0f"));
    for (QLineSeries* s : {m_workQueue, m_callQueue, m_pending}) {
        if (s != m_workQueue)
            s->attachAxis(m_depthX);
        s->attachAxis(m_depthY);
    }

    m_busyChart = new QChart;
    m_busyChart->setTitle(tr("Workers busy %"));
    m_busy = new QLineSeries(m_busyChart);
    m_busy->setName(tr("busy %"));
    m_busyChart->addSeries(m_busy);
    m_busyX = timeAxis(m_busyChart, m_busy);
    m_busyY = valueAxis(m_busyChart, QStringLiteral("%.0f"));
    m_busyY->setRange(0, 100);
    m_busyY->setTickInterval(50);
    m_busy->attachAxis(m_busyY);

    m_latencyChart = new QChart;
    m_latencyChart->setTitle(tr("Latency submit → done"));
    m_latency = new QHorizontalBarSeries(m_latencyChart);
    m_latencySet = new QBarSet(tr("futures"));
    m_latency->append(m_latencySet);
    m_latencyChart->addSeries(m_latency);
    for (int i = 0; i < MetricsSeries::kLatencyBins; ++i)
        m_latencySet->append(0);
    // Horizontal bars, bin 0 at the bottom; the labels name the decades between them (a log axis),
    // as many as the chart's height holds whole (labelLatencyEdges).
    m_latencyBins = new QCategoryAxis(m_latencyChart);
    m_latencyBins->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_latencyBins->setRange(-0.5, MetricsSeries::kLatencyBins - 0.5);
    m_latencyChart->addAxis(m_latencyBins, Qt::AlignLeft);
    m_latency->attachAxis(m_latencyBins);
    connect(m_latencyChart, &QChart::plotAreaChanged, this, &ChartsPanel::labelLatencyEdges);
    m_latencyY = new QValueAxis(m_latencyChart);
    m_latencyY->setLabelFormat(QStringLiteral("%.0f"));
    m_latencyY->setTickType(QValueAxis::TicksDynamic);
    m_latencyY->setTickAnchor(0);
    m_latencyChart->addAxis(m_latencyY, Qt::AlignBottom);
    m_latency->attachAxis(m_latencyY);

    m_views = {makeView(m_rateChart, {tr("Completed / s"), tr("Done / s")}),
               makeView(m_depthChart, {tr("Queue depth"), tr("Depth")}),
               makeView(m_busyChart, {tr("Workers busy %"), tr("Busy %")}),
               makeView(m_latencyChart, {tr("Latency submit → done"), tr("Latency")})};
    // What counts as busy (MetricsSeries::busyPercent), said where the chart is.
    m_views[2]->setToolTip(
        m_views[2]->toolTip() + QLatin1Char('\n') +
        tr("Share of the workers running a task, waits for the GIL included. A mixed task counts only "
           "its CPU part: while it waits on I/O it keeps no core busy."));
    arrangeCharts();
    applyTheme();

    m_timer.setInterval(200); // charts are costly to redraw: 5 Hz is plenty
    connect(&m_timer, &QTimer::timeout, this, &ChartsPanel::refresh);
    connect(controller, &RunController::stateChanged, this, [this](RunState s) {
        if (s == RunState::Running)
            m_timer.start();
        else
            m_timer.stop();
        refresh();
    });
    connect(controller, &RunController::runReset, this, &ChartsPanel::refresh);
    connect(controller, &RunController::stepped, this, &ChartsPanel::refresh);
    // Replay: the charts stop at the cursor.
    m_cursorRefresh.setSingleShot(true);
    m_cursorRefresh.setInterval(50);
    connect(&m_cursorRefresh, &QTimer::timeout, this, &ChartsPanel::refresh);
    connect(controller, &RunController::cursorChanged, this, [this] {
        if (!m_cursorRefresh.isActive())
            m_cursorRefresh.start();
    });
    refresh();
}

QChartView* ChartsPanel::makeView(QChart* chart, const QStringList& titles)
{
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    auto* view = new QChartView(chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(120, 140);
    view->setToolTip(titles.front());
    m_titles.insert(view, titles);
    view->installEventFilter(this);
    return view;
}

void ChartsPanel::labelLatencyEdges()
{
    // The bins' upper edges (MetricsSeries' decades): 0.1 ms ... 10 s between bins 0 ... 6. Every
    // k-th edge is labelled where the chart is too short for all of them whole; Qt Charts would
    // cut them all to "...".
    static const char* const kEdges[] = {"0.1 ms", "1 ms", "10 ms", "100 ms", "1 s", "10 s"};
    constexpr int kCount = static_cast<int>(std::size(kEdges));
    const QFontMetricsF fm(m_latencyBins->labelsFont());
    const double labelH = fm.height() + 8; // a text item's document margins above and below
    const double plotH = m_latencyChart->plotArea().height();
    int step = 1;
    while (step < kCount && plotH / MetricsSeries::kLatencyBins * step < labelH)
        ++step;
    if (step == m_latencyStep)
        return;
    m_latencyStep = step;
    for (const QString& l : m_latencyBins->categoriesLabels())
        m_latencyBins->remove(l);
    for (int e = 0; e < kCount; e += step)
        m_latencyBins->append(QString::fromUtf8(kEdges[e]), e + 0.5);
}

void ChartsPanel::fitTitle(QChartView* view)
{
    // Qt Charts cuts a title wider than its chart with "...": a shorter one instead, whole.
    const QStringList& titles = m_titles.value(view);
    if (titles.isEmpty())
        return;
    const QFontMetricsF fm(view->chart()->titleFont());
    const double room = view->width() - 12; // the chart's margins and a little air
    QString title = titles.back();
    for (const QString& t : titles) {
        if (fm.horizontalAdvance(t) <= room) {
            title = t;
            break;
        }
    }
    if (view->chart()->title() != title)
        view->chart()->setTitle(title);
    fitLegend(view);
}

void ChartsPanel::fitLegend(QChartView* view)
{
    // Qt Charts gives each entry of a legend row an equal share and cuts them all to "..." when the
    // row is wider than the chart (the queue depths' three in a side dock on a 960 px screen):
    // there the legend gives way and the view's tooltip names the lines (their colours are the
    // diagram's: Work Ids blue, Call Q sky blue, items grey).
    if (view != m_views.value(1))
        return;
    QLegend* legend = view->chart()->legend();
    const QFontMetricsF fm(legend->font());
    double row = 0;
    QStringList names;
    for (QLegendMarker* m : legend->markers()) {
        if (m->series()->isVisible()) {
            row += fm.height() + fm.horizontalAdvance(m->label()) + 24; // marker, spacing, margins
            names << m->label();
        }
    }
    const bool fits = m_depthLegend && row <= view->width() - 8;
    if (legend->isVisible() != fits)
        legend->setVisible(fits);
    QString tip = m_titles.value(view).value(0);
    if (m_depthLegend && !fits)
        tip += QStringLiteral(": ") + names.join(QStringLiteral(", "));
    if (view->toolTip() != tip)
        view->setToolTip(tip);
}

void ChartsPanel::arrangeCharts()
{
    // A chart needs about 180 px across for its axes and a short title, and 140 px down; a side dock
    // (tall and narrow) gets two rows of two, or one column.
    constexpr int kChartW = 180;
    constexpr int kChartH = 140;
    const int w = std::max(1, width());
    const int h = std::max(1, height());
    int columns = 4;
    if (w < 4 * kChartW && h >= 2 * kChartH)
        columns = w >= 2 * kChartW || h < 4 * kChartH ? 2 : 1;
    if (columns == m_columns)
        return;
    m_columns = columns;
    auto* grid = static_cast<QGridLayout*>(layout());
    for (QChartView* v : m_views)
        grid->removeWidget(v);
    for (int i = 0; i < m_views.size(); ++i)
        grid->addWidget(m_views[i], i / columns, i % columns);
    for (int c = 0; c < 4; ++c)
        grid->setColumnStretch(c, c < columns ? 1 : 0);
    for (int r = 0; r < 4; ++r)
        grid->setRowStretch(r, r < (4 + columns - 1) / columns ? 1 : 0);
}

QSize ChartsPanel::minimumSizeHint() const
{
    const QMargins m = layout()->contentsMargins();
    QSize least;
    for (const QChartView* v : m_views)
        least = least.expandedTo(v->minimumSize());
    return least + QSize(m.left() + m.right(), m.top() + m.bottom());
}

void ChartsPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    arrangeCharts();
}

bool ChartsPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Resize)
        if (auto* view = qobject_cast<QChartView*>(watched))
            fitTitle(view);
    return QWidget::eventFilter(watched, event);
}

void ChartsPanel::applyTheme()
{
    const bool dark = theme::isDark(palette());
    QFont titleFont = font();
    titleFont.setBold(true);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.8);
    for (QChart* c : {m_rateChart, m_depthChart, m_busyChart, m_latencyChart}) {
        c->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        c->setBackgroundBrush(palette().color(QPalette::Base));
        c->setTitleBrush(palette().color(QPalette::WindowText));
        c->setTitleFont(titleFont);
        c->legend()->setFont(small);
        c->legend()->setLabelColor(palette().color(QPalette::WindowText));
        for (QAbstractAxis* a : c->axes()) {
            a->setLabelsFont(small);
            a->setLabelsColor(palette().color(QPalette::WindowText));
        }
    }
    // Same meaning, same colour as in the diagram.
    auto pen = [](QLineSeries* s, const QColor& c) {
        QPen p(c);
        p.setWidthF(2);
        s->setPen(p);
    };
    pen(m_rate, theme::tint(theme::Tint::Result));
    pen(m_workQueue, theme::tint(theme::Tint::Queued));
    pen(m_callQueue, theme::tint(theme::Tint::InPipe));
    pen(m_pending, theme::tint(theme::Tint::Cancelled));
    pen(m_busy, theme::tint(theme::Tint::Running));
    m_latencySet->setColor(theme::tint(theme::Tint::Queued));
    m_latencySet->setBorderColor(theme::tint(theme::Tint::Queued).darker(130));
    m_rateChart->legend()->setVisible(false);
    m_busyChart->legend()->setVisible(false);
    m_latencyChart->legend()->setVisible(false);
    for (auto it = m_titles.cbegin(); it != m_titles.cend(); ++it)
        fitTitle(it.key());
    m_latencyStep = 0; // the labels' font changed
    labelLatencyEdges();
}

void ChartsPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        applyTheme();
    QWidget::changeEvent(event);
}

void ChartsPanel::refresh()
{
    // The time axis grows with the run up to kWindowS, then scrolls.
    const MetricsSeries& m = m_controller->metrics();
    const std::int64_t now = m_controller->displayNow();
    const double elapsed = m.t0() >= 0 ? static_cast<double>(now - m.t0()) / 1e9 : 0.0;
    resetData(m.snapshot(now, AxisScale::timeWindow(elapsed, kWindowS)));
}

void ChartsPanel::resetData(const ChartSnapshot& s)
{
    ++m_updates;
    m_rate->replace(s.completedPerS);
    m_workQueue->replace(s.workQueue);
    m_workQueue->setName(s.process ? tr("ids") : tr("work queue"));
    m_callQueue->replace(s.callQueue);
    m_pending->replace(s.pending);
    m_callQueue->setVisible(s.process);
    m_pending->setVisible(s.process);
    m_depthLegend = s.process; // one line needs no legend
    fitLegend(m_views[1]);     // the entries and their names follow the pool
    m_busy->replace(s.busyPercent);
    // The axis lays out a label per tick at once: never let it see the new range with the old, finer
    // interval (an opened run of 50,000 queued ids at interval 1 took minutes), nor the reverse.
    auto setScale = [](QValueAxis* axis, const AxisScale& a) {
        if (a.tickInterval >= axis->tickInterval()) {
            axis->setTickInterval(a.tickInterval);
            axis->setRange(a.min, a.max);
        } else {
            axis->setRange(a.min, a.max);
            axis->setTickInterval(a.tickInterval);
        }
    };
    const AxisScale time = AxisScale::time(s.xFrom, s.xTo);
    for (QValueAxis* x : {m_rateX, m_depthX, m_busyX})
        setScale(x, time);
    setScale(m_rateY, AxisScale::integerValues(s.maxRate, 4));
    setScale(m_depthY, AxisScale::integerValues(s.maxDepth, 4));
    std::int64_t maxCount = 0;
    for (std::size_t i = 0; i < s.latencyCounts.size() && i < static_cast<std::size_t>(m_latencySet->count());
         ++i) {
        m_latencySet->replace(static_cast<int>(i), static_cast<double>(s.latencyCounts[i]));
        maxCount = std::max(maxCount, s.latencyCounts[i]);
    }
    setScale(m_latencyY, AxisScale::integerValues(static_cast<double>(maxCount), 4));
}

} // namespace poolscope::ui
