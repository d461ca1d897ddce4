#include "ui/panels/ganttview.h"

#include "ui/run/runcontroller.h"
#include "ui/shell/theme.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

namespace poolscope::ui {

GanttView::GanttView(RunController* controller, QWidget* parent) : QWidget(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("gantt"));
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Wheel: zoom · drag: scroll · double-click: follow the run"));
    m_refresh.setInterval(33);
    connect(&m_refresh, &QTimer::timeout, this, [this] { update(); });
    connect(controller, &RunController::frameApplied, this, [this] {
        const int lanes = static_cast<int>(m_controller->timeline().lanes().size());
        if (std::min(lanes, 12) != m_hintLanes) {
            m_hintLanes = std::min(lanes, 12);
            updateGeometry(); // the splitter gives the lanes room for their labels
        }
        update();
    });
    connect(controller, &RunController::runReset, this, [this] { update(); });
    connect(controller, &RunController::cursorChanged, this,
            [this] { update(); }); // the now line is the cursor
    connect(controller, &RunController::timelineViewChanged, this, [this] { update(); });
    connect(controller, &RunController::selectedTaskChanged, this, [this] { update(); });
    connect(controller, &RunController::stateChanged, this, [this](RunState s) {
        // While running, the right edge moves with the clock even between events.
        if (s == RunState::Running)
            m_refresh.start();
        else
            m_refresh.stop();
        update();
    });
}

QSize GanttView::minimumSizeHint() const
{
    const double lane = QFontMetricsF(font()).height() * 0.8;
    return {400, std::max(120, static_cast<int>(std::ceil(axisHeight() + 6 + m_hintLanes * lane)))};
}

double GanttView::labelWidth() const
{
    if (m_labelWidth < 0 || m_labelFont != font()) {
        m_labelFont = font();
        const QFontMetricsF fm(font());
        m_labelWidth = fm.horizontalAdvance(QStringLiteral("pid 0000000")) + 12;
        m_minLabelSegment = fm.horizontalAdvance(QStringLiteral("0000"));
    }
    return m_labelWidth;
}
double GanttView::axisHeight() const
{
    // Two rows: the legend, then the time ticks.
    return QFontMetricsF(font()).height() * 2.5;
}

QString GanttView::laneName(const TimelineLane& lane) const
{
    if (lane.worker == 0)
        return tr("caller"); // the main thread: it waits for the GIL too
    return lane.process ? tr("pid %1").arg(lane.worker) : tr("thread %1").arg(lane.worker);
}

TimelineLayout GanttView::currentLayout() const
{
    const TimelineData& d = m_controller->timeline();
    const double left = labelWidth();
    const double width = std::max(10.0, this->width() - left - 8);
    const std::int64_t now = m_controller->displayNow();
    TimelineLayout l;
    l.nsPerPx = m_controller->timelineNsPerPx();
    l.left = left;
    l.width = width;
    if (m_controller->timelineFollow()) {
        // Follow: the whole run while it fits, then the newest part of it.
        const std::int64_t t0 = d.t0() >= 0 ? d.t0() : now;
        l.viewStart = (now - t0) <= static_cast<std::int64_t>(width * l.nsPerPx)
                          ? t0
                          : TimelineLayout::follow(now, l.nsPerPx, left, width).viewStart;
    } else {
        l.viewStart = m_controller->timelineViewStart();
    }
    const int lanes = std::max<int>(1, static_cast<int>(d.lanes().size()));
    const double avail = height() - axisHeight() - 6;
    l.top = axisHeight() + 2;
    l.laneGap = 3;
    l.laneHeight =
        std::clamp((avail - (lanes - 1) * l.laneGap) / lanes, 6.0, QFontMetricsF(font()).height() * 1.9);
    return l;
}

void GanttView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const QPalette& pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    const TimelineData& d = m_controller->timeline();
    const TimelineLayout l = currentLayout();
    const QFontMetricsF fm(font());
    const std::int64_t now = m_controller->displayNow();
    // Behind live the bars stop at the cursor: what runs there has not ended yet.
    const std::int64_t cut = m_controller->atLive() ? std::numeric_limits<std::int64_t>::max() : now;
    const std::int64_t t0 = d.t0() >= 0 ? d.t0() : l.viewStart;

    // Time axis: ticks every ~90 px, labelled in time since the run began.
    const std::int64_t tick = l.tickNs(90);
    p.setPen(theme::muted(pal));
    const std::int64_t firstTick = t0 + ((l.viewStart - t0) / tick) * tick;
    for (std::int64_t t = firstTick; t <= l.viewEnd(); t += tick) {
        const double x = l.xOf(t);
        if (x < l.left)
            continue;
        const double s = static_cast<double>(t - t0) / 1e9;
        const QString label = tick >= 1'000'000'000 ? QString::number(s, 'f', 0) + QStringLiteral(" s")
                              : tick >= 100'000'000 ? QString::number(s, 'f', 1) + QStringLiteral(" s")
                              : tick >= 1'000'000   ? QString::number(s * 1e3, 'f', 0) + QStringLiteral(" ms")
                                                  : QString::number(s * 1e3, 'f', 2) + QStringLiteral(" ms");
        p.setPen(theme::muted(pal));
        m_text.draw(p, QRectF(x - 40, 0, 80, axisHeight() - 2), Qt::AlignHCenter | Qt::AlignBottom, label);
        QColor grid = theme::boxBorder(pal);
        grid.setAlphaF(0.18f);
        p.setPen(grid);
        p.drawLine(QPointF(x, axisHeight()), QPointF(x, height()));
    }

    const QColor runFill = theme::tint(theme::Tint::Running);
    const QColor errFill = theme::tint(theme::Tint::Exception);
    const QColor gilFill = theme::tint(theme::Tint::GilWait);
    // The I/O part: the running tint, faded toward the lane's base and hatched in the full tint.
    const QColor base = pal.color(QPalette::Base);
    const QColor ioFill = QColor::fromRgbF(base.redF() + (runFill.redF() - base.redF()) * 0.35f,
                                           base.greenF() + (runFill.greenF() - base.greenF()) * 0.35f,
                                           base.blueF() + (runFill.blueF() - base.blueF()) * 0.35f);
    const QBrush ioHatch(runFill, Qt::BDiagPattern);
    QColor idle = theme::boxBorder(pal);
    idle.setAlphaF(0.10f);
    const std::int64_t selected = m_controller->selectedTask();
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);

    QFont labelFont = font();
    if (l.laneHeight < fm.height())
        labelFont.setPointSizeF(font().pointSizeF() * 0.85);
    double labelH = QFontMetricsF(labelFont).height();
    // Crowded lanes (nine workers in a short timeline): a smaller label that fits one lane, down
    // to 6 pt, before falling back to labelling only every k-th lane.
    while (labelH > l.laneHeight + l.laneGap && labelFont.pointSizeF() * 0.9 >= 6.0) {
        labelFont.setPointSizeF(labelFont.pointSizeF() * 0.9);
        labelH = QFontMetricsF(labelFont).height();
    }
    m_labelledLanes = 0;
    const int labelEvery = std::max(1, static_cast<int>(std::ceil(labelH / (l.laneHeight + l.laneGap))));
    if (d.lanes().empty()) {
        p.setPen(theme::muted(pal));
        m_text.draw(p, rect(), Qt::AlignCenter, tr("Each worker's timeline appears here when a run starts."));
    }
    for (std::size_t i = 0; i < d.lanes().size(); ++i) {
        const TimelineLane& lane = d.lanes()[i];
        const QRectF r = l.laneRect(static_cast<int>(i));
        if (r.top() > height())
            break;
        // Lane background = idle time; runs are drawn over it.
        p.fillRect(r, idle);
        // Crowded lanes: label every k-th lane so the names never overlap.
        if (static_cast<int>(i) % labelEvery == 0) {
            p.setPen(pal.color(QPalette::WindowText));
            p.setFont(labelFont);
            m_text.draw(p, QRectF(4, r.center().y() - labelH / 2, l.left - 8, labelH),
                        Qt::AlignLeft | Qt::AlignVCenter, laneName(lane));
            ++m_labelledLanes;
        }
        if (lane.exitedAt >= 0 && lane.exitedAt < l.viewEnd() && lane.exitedAt <= cut) {
            const double x = std::max(l.left, l.xOf(lane.exitedAt));
            QColor gone = pal.color(QPalette::Window);
            p.fillRect(QRectF(x, r.top(), l.left + l.width - x, r.height()), gone);
        }
        m_scratch.clear();
        l.visible(lane.runs, lane.openRunStart, lane.openRunTask, now, m_scratch, cut);
        p.setFont(small);
        for (const DrawSegment& s : m_scratch)
            p.fillRect(QRectF(s.x0, r.top() + 1, std::max(1.0, s.x1 - s.x0), r.height() - 2),
                       s.raised ? errFill : runFill);
        // A mixed task's I/O parts: hatched over a pale bar, so the solid rest is its CPU part.
        m_ioScratch.clear();
        l.visible(lane.ioParts, lane.openIoStart, lane.openIoTask, now, m_ioScratch, cut);
        for (const DrawSegment& s : m_ioScratch) {
            const QRectF sr(s.x0, r.top() + 1, std::max(1.0, s.x1 - s.x0), r.height() - 2);
            p.fillRect(sr, ioFill);
            p.fillRect(sr, ioHatch);
        }
        for (const DrawSegment& s : m_scratch) {
            const QRectF sr(s.x0, r.top() + 1, std::max(1.0, s.x1 - s.x0), r.height() - 2);
            const QColor f = s.raised ? errFill : runFill;
            if (s.task >= 0 && s.task == selected) {
                p.setPen(QPen(pal.color(QPalette::Highlight), theme::lineWidth(2)));
                p.drawRect(sr.adjusted(1, 1, -1, -1));
            }
            if (s.task >= 0 && sr.width() > m_minLabelSegment && r.height() >= fm.height() * 0.9) {
                const TaskRecord* t = m_controller->scene().task(s.task);
                p.setPen(theme::textOn(f));
                m_text.draw(p, sr, Qt::AlignCenter, QString::number(t ? t->index : s.task));
            }
        }
        // GIL waits: a band on the lower half of the lane.
        m_scratch.clear();
        l.visible(lane.gilWaits, lane.openGilStart, lane.openGilTask, now, m_scratch, cut);
        for (const DrawSegment& s : m_scratch)
            p.fillRect(QRectF(s.x0, r.center().y(), std::max(1.0, s.x1 - s.x0), r.height() / 2 - 1), gilFill);
    }
    p.setFont(font());

    // Now.
    const double xn = l.xOf(now);
    if (xn >= l.left && xn <= l.left + l.width) {
        p.setPen(QPen(pal.color(QPalette::Highlight), theme::lineWidth(1.5)));
        p.drawLine(QPointF(xn, axisHeight() - 2), QPointF(xn, height()));
    }
    // Legend, top-left over the labels.
    p.setPen(theme::muted(pal));
    m_text.draw(p, QRectF(4, 0, l.left, axisHeight() - 2), Qt::AlignLeft | Qt::AlignBottom,
                m_controller->timelineFollow() ? tr("following") : tr("scrolled"));
    const double sw = fm.height() * 0.7;
    double x = l.left + l.width - 8;
    struct Key
    {
        QColor fill;
        QString text;
        bool hatched = false;
    };
    std::vector<Key> keys = {
        {gilFill, tr("GIL wait")}, {errFill, tr("raised")}, {runFill, tr("running")}, {idle, tr("idle")}};
    // Only a run with mixed tasks has I/O parts; there "running" is their CPU part.
    const bool mixed = std::any_of(d.lanes().begin(), d.lanes().end(), [](const TimelineLane& ln) {
        return !ln.ioParts.empty() || ln.openIoStart >= 0;
    });
    if (mixed) {
        keys[2].text = tr("CPU part");
        keys.insert(keys.begin() + 3, Key{ioFill, tr("I/O part"), true});
    }
    p.setFont(small);
    for (const Key& k : keys) {
        const double w = QFontMetricsF(small).horizontalAdvance(k.text);
        x -= w;
        p.setPen(theme::muted(pal));
        m_text.draw(p, QRectF(x, 0, w, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, k.text);
        x -= sw + 4;
        const QRectF swatch(x, fm.height() / 2 - sw / 2, sw, sw);
        p.fillRect(swatch, k.fill);
        if (k.hatched)
            p.fillRect(swatch, ioHatch);
        x -= 12;
    }
}

std::int64_t GanttView::taskAt(QPointF pt) const
{
    const TimelineLayout l = currentLayout();
    const int lane = l.laneAt(pt.y());
    const auto& lanes = m_controller->timeline().lanes();
    if (lane < 0 || lane >= static_cast<int>(lanes.size()) || pt.x() < l.left)
        return -1;
    const std::int64_t t = l.tOf(pt.x());
    const TimelineLane& ln = lanes[static_cast<std::size_t>(lane)];
    if (ln.openRunStart >= 0 && t >= ln.openRunStart)
        return ln.openRunTask;
    const auto it = std::lower_bound(ln.runs.begin(), ln.runs.end(), t,
                                     [](const TimelineSegment& s, std::int64_t v) { return s.t1 < v; });
    if (it != ln.runs.end() && it->t0 <= t)
        return it->task;
    return -1;
}

void GanttView::wheelEvent(QWheelEvent* event)
{
    // Zoom around the cursor: the time under it stays put.
    const TimelineLayout l = currentLayout();
    const double x = event->position().x();
    const std::int64_t anchor = l.tOf(x);
    const double factor = std::pow(1.0015, -event->angleDelta().y());
    const double nsPerPx = std::clamp(l.nsPerPx * factor, 1e3, 1e9);
    m_controller->setTimelineZoom(nsPerPx);
    if (!m_controller->timelineFollow() || x < l.left + l.width * 0.9)
        m_controller->setTimelineViewStart(anchor - static_cast<std::int64_t>((x - l.left) * nsPerPx));
    event->accept();
}

void GanttView::mousePressEvent(QMouseEvent* event)
{
    m_dragFrom = event->position();
    m_dragViewStart = currentLayout().viewStart;
    if (event->button() == Qt::LeftButton) {
        const std::int64_t t = taskAt(event->position());
        if (t >= 0)
            m_controller->selectTask(t);
    }
}

void GanttView::mouseMoveEvent(QMouseEvent* event)
{
    if (!(event->buttons() & Qt::LeftButton))
        return;
    const double dx = event->position().x() - m_dragFrom.x();
    if (std::abs(dx) < 3)
        return;
    m_controller->setTimelineViewStart(m_dragViewStart -
                                       static_cast<std::int64_t>(dx * m_controller->timelineNsPerPx()));
}

void GanttView::mouseDoubleClickEvent(QMouseEvent*)
{
    m_controller->setTimelineFollow(true);
}

} // namespace poolscope::ui
