#include "ui/panels/timelinescrubber.h"

#include "ui/run/runcontroller.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace poolscope::ui {

int ScrubberGeometry::xOf(std::size_t position) const
{
    if (size == 0)
        return left + width;
    const double f = static_cast<double>(std::min(position, size)) / static_cast<double>(size);
    return left + static_cast<int>(std::lround(f * width));
}

std::size_t ScrubberGeometry::positionAt(int x) const
{
    if (size == 0 || width <= 0)
        return size;
    const double f = std::clamp(static_cast<double>(x - left) / width, 0.0, 1.0);
    return static_cast<std::size_t>(std::llround(f * static_cast<double>(size)));
}

TimelineScrubber::TimelineScrubber(RunController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("timelineScrubber"));
    setFocusPolicy(Qt::ClickFocus);
    setToolTip(tr("Replay: click or drag to see the run at any event; Left / Right step, "
                  "Home / End jump to the start / back to live"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(controller, &RunController::cursorChanged, this, [this] { update(); });
    connect(controller, &RunController::frameApplied, this, [this] { update(); });
    connect(controller, &RunController::runReset, this, [this] {
        m_marks.clear();
        m_scanned = 0;
        update();
    });
    connect(controller, &RunController::replayChanged, this, [this] { update(); });
}

QSize TimelineScrubber::sizeHint() const
{
    return {600, fontMetrics().height() + 14};
}

QSize TimelineScrubber::minimumSizeHint() const
{
    return {200, fontMetrics().height() + 14};
}

QRect TimelineScrubber::trackRect() const
{
    // The label sits at the right; the track takes the rest.
    const int labelW =
        fontMetrics().horizontalAdvance(QStringLiteral("event 0000000 / 0000000 · +00000.000 ms · LIVE")) +
        12;
    const int right = std::max(40, width() - labelW);
    return {8, 4, right - 16, height() - 8};
}

ScrubberGeometry TimelineScrubber::geometryNow() const
{
    const QRect r = trackRect();
    return {.left = r.left(), .width = std::max(1, r.width()), .size = m_controller->history().size()};
}

QString TimelineScrubber::label() const
{
    const RunHistory& h = m_controller->history();
    const std::size_t k = m_controller->cursor();
    const std::int64_t t0 = h.empty() ? 0 : h.event(0).tNs;
    const double ms = h.empty() ? 0.0 : static_cast<double>(m_controller->cursorTime() - t0) / 1e6;
    QString s = tr("event %1 / %2 · +%3 ms").arg(k).arg(h.size()).arg(ms, 0, 'f', 3);
    if (m_controller->atLive())
        s += tr(" · LIVE");
    else if (m_controller->replayPlaying())
        s += tr(" · replay ×%1").arg(m_controller->replaySpeed());
    return s;
}

void TimelineScrubber::scanMarks()
{
    // Incremental: each event is looked at once, whatever the length of the run.
    const RunHistory& h = m_controller->history();
    if (m_scanned > h.size()) {
        m_marks.clear();
        m_scanned = 0;
    }
    for (; m_scanned < h.size(); ++m_scanned) {
        const Event& e = h.event(m_scanned);
        if ((e.kind == EventKind::TaskEnd && e.value2 != 0) || e.kind == EventKind::PoolBroken ||
            e.kind == EventKind::ProcessExit || e.kind == EventKind::Timeout)
            m_marks.push_back(m_scanned + 1);
    }
}

void TimelineScrubber::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const QPalette& pal = palette();
    p.fillRect(rect(), pal.window());
    const QRect r = trackRect();
    const ScrubberGeometry g = geometryNow();
    const int mid = r.center().y();
    p.setPen(Qt::NoPen);
    p.setBrush(pal.mid());
    p.drawRoundedRect(QRect(r.left(), mid - 3, r.width(), 6), 3, 3);
    // The part already shown, up to the cursor.
    const int cx = g.xOf(m_controller->cursor());
    p.setBrush(pal.highlight());
    p.drawRoundedRect(QRect(r.left(), mid - 3, std::max(0, cx - r.left()), 6), 3, 3);
    // Marks: errors and worker deaths, one pass over at most one event per pixel column.
    scanMarks();
    p.setPen(QPen(QColor(200, 40, 40), 1));
    int lastX = -1;
    for (std::size_t pos : m_marks) {
        const int x = g.xOf(pos);
        if (x != lastX)
            p.drawLine(x, r.top(), x, mid - 4);
        lastX = x;
    }
    // The handle.
    p.setPen(QPen(pal.text().color(), 1));
    p.setBrush(m_controller->atLive() ? pal.highlight() : pal.base());
    p.drawEllipse(QPoint(cx, mid), 6, 6);
    p.setPen(pal.text().color());
    p.drawText(QRect(r.right() + 12, 0, width() - r.right() - 12, height()), Qt::AlignVCenter | Qt::AlignLeft,
               label());
}

void TimelineScrubber::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        m_controller->seek(static_cast<qint64>(geometryNow().positionAt(event->position().toPoint().x())));
}

void TimelineScrubber::mouseMoveEvent(QMouseEvent* event)
{
    if (event->buttons() & Qt::LeftButton)
        m_controller->seek(static_cast<qint64>(geometryNow().positionAt(event->position().toPoint().x())));
}

void TimelineScrubber::keyPressEvent(QKeyEvent* event)
{
    const auto k = static_cast<qint64>(m_controller->cursor());
    const qint64 page = std::max<qint64>(1, static_cast<qint64>(m_controller->history().size()) / 20);
    switch (event->key()) {
    case Qt::Key_PageUp:
        m_controller->seek(k - page);
        break;
    case Qt::Key_PageDown:
        m_controller->seek(k + page);
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

} // namespace poolscope::ui
