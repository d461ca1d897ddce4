#include "ui/diagram/diagramview.h"

#include "ui/run/runcontroller.h"
#include "ui/shell/theme.h"

#include <QContextMenuEvent>
#include <QElapsedTimer>
#include <QHelpEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <cmath>

namespace poolscope::ui {

namespace {
constexpr std::int64_t kFlashNs = 700'000'000;
constexpr std::size_t kMaxFlashes = 256;

QString ms(std::int64_t ns)
{
    const double v = static_cast<double>(ns) / 1e6;
    return v < 10 ? QString::number(v, 'f', 1) + QStringLiteral(" ms")
                  : QString::number(v, 'f', 0) + QStringLiteral(" ms");
}

QString signalName(std::int64_t sig)
{
    switch (sig) {
    case 9:
        return QStringLiteral("SIGKILL");
    case 15:
        return QStringLiteral("SIGTERM");
    case 6:
        return QStringLiteral("SIGABRT");
    case 11:
        return QStringLiteral("SIGSEGV");
    default:
        return QStringLiteral("signal ") + QString::number(sig);
    }
}

QString bytesText(std::int64_t b)
{
    if (b >= 10 * 1024 * 1024)
        return QString::number(b / (1024 * 1024)) + QStringLiteral(" MiB");
    if (b >= 10 * 1024)
        return QString::number(b / 1024) + QStringLiteral(" KiB");
    return QString::number(b) + QStringLiteral(" B");
}
} // namespace

DiagramView::DiagramView(RunController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller)
{
    setMouseTracking(false);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::ClickFocus);
    setObjectName(QStringLiteral("diagram"));
    updateFonts();
    m_animTimer.setInterval(16);
    m_animTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_animTimer, &QTimer::timeout, this, &DiagramView::tick);
    connect(controller, &RunController::frameApplied, this, &DiagramView::onFrame);
    connect(controller, &RunController::runReset, this, &DiagramView::onReset);
    connect(controller, &RunController::selectedTaskChanged, this, [this] { update(); });
    connect(controller, &RunController::stateChanged, this, [this] { update(); });
}

QSize DiagramView::minimumSizeHint() const
{
    return {460, 300};
}
QSize DiagramView::sizeHint() const
{
    return {900, 460};
}

QSizeF DiagramView::chipSize() const
{
    return m_chipSize;
}

void DiagramView::updateFonts()
{
    m_boldFont = font();
    m_boldFont.setBold(true);
    m_smallFont = font();
    m_smallFont.setPointSizeF(font().pointSizeF() * 0.85);
    const QFontMetricsF fm(font());
    m_chipSize = QSizeF(fm.horizontalAdvance(QStringLiteral("0000")) + 10, fm.height() + 3);
}

void DiagramView::relayout()
{
    const SceneState& s = m_controller->scene();
    const QFontMetricsF fm(font());
    const int workers = std::max(1, s.maxWorkers());
    const int futures =
        static_cast<int>(std::max<std::int64_t>(m_controller->spec().scenario.tasks, s.submitted()));
    m_layoutPool = s.pool();
    m_layoutWorkers = workers;
    m_layoutFutures = futures;
    m_layoutCapacity = s.callQueueCapacity();
    m_background = QPixmap(); // the static layer follows the layout
    m_chipPixmaps.clear();
    if (s.pool() == PoolKind::Thread)
        m_tg = layoutThreadDiagram(size(), workers, futures, chipSize(), fm.height());
    else
        m_pg = layoutProcessDiagram(size(), workers, s.callQueueCapacity(), futures, chipSize(), fm.height());
}

void DiagramView::resizeEvent(QResizeEvent*)
{
    relayout();
    retarget();
}

void DiagramView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) {
        m_text.clear();
        m_chipPixmaps.clear();
        updateFonts();
        relayout();
        retarget();
        update();
    }
    QWidget::changeEvent(event);
}

void DiagramView::onReset()
{
    m_anim.clear();
    m_flash.clear();
    m_drawn.clear();
    m_gilValid = false;
    relayout();
    update();
}

void DiagramView::onFrame(const FrameBatch& batch)
{
    const std::int64_t now = nowNs();
    if (batch.events) {
        // Futures flash when they complete; when hundreds complete in one frame
        // nobody could see single flashes: the cells just change.
        std::size_t added = 0;
        for (const Event& e : *batch.events) {
            if (e.kind == EventKind::FutureState &&
                (e.value2 == static_cast<std::int64_t>(FutureStatus::Finished) ||
                 e.value2 == static_cast<std::int64_t>(FutureStatus::CancelledAndNotified) ||
                 e.value2 == static_cast<std::int64_t>(FutureStatus::Cancelled))) {
                if (++added > kMaxFlashes)
                    break;
                m_flash[e.task] = now;
            }
        }
        // Bounded: only recent flashes are kept.
        if (m_flash.size() > kMaxFlashes) {
            for (auto it = m_flash.begin(); it != m_flash.end();)
                it = now - it->second > kFlashNs ? m_flash.erase(it) : std::next(it);
            if (m_flash.size() > kMaxFlashes)
                m_flash.clear();
        }
    }
    const SceneState& s = m_controller->scene();
    const int futures =
        static_cast<int>(std::max<std::int64_t>(m_controller->spec().scenario.tasks, s.submitted()));
    if (s.pool() != m_layoutPool || s.maxWorkers() != m_layoutWorkers || futures != m_layoutFutures ||
        s.callQueueCapacity() != m_layoutCapacity)
        relayout();
    retarget();
    update();
}

void DiagramView::retarget()
{
    const SceneState& s = m_controller->scene();
    const std::int64_t now = nowNs();
    m_anim.setDurationNs(m_controller->animationNs());
    std::vector<ChipView> targets;
    QPointF spawn;
    const CellGrid* futures = nullptr;
    if (s.pool() == PoolKind::Thread) {
        targets = threadChips(s, m_tg, &m_overflow);
        spawn = QPointF(m_tg.caller.right() - chipSize().width() / 2, m_tg.callerText.center().y());
        futures = &m_tg.futures;
    } else {
        targets = processChips(s, m_pg, &m_overflow);
        spawn = QPointF(m_pg.caller.right() - chipSize().width() / 2, m_pg.callerText.center().y());
        futures = &m_pg.futures;
    }
    m_anim.update(targets, spawn, now,
                  [&](std::int64_t task) { return futureCellCenter(s, *futures, task); });

    // GIL token target: beside the holder (a thread's row, or the caller), or its resting place.
    if (s.pool() == PoolKind::Thread && s.gilInUse()) {
        QPointF target = m_tg.gilHome.center();
        const int slot = s.gilHolder() > 0 ? s.workerSlot(s.gilHolder()) : -1;
        if (slot >= 0 && static_cast<std::size_t>(slot) < m_tg.workers.size())
            target.setY(m_tg.workers[static_cast<std::size_t>(slot)].center().y());
        else if (s.gilHolder() == 0)
            target = QPointF(m_tg.caller.right() - m_chipSize.height() * 1.3,
                             m_tg.caller.top() + m_chipSize.height() * 0.9);
        if (!m_gilValid) {
            m_gil = m_gilFrom = m_gilTo = target;
            m_gilValid = true;
        }
        if (target != m_gilTo) {
            m_gilFrom = m_gil;
            m_gilTo = target;
            m_gilMoveStart = now;
        }
    }
    m_animTimer.setInterval(16);
    if (!m_animTimer.isActive())
        m_animTimer.start();
}

void DiagramView::tick()
{
    const std::int64_t now = nowNs();
    m_anim.prune(now);
    bool busy = m_anim.animating(now);
    for (const auto& [task, t] : m_flash)
        busy = busy || now - t < kFlashNs;
    busy = busy || (m_gilValid && m_gil != m_gilTo);
    // Chips fly at 60 Hz; otherwise a slow refresh keeps running times current.
    if (busy)
        m_animTimer.setInterval(16);
    else if (m_controller->state() == RunState::Running)
        m_animTimer.setInterval(250);
    else
        m_animTimer.stop();
    update();
}

QString DiagramView::taskLabel(std::int64_t task) const
{
    if (task < 0)
        return QStringLiteral("None");
    const TaskRecord* t = m_controller->scene().task(task);
    return QString::number(t ? t->index : task);
}

// ---------------------------------------------------------------- painting

void DiagramView::paintBox(QPainter& p, const QRectF& r, const QString& title, const QString& subtitle)
{
    // Frame and title are static (cached); the subtitle is a live count.
    const QPalette& pal = palette();
    const QFontMetricsF fm(font());
    QFont bold = font();
    bold.setBold(true);
    const QRectF head(r.left() + 6, r.top() + 2, r.width() - 12, fm.height() * 1.4);
    const QString elided = QFontMetricsF(bold).elidedText(title, Qt::ElideRight, head.width());
    if (m_staticLayer) {
        p.setPen(QPen(theme::boxBorder(pal), 1.2));
        p.setBrush(theme::boxFill(pal));
        p.drawRoundedRect(r, 6, 6);
        p.setFont(bold);
        p.setPen(pal.color(QPalette::WindowText));
        m_text.draw(p, head, Qt::AlignLeft | Qt::AlignVCenter, elided);
        p.setFont(font());
        return;
    }
    if (!subtitle.isEmpty()) {
        const double tw = QFontMetricsF(bold).horizontalAdvance(elided) + 8;
        p.setPen(theme::muted(pal));
        QRectF sub = head.adjusted(tw, 0, 0, 0);
        if (sub.width() > fm.horizontalAdvance(QStringLiteral("000")))
            m_text.draw(p, sub, Qt::AlignRight | Qt::AlignVCenter, subtitle);
    }
}

void DiagramView::paintArrow(QPainter& p, QPointF from, QPointF to, const QString& label, bool twoWay)
{
    if (!m_staticLayer)
        return;
    QColor c = theme::muted(palette());
    p.setPen(QPen(c, 1.6));
    p.setBrush(c);
    p.drawLine(from, to);
    auto head = [&](QPointF tip, QPointF tail) {
        const QPointF d = tip - tail;
        const double len = std::hypot(d.x(), d.y());
        if (len < 1)
            return;
        const QPointF u = d / len;
        const QPointF n(-u.y(), u.x());
        const double s = 7;
        const QPointF pts[3] = {tip, tip - u * s + n * (s * 0.5), tip - u * s - n * (s * 0.5)};
        p.drawPolygon(pts, 3);
    };
    head(to, from);
    if (twoWay)
        head(from, to);
    if (!label.isEmpty()) {
        const QFontMetricsF fm(font());
        QFont small = font();
        small.setPointSizeF(font().pointSizeF() * 0.85);
        p.setFont(small);
        p.setPen(theme::muted(palette()));
        const QPointF mid = (from + to) / 2;
        const double w = QFontMetricsF(small).horizontalAdvance(label);
        m_text.draw(p, QRectF(mid.x() - w / 2 - 2, mid.y() - fm.height() * 1.1, w + 4, fm.height()),
                    Qt::AlignCenter, label);
        p.setFont(font());
    }
}

const QPixmap& DiagramView::chipBackground(const QColor& fill, bool selected, QSizeF size)
{
    // A handful of tints x selected: rounded, antialiased backgrounds drawn once.
    const qreal dpr = devicePixelRatioF();
    const quint64 key = (static_cast<quint64>(fill.rgba()) << 1) | (selected ? 1 : 0);
    auto it = m_chipPixmaps.find(key);
    if (it == m_chipPixmaps.end()) {
        QPixmap pm((size * dpr).toSize() + QSize(2, 2));
        pm.setDevicePixelRatio(dpr);
        pm.fill(Qt::transparent);
        QPainter cp(&pm);
        cp.setRenderHint(QPainter::Antialiasing);
        const QRectF r(1, 1, size.width() - 1, size.height() - 1);
        cp.setPen(selected ? QPen(palette().color(QPalette::Highlight), 3) : QPen(fill.darker(140), 1));
        cp.setBrush(fill);
        cp.drawRoundedRect(
            r.adjusted(selected ? 1 : 0, selected ? 1 : 0, selected ? -1 : 0, selected ? -1 : 0), 4, 4);
        it = m_chipPixmaps.emplace(key, pm).first;
    }
    return it->second;
}

void DiagramView::paintChip(QPainter& p, const ChipView& v, QSizeF size)
{
    const SceneState& s = m_controller->scene();
    const TaskRecord* t = v.task >= 0 ? s.task(v.task) : nullptr;
    QColor fill;
    if (v.task < 0)
        fill = theme::tint(theme::Tint::Sentinel);
    else if (t && v.place != ChipPlace::Future)
        fill = theme::tint(t->final != FutureFinal::None ? theme::tintOf(*t)
                           : t->gilWaiting               ? theme::Tint::GilWait
                                                         : theme::tintOfPlace(v.place));
    else if (t)
        fill = theme::tint(theme::tintOf(*t));
    else
        fill = theme::tint(theme::Tint::Queued);
    const QRectF r(v.center.x() - size.width() / 2, v.center.y() - size.height() / 2, size.width(),
                   size.height());
    const bool selected = v.task >= 0 && v.task == m_controller->selectedTask();
    p.drawPixmap(QPointF(r.left() - 1, r.top() - 1), chipBackground(fill, selected, size));
    p.setPen(theme::textOn(fill));
    p.setFont(m_boldFont);
    m_text.draw(p, r, Qt::AlignCenter, taskLabel(v.task));
    p.setFont(font());
    if (v.bytes >= 0) {
        p.setFont(m_smallFont);
        p.setPen(palette().color(QPalette::WindowText));
        const QString b = bytesText(v.bytes);
        m_text.draw(p,
                    QRectF(v.center.x() - size.width(), r.top() - size.height() * 0.95, size.width() * 2,
                           size.height() * 0.9),
                    Qt::AlignCenter, b);
        p.setFont(font());
    }
}

void DiagramView::paintChips(QPainter& p, std::int64_t now)
{
    m_drawn = m_anim.positions(now);
    const QSizeF size = chipSize();
    for (const ChipView& v : m_drawn)
        paintChip(p, v, size);
}

void DiagramView::paintOverflow(QPainter& p, const CellGrid& grid, int shownSlots, int overflow)
{
    if (overflow <= 0 || grid.capacity() <= 0)
        return;
    const QRectF r = grid.cellRect(std::min(shownSlots, grid.capacity() - 1));
    p.setPen(theme::muted(palette()));
    m_text.draw(p, r.adjusted(-20, 0, 20, 0), Qt::AlignCenter, tr("+%1 more").arg(overflow));
}

void DiagramView::paintFutures(QPainter& p, const QRectF& box, const CellGrid& grid, std::int64_t now)
{
    const SceneState& s = m_controller->scene();
    const FuturesWindow w = futuresWindow(s, grid.capacity(), grid.cols);
    const QPalette& pal = palette();
    QString subtitle = QString::number(s.submitted());
    if (w.count < s.order().size())
        subtitle = QStringLiteral("%1–%2 / %3").arg(w.first).arg(w.first + w.count - 1).arg(s.order().size());
    paintBox(p, box, tr("Futures"), subtitle);
    if (m_staticLayer)
        return;
    const bool text = grid.cell.height() >= QFontMetricsF(font()).height() * 0.9;
    // Small cells (thousands of futures): plain rectangles, no antialiasing, no text.
    const bool small = grid.cell.height() < 14;
    if (small)
        p.setRenderHint(QPainter::Antialiasing, false);
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    for (std::size_t i = 0; i < w.count; ++i) {
        const std::int64_t id = s.order()[w.first + i];
        const TaskRecord* t = s.task(id);
        if (!t)
            continue;
        const QRectF r = grid.cellRect(static_cast<int>(i));
        const bool selected = id == m_controller->selectedTask();
        if (t->done()) {
            QColor fill = theme::tint(theme::tintOf(*t));
            double glow = 0;
            if (!m_flash.empty()) {
                const auto f = m_flash.find(id);
                if (f != m_flash.end() && now - f->second < kFlashNs)
                    glow = 1.0 - static_cast<double>(now - f->second) / kFlashNs;
            }
            if (glow > 0)
                fill = fill.lighter(100 + static_cast<int>(90 * glow));
            if (small && !selected) {
                p.fillRect(r, fill);
                continue;
            }
            p.setPen(selected ? QPen(pal.color(QPalette::Highlight), 3)
                              : QPen(glow > 0 ? pal.color(QPalette::WindowText) : fill.darker(140),
                                     glow > 0 ? 2 : 1));
            p.setBrush(fill);
            p.drawRoundedRect(r, 3, 3);
            if (text) {
                p.setPen(theme::textOn(fill));
                const QString mark = t->final == FutureFinal::Result      ? QStringLiteral("✓")
                                     : t->final == FutureFinal::Exception ? QStringLiteral("✗")
                                                                          : QStringLiteral("⊘");
                m_text.draw(p, r, Qt::AlignCenter, QString::number(t->index) + mark);
            }
        } else {
            // Pending future: an empty slot waiting to be filled, outlined in its task's tint.
            const QColor edge = theme::tint(theme::tintOf(*t));
            if (small && !selected) {
                p.setPen(edge);
                p.setBrush(Qt::NoBrush);
                p.drawRect(r.adjusted(0, 0, -1, -1));
                continue;
            }
            p.setPen(selected ? QPen(pal.color(QPalette::Highlight), 3) : QPen(edge, 1.4, Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
            if (text) {
                p.setPen(theme::muted(pal));
                m_text.draw(p, r, Qt::AlignCenter, QString::number(t->index));
            }
        }
    }
    p.setFont(font());
    p.setRenderHint(QPainter::Antialiasing, true);
}

void DiagramView::paintCaller(QPainter& p, const QRectF& box, const QRectF& textRect,
                              const QRectF& futuresBox, const CellGrid& grid, std::int64_t now)
{
    const SceneState& s = m_controller->scene();
    paintBox(p, box, tr("Caller"), QString());
    if (m_staticLayer) {
        // "main thread" sits where a subtitle would.
        QFont bold = font();
        bold.setBold(true);
        const QFontMetricsF fm(font());
        const QRectF head(box.left() + 6, box.top() + 2, box.width() - 12, fm.height() * 1.4);
        const double tw = QFontMetricsF(bold).horizontalAdvance(tr("Caller")) + 8;
        p.setPen(theme::muted(palette()));
        // Only when it fits whole: "main…" would say nothing.
        if (m_text.width(p.font(), tr("main thread")) <= head.width() - tw)
            m_text.draw(p, head.adjusted(tw, 0, 0, 0), Qt::AlignRight | Qt::AlignVCenter, tr("main thread"));
        paintFutures(p, futuresBox, grid, now);
        return;
    }
    QString status;
    bool error = false;
    if (!s.callerErrorType().empty()) {
        // CPython's map() and result() raise a bare TimeoutError: no message, no colon.
        status = QString::fromStdString(s.callerErrorType());
        if (!s.callerErrorText().empty())
            status += QStringLiteral(": ") + QString::fromStdString(s.callerErrorText());
        error = true;
    } else if (m_controller->state() == RunState::Finished) {
        status = tr("left the with-block");
    } else if (s.shutdownStarted()) {
        status = tr("shutdown(wait=%1, cancel_futures=%2)")
                     .arg(s.shutdownWait() ? QStringLiteral("True") : QStringLiteral("False"),
                          s.shutdownCancelFutures() ? QStringLiteral("True") : QStringLiteral("False"));
    } else if (s.callerGilWaiting()) {
        status = tr("waiting for the GIL");
    } else if (s.callerInWaiter()) {
        status = m_controller->spec().scenario.submit == "wait" ? tr("blocked in wait()")
                                                                : tr("iterating as_completed()");
    } else if (s.callerWaiting()) {
        status = tr("blocked in result()");
    } else if (s.submitted() > 0 && s.submitted() < m_controller->spec().scenario.tasks) {
        status = m_controller->spec().scenario.submit == "map" ? tr("map(): submitting") : tr("submit()…");
    } else if (s.submitted() > 0) {
        status = tr("%1 submitted").arg(s.submitted());
    } else {
        status = tr("ready");
    }
    p.setPen(error ? theme::broken() : palette().color(QPalette::WindowText));
    const QFontMetricsF fm(font());
    p.drawText(textRect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
               fm.elidedText(status, Qt::ElideRight,
                             textRect.width() * std::max(1.0, textRect.height() / fm.height())));
    paintFutures(p, futuresBox, grid, now);
}

QString DiagramView::workerStateText(const WorkerRecord& w, bool process) const
{
    switch (w.state) {
    case WorkerState::Starting:
        return process ? tr("starting") : tr("started");
    case WorkerState::Idle:
        return tr("idle");
    case WorkerState::Running:
        return tr("running");
    case WorkerState::GilWait:
        return tr("waiting for the GIL");
    case WorkerState::Exited:
        return tr("exited");
    case WorkerState::Killed:
        // Short: the box is narrow; the signal's name says the rest.
        if (w.exitReason == static_cast<std::int64_t>(ExitReason::Terminated))
            return tr("terminated");
        return w.exitCode < 0 ? tr("killed") : tr("died (exit %1)").arg(w.exitCode);
    }
    return {};
}

void DiagramView::paintWorkerBox(QPainter& p, const QRectF& r, const WorkerRecord* w, int slot, bool compact,
                                 bool process, std::int64_t now)
{
    (void)now;
    const QPalette& pal = palette();
    if (m_staticLayer) {
        // The frame is static; state shows as a coloured stripe and text on top.
        p.setPen(QPen(theme::boxBorder(pal), 1.2));
        p.setBrush(theme::boxFill(pal));
        p.drawRoundedRect(r, 5, 5);
        return;
    }
    if (!w || w->state == WorkerState::Exited || w->state == WorkerState::Killed) {
        // Not started yet (threads start on demand) or gone: a dashed, hollow box.
        p.setRenderHint(QPainter::Antialiasing, false);
        p.fillRect(r.adjusted(1, 1, -1, -1), pal.color(QPalette::Window));
        p.setPen(QPen(w && w->state == WorkerState::Killed ? theme::broken() : theme::boxBorder(pal), 1,
                      w ? Qt::SolidLine : Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r.adjusted(1, 1, -2, -2));
        p.setRenderHint(QPainter::Antialiasing, true);
    } else if (w->state == WorkerState::Running || w->state == WorkerState::GilWait) {
        p.fillRect(
            QRectF(r.left() + 1.5, r.top() + 3, 5, r.height() - 6),
            theme::tint(w->state == WorkerState::Running ? theme::Tint::Running : theme::Tint::GilWait));
    }

    const QString name = process ? (w ? tr("pid %1").arg(w->id) : tr("process %1").arg(slot + 1))
                                 : tr("thread %1").arg(w ? w->id : slot + 1);
    const QString state = w ? workerStateText(*w, process) : tr("not started");
    const bool busy =
        w && w->task >= 0 && (w->state == WorkerState::Running || w->state == WorkerState::GilWait);
    const double chipRoom = chipSize().width() + 12;
    // Only a busy worker shows its task's chip on the right; otherwise the text may use the room.
    const QRectF text = r.adjusted(10, 2, busy ? -chipRoom : -6, -2);
    QFont bold = font();
    bold.setBold(true);
    p.setPen(pal.color(QPalette::WindowText));
    // Names and states repeat: cached. Counters and times change all the time: drawn directly.
    if (compact) {
        p.setFont(bold);
        m_text.draw(p, text, Qt::AlignLeft | Qt::AlignVCenter, name);
        const double nameW = m_text.width(p.font(), name) + 8;
        p.setFont(font());
        p.setPen(w && w->state == WorkerState::Killed ? theme::broken() : theme::muted(pal));
        const QRectF rest = text.adjusted(nameW, 0, 0, 0);
        m_text.draw(p, rest, Qt::AlignLeft | Qt::AlignVCenter, state);
        if (w) {
            const double stateW = m_text.width(p.font(), state) + 6;
            m_text.drawVolatile(p, rest.adjusted(stateW, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                                QStringLiteral("· ") + tr("done %1").arg(w->tasksDone));
        }
    } else {
        const double lh = text.height() / 3;
        p.setFont(bold);
        m_text.draw(p, QRectF(text.left(), text.top(), text.width(), lh), Qt::AlignLeft | Qt::AlignVCenter,
                    name);
        p.setFont(font());
        p.setPen(w && w->state == WorkerState::Killed ? theme::broken() : pal.color(QPalette::WindowText));
        const QRectF line2(text.left(), text.top() + lh, text.width(), lh);
        m_text.draw(p, line2, Qt::AlignLeft | Qt::AlignVCenter, state);
        p.setPen(theme::muted(pal));
        // The chip on the right says which task; the last line, for how long.
        if (w)
            m_text.drawVolatile(p, QRectF(text.left(), text.top() + 2 * lh, text.width(), lh),
                                Qt::AlignLeft | Qt::AlignVCenter,
                                busy ? tr("done %1 · %2")
                                           .arg(w->tasksDone)
                                           .arg(ms(m_displayNow > w->since ? m_displayNow - w->since : 0))
                                : w->state == WorkerState::Killed && w->exitCode < 0
                                    ? tr("done %1 · %2").arg(w->tasksDone).arg(signalName(-w->exitCode))
                                    : tr("done %1").arg(w->tasksDone));
    }
    if (w && w->dropRequested) {
        // The GIL holder was asked to drop it.
        p.setPen(theme::tint(theme::Tint::GilWait));
        m_text.draw(p, r.adjusted(0, 0, -chipRoom, -2), Qt::AlignRight | Qt::AlignBottom, tr("drop request"));
    }
}

void DiagramView::paintLegend(QPainter& p, const QRectF& r, bool process)
{
    if (!m_staticLayer)
        return;
    struct Item
    {
        theme::Tint tint;
        QString text;
    };
    std::vector<Item> items{{theme::Tint::Queued, tr("queued")}};
    if (process)
        items.push_back({theme::Tint::InPipe, tr("in a pipe")});
    items.push_back({theme::Tint::Running, tr("running")});
    if (!process)
        items.push_back({theme::Tint::GilWait, tr("waiting for the GIL")});
    items.push_back({theme::Tint::Result, tr("result ✓")});
    items.push_back({theme::Tint::Exception, tr("exception ✗")});
    items.push_back({theme::Tint::Cancelled, tr("cancelled ⊘")});
    const QFontMetricsF fm(font());
    double x = r.left();
    const double sw = fm.height() * 0.9;
    for (const Item& it : items) {
        const double w = sw + 6 + fm.horizontalAdvance(it.text) + 16;
        if (x + w > r.right())
            break;
        const QRectF sq(x, r.center().y() - sw / 2, sw, sw);
        p.setPen(Qt::NoPen);
        p.setBrush(theme::tint(it.tint));
        p.drawRoundedRect(sq, 3, 3);
        p.setPen(palette().color(QPalette::WindowText));
        m_text.draw(p, QRectF(sq.right() + 6, r.top(), w, r.height()), Qt::AlignLeft | Qt::AlignVCenter,
                    it.text);
        x += w;
    }
    const QString hint = tr("Click a task or future to inspect it");
    const double hw = fm.horizontalAdvance(hint);
    if (x + hw + 10 < r.right()) {
        p.setPen(theme::muted(palette()));
        m_text.draw(p, r, Qt::AlignRight | Qt::AlignVCenter, hint);
    }
}

void DiagramView::paintCommonTitle(QPainter& p, const QRectF& title, const QString& name)
{
    const SceneState& s = m_controller->scene();
    QFont big = font();
    big.setBold(true);
    big.setPointSizeF(font().pointSizeF() * 1.15);
    const double nameW = QFontMetricsF(big).horizontalAdvance(name) + 16;
    if (m_staticLayer) {
        p.setFont(big);
        p.setPen(palette().color(QPalette::WindowText));
        m_text.draw(p, title, Qt::AlignLeft | Qt::AlignVCenter, name);
        p.setFont(font());
        return;
    }
    const QString counts = tr("submitted %1 · ✓ %2 · ✗ %3 · ⊘ %4")
                               .arg(s.submitted())
                               .arg(s.completed())
                               .arg(s.failed())
                               .arg(s.cancelled());
    p.setPen(theme::muted(palette()));
    const QRectF right = title.adjusted(nameW, 0, 0, 0);
    m_text.draw(p, right, Qt::AlignRight | Qt::AlignVCenter, counts);
}

void DiagramView::paintBroken(QPainter& p)
{
    const SceneState& s = m_controller->scene();
    if (!s.broken())
        return;
    const QRectF all = QRectF(rect()).adjusted(2, 2, -2, -2);
    p.setPen(QPen(theme::broken(), 4));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(all, 8, 8);
    const QFontMetricsF fm(font());
    const QString msg = QString::fromStdString(s.brokenType()) + QStringLiteral(": ") +
                        QString::fromStdString(s.brokenMessage());
    // Long messages wrap onto two lines: the whole CPython text must be readable.
    QFont bold = font();
    bold.setBold(true);
    const QFontMetricsF bfm(bold);
    const double maxW = all.width() - 40;
    const bool twoLines = bfm.horizontalAdvance(msg) + 30 > maxW;
    const double w = twoLines ? maxW : bfm.horizontalAdvance(msg) + 30;
    const double h = fm.height() * (twoLines ? 2.8 : 1.8);
    const QRectF banner(all.center().x() - w / 2, all.bottom() - fm.height() * 2.8 - h, w, h);
    p.setPen(Qt::NoPen);
    p.setBrush(theme::broken());
    p.drawRoundedRect(banner, 6, 6);
    p.setPen(Qt::white);
    p.setFont(bold);
    p.drawText(banner.adjusted(10, 2, -10, -2), Qt::AlignCenter | Qt::TextWordWrap, msg);
    p.setFont(font());
}

void DiagramView::paintThread(QPainter& p, std::int64_t now)
{
    const SceneState& s = m_controller->scene();
    const ThreadDiagramGeometry& g = m_tg;
    const RunSpec& spec = m_controller->spec();
    const bool st = m_staticLayer;
    const QFontMetricsF fm(font());
    QFont bold = font();
    bold.setBold(true);
    paintCommonTitle(p, g.title,
                     QStringLiteral("ThreadPoolExecutor(max_workers=%1)").arg(s.maxWorkers()) +
                         QStringLiteral(" · ") + QString::fromStdString(spec.scenario.submit));
    paintCaller(p, g.caller, g.callerText, g.futuresBox, g.futures, now);

    // Work queue.
    paintBox(p, g.workQueue, tr("Work queue"), QString::number(s.workQueue().size()));
    const QRectF qTop(g.workQueue.left(), g.workQueue.top() + fm.height() * 1.45, g.workQueue.width(),
                      fm.height());
    const QRectF qBottom(g.workQueue.left(), g.workQueue.bottom() - fm.height() * 1.2, g.workQueue.width(),
                         fm.height());
    double workersRight = g.workers.front().right();
    for (const QRectF& r : g.workers)
        workersRight = std::max(workersRight, r.right());
    const QRectF threadsHead(g.workers.front().left(), g.workQueue.top(),
                             workersRight - g.workers.front().left(), fm.height() * 1.4);
    if (st) {
        p.setPen(theme::muted(palette()));
        m_text.draw(p, qTop, Qt::AlignCenter, tr("get() ↑"));
        m_text.draw(p, qBottom, Qt::AlignCenter, tr("put() ↓"));
        // The queue as a tube the chips line up in, front at the top.
        const QRectF tube = g.queueSlots.area.adjusted(-5, -4, 5, 4);
        QColor f = theme::tint(theme::Tint::Queued);
        f.setAlphaF(0.08f);
        p.setPen(QPen(theme::boxBorder(palette()), 1, Qt::DotLine));
        p.setBrush(f);
        p.drawRoundedRect(tube, 6, 6);
        p.setFont(bold);
        p.setPen(palette().color(QPalette::WindowText));
        m_text.draw(p, threadsHead, Qt::AlignLeft | Qt::AlignVCenter, tr("Worker threads"));
        p.setFont(font());
        for (std::size_t i = 0; i < g.workers.size(); ++i)
            paintWorkerBox(p, g.workers[i], nullptr, static_cast<int>(i), g.compactWorkers, false, now);
    } else {
        paintOverflow(p, g.queueSlots, g.queueSlots.capacity() - 1, m_overflow.workQueue);
        p.setPen(theme::muted(palette()));
        m_text.draw(p, threadsHead, Qt::AlignRight | Qt::AlignVCenter,
                    tr("%1 of %2 started").arg(s.workers().size()).arg(s.maxWorkers()));
        for (std::size_t i = 0; i < g.workers.size(); ++i) {
            const WorkerRecord* w = i < s.workers().size() ? &s.workers()[i] : nullptr;
            paintWorkerBox(p, g.workers[i], w, static_cast<int>(i), g.compactWorkers, false, now);
        }
    }

    // Arrows: submit() puts, a thread gets, set_result() goes back to the futures.
    paintArrow(p, QPointF(g.caller.right() + 3, qBottom.center().y()),
               QPointF(g.workQueue.left() - 3, qBottom.center().y()), tr("submit"));
    paintArrow(p, QPointF(g.workQueue.right() + 3, qTop.center().y()),
               QPointF(g.workers.front().left() - 3, qTop.center().y()), tr("get"));
    if (st) {
        const double ly = g.returnLane.center().y();
        const double x0 = g.workers.front().left() + g.workers.front().width() * 0.25;
        const double yTop = g.workers.back().bottom() + 2;
        p.setPen(QPen(theme::muted(palette()), 1.6));
        p.drawLine(QPointF(x0, yTop), QPointF(x0, ly));
        paintArrow(p, QPointF(x0, ly), QPointF(g.caller.right() + 3, ly));
        p.setPen(theme::muted(palette()));
        const QRectF label(g.caller.right() + 6, g.returnLane.top(), x0 - g.caller.right() - 12,
                           g.returnLane.height() / 2);
        m_text.draw(p, label, Qt::AlignCenter, tr("set_result() / set_exception()"));
    }

    // The GIL: a token that sits on the thread holding it.
    if (!st && s.gilInUse()) {
        const double t = m_gilMoveStart > 0 ? std::clamp(static_cast<double>(now - m_gilMoveStart) /
                                                             static_cast<double>(m_controller->animationNs()),
                                                         0.0, 1.0)
                                            : 1.0;
        if (!m_gilValid)
            m_gil = m_gilFrom = m_gilTo = g.gilHome.center();
        m_gil = m_gilFrom + (m_gilTo - m_gilFrom) * (t * t * (3 - 2 * t));
        const double d = std::min(g.gilHome.width() * 0.8, fm.height() * 2.0);
        const QPointF c = m_gil;
        p.setPen(QPen(theme::gilToken().darker(150), 1.5));
        p.setBrush(theme::gilToken());
        p.drawEllipse(c, d / 2, d / 2 * 0.8);
        p.setPen(QColor(0x22, 0x22, 0x22));
        p.setFont(bold);
        m_text.draw(p, QRectF(c.x() - d / 2, c.y() - d / 2, d, d), Qt::AlignCenter, QStringLiteral("GIL"));
        p.setFont(font());
        if (s.gilHolder() == SceneState::kNobody) {
            p.setPen(theme::muted(palette()));
            m_text.draw(
                p, QRectF(g.gilHome.left() - 40, g.gilHome.bottom(), g.gilHome.width() + 40, fm.height()),
                Qt::AlignRight, tr("free"));
        }
    }
    paintLegend(p, g.legend, false);
}

void DiagramView::paintProcess(QPainter& p, std::int64_t now)
{
    const SceneState& s = m_controller->scene();
    const ProcessDiagramGeometry& g = m_pg;
    const QPalette& pal = palette();
    const QFontMetricsF fm(font());
    const RunSpec& spec = m_controller->spec();
    const bool st = m_staticLayer;
    QFont bold = font();
    bold.setBold(true);
    paintCommonTitle(p, g.title,
                     QStringLiteral("ProcessPoolExecutor(max_workers=%1)").arg(s.maxWorkers()) +
                         QStringLiteral(" · ") + QString::fromStdString(spec.scenario.submit));

    if (st) {
        // In-process | out-of-process, as in the ASCII diagram.
        p.setPen(theme::muted(pal));
        m_text.draw(p, g.inProcess, Qt::AlignCenter, tr("═══ in-process ═══"));
        m_text.draw(p, g.outOfProcess, Qt::AlignCenter, tr("═══ out-of-process ═══"));
        p.setPen(QPen(theme::boxBorder(pal), 1.2, Qt::DashLine));
        p.drawLine(QPointF(g.boundaryX, g.inProcess.top()), QPointF(g.boundaryX, g.legend.top() - 4));
    }

    paintCaller(p, g.caller, g.callerText, g.futuresBox, g.futures, now);

    // Work Ids (a queue.Queue of ids) and Work Items (the pending dict).
    paintBox(p, g.workIds, tr("Work Ids"), QString::number(s.workQueue().size()));
    paintBox(p, g.workItems, tr("Work Items"), QString::number(s.pendingItems().size()));
    if (!st) {
        paintOverflow(p, g.workIdSlots, g.workIdSlots.capacity() - 1, m_overflow.workQueue);
        int row = 0;
        const double lh = fm.height() * 1.05;
        const double top = g.workItems.top() + fm.height() * 1.5 + 2;
        const int rows = g.workItemRows;
        const int n = static_cast<int>(s.pendingItems().size());
        for (std::int64_t id : s.pendingItems()) {
            if (row >= rows || (row == rows - 1 && n > rows))
                break;
            const TaskRecord* t = s.task(id);
            const QRectF line(g.workItems.left() + 8, top + row * lh, g.workItems.width() - 12, lh);
            const double dot = fm.height() * 0.5;
            p.setPen(Qt::NoPen);
            p.setBrush(t ? theme::tint(theme::tintOf(*t)) : theme::tint(theme::Tint::Queued));
            p.drawEllipse(QPointF(line.left() + dot / 2, line.center().y()), dot / 2, dot / 2);
            p.setPen(pal.color(QPalette::WindowText));
            m_text.draw(p, line.adjusted(dot + 5, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                        tr("%1: call()").arg(taskLabel(id)));
            ++row;
        }
        if (n > rows && rows > 0) {
            p.setPen(theme::muted(pal));
            m_text.draw(p,
                        QRectF(g.workItems.left() + 8, top + (rows - 1) * lh, g.workItems.width() - 12, lh),
                        Qt::AlignLeft | Qt::AlignVCenter, tr("… +%1 more").arg(n - rows + 1));
        }
    }

    // The manager thread ("Local Worker Thread" in the tutorial's diagram).
    paintBox(p, g.manager, tr("Manager"), QString());
    if (!st) {
        QRectF text = g.manager.adjusted(6, fm.height() * 1.5, -6, 0);
        text.setBottom(g.manager.bottom() - 4);
        p.setPen(theme::muted(pal));
        // Short lines: the box is narrow.
        QString line;
        if (s.managerStarted()) {
            if (s.managerWaiting())
                line = tr("poll():\nresult pipe\nwakeup pipe\n%n sentinel(s)", nullptr,
                          static_cast<int>(s.workers().size()));
            else if (s.managerWakeReason() < 0)
                line = tr("running");
            else
                line =
                    tr("woken by:") + QStringLiteral("\n") +
                    (s.managerWakeReason() == static_cast<std::int64_t>(WakeReason::Result)   ? tr("a result")
                     : s.managerWakeReason() == static_cast<std::int64_t>(WakeReason::Wakeup) ? tr("submit()")
                     : s.managerWakeReason() == static_cast<std::int64_t>(WakeReason::Sentinel)
                         ? tr("a process ended")
                         : tr("worker events"));
        } else {
            line = tr("not started");
        }
        p.drawText(text, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, line);
    }

    // Call Q with every slot drawn, the pipe, the Result Q and its pipe.
    const int cap = s.callQueueCapacity();
    paintBox(p, g.callQueue, tr("Call Q"), tr("%1/%2 slots").arg(s.callQueue().size()).arg(cap));
    paintBox(p, g.resultQueue, tr("Result Q"), QString::number(s.resultQueue().size()));
    if (!st) {
        for (int i = 0; i < std::min(cap, g.callSlots.capacity()); ++i) {
            const bool used = i < static_cast<int>(s.callQueue().size());
            p.setPen(QPen(theme::boxBorder(pal), 1, used ? Qt::SolidLine : Qt::DotLine));
            QColor f = theme::tint(theme::Tint::InPipe);
            f.setAlphaF(0.25f);
            p.setBrush(used ? QBrush(f) : Qt::NoBrush);
            p.drawRoundedRect(g.callSlots.cellRect(i), 4, 4);
        }
        if (m_overflow.callQueue > 0)
            paintOverflow(p, g.callSlots, g.callSlots.capacity() - 1, m_overflow.callQueue);
        for (int i = 0; i < g.resultSlots.capacity() && i < cap; ++i) {
            p.setPen(QPen(theme::boxBorder(pal), 1, Qt::DotLine));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(g.resultSlots.cellRect(i), 4, 4);
        }
    } else {
        auto pipe = [&](const QRectF& r, const QString& label) {
            QColor f = theme::tint(theme::Tint::InPipe);
            f.setAlphaF(0.18f);
            p.setPen(QPen(theme::tint(theme::Tint::InPipe), 1.4));
            p.setBrush(f);
            p.drawRoundedRect(r, r.height() / 2, r.height() / 2);
            p.setPen(theme::muted(pal));
            m_text.draw(p, QRectF(r.left(), r.bottom() + 1, r.width(), fm.height()), Qt::AlignCenter, label);
        };
        pipe(g.callPipe, tr("pipe →"));
        pipe(g.resultPipe, tr("← pipe"));
        const QRectF head(g.workers.front().left(), g.callQueue.top(), g.workers.front().width(),
                          fm.height() * 1.4);
        p.setFont(bold);
        p.setPen(pal.color(QPalette::WindowText));
        m_text.draw(p, head, Qt::AlignLeft | Qt::AlignVCenter, tr("Process Pool"));
        p.setFont(font());
    }

    // Worker processes.
    {
        for (std::size_t i = 0; i < g.workers.size(); ++i) {
            const WorkerRecord* w = i < s.workers().size() ? &s.workers()[i] : nullptr;
            paintWorkerBox(p, g.workers[i], w, static_cast<int>(i), g.compactWorkers, true, now);
        }
    }

    // Flow arrows between the boxes.
    const double topY = g.workIds.center().y();
    const double botY = g.workItems.center().y();
    paintArrow(p, QPointF(g.caller.right() + 3, topY), QPointF(g.workIds.left() - 3, topY), tr("put id"));
    paintArrow(p, QPointF(g.caller.right() + 3, botY), QPointF(g.workItems.left() - 3, botY), QString(),
               true);
    paintArrow(p, QPointF(g.workIds.right() + 3, topY), QPointF(g.manager.left() - 3, topY), tr("get"));
    paintArrow(p, QPointF(g.workItems.right() + 3, botY), QPointF(g.manager.left() - 3, botY), QString(),
               true);
    paintArrow(p, QPointF(g.manager.right() + 3, g.callQueue.center().y()),
               QPointF(g.callQueue.left() - 3, g.callQueue.center().y()), tr("put"));
    paintArrow(p, QPointF(g.resultQueue.left() - 3, g.resultQueue.center().y()),
               QPointF(g.manager.right() + 3, g.resultQueue.center().y()), tr("get"));
    if (st) {
        const double ly = g.returnLane.center().y();
        const double x0 = g.manager.center().x();
        p.setPen(QPen(theme::muted(pal), 1.6));
        p.drawLine(QPointF(x0, g.manager.bottom() + 2), QPointF(x0, ly));
        paintArrow(p, QPointF(x0, ly), QPointF(g.caller.right() + 3, ly));
        p.setPen(theme::muted(pal));
        m_text.draw(p,
                    QRectF(g.caller.right() + 6, g.returnLane.top(), x0 - g.caller.right() - 12,
                           g.returnLane.height() / 2),
                    Qt::AlignCenter, tr("set_result() / set_exception()"));
    }
    paintLegend(p, g.legend, true);
}

void DiagramView::paintEvent(QPaintEvent*)
{
    QElapsedTimer timer;
    timer.start();
    const std::int64_t now = nowNs();
    m_displayNow = m_controller->displayNow();
    if (m_controller->scene().pool() != m_layoutPool || m_layoutWorkers < 0)
        relayout();
    const qreal dpr = devicePixelRatioF();
    if (m_background.isNull() || m_background.size() != size() * dpr ||
        m_background.devicePixelRatio() != dpr) {
        // Boxes, titles, arrows and the legend change only with the layout: draw them once.
        m_background = QPixmap(size() * dpr);
        m_background.setDevicePixelRatio(dpr);
        m_background.fill(palette().color(QPalette::Window));
        QPainter bp(&m_background);
        bp.setRenderHint(QPainter::Antialiasing);
        bp.setFont(font());
        m_staticLayer = true;
        if (m_controller->scene().pool() == PoolKind::Thread)
            paintThread(bp, now);
        else
            paintProcess(bp, now);
        m_staticLayer = false;
    }
    QPainter p(this);
    p.drawPixmap(0, 0, m_background);
    p.setRenderHint(QPainter::Antialiasing);
    if (m_controller->scene().pool() == PoolKind::Thread)
        paintThread(p, now);
    else
        paintProcess(p, now);
    paintChips(p, now);
    paintBroken(p);
    m_lastPaintNs = timer.nsecsElapsed();
}

// ---------------------------------------------------------------- interaction

std::int64_t DiagramView::taskAt(QPointF pt) const
{
    const QSizeF cs = chipSize();
    for (auto it = m_drawn.rbegin(); it != m_drawn.rend(); ++it) {
        const QRectF r(it->center.x() - cs.width() / 2, it->center.y() - cs.height() / 2, cs.width(),
                       cs.height());
        if (r.contains(pt) && it->task >= 0)
            return it->task;
    }
    const SceneState& s = m_controller->scene();
    const CellGrid& grid = s.pool() == PoolKind::Thread ? m_tg.futures : m_pg.futures;
    const int cell = grid.cellAt(pt);
    if (cell >= 0) {
        const FuturesWindow w = futuresWindow(s, grid.capacity(), grid.cols);
        if (static_cast<std::size_t>(cell) < w.count)
            return s.order()[w.first + static_cast<std::size_t>(cell)];
    }
    if (s.pool() == PoolKind::Process) {
        // A row of the Work Items list.
        const QFontMetricsF fm(font());
        const double top = m_pg.workItems.top() + fm.height() * 1.5 + 2;
        if (m_pg.workItems.contains(pt) && pt.y() >= top) {
            const int row = static_cast<int>((pt.y() - top) / (fm.height() * 1.05));
            int i = 0;
            for (std::int64_t id : s.pendingItems()) {
                if (i++ == row)
                    return id;
            }
        }
    }
    const std::int32_t w = workerAt(pt);
    if (w != 0) {
        const int slot = s.workerSlot(w);
        if (slot >= 0)
            return s.workers()[static_cast<std::size_t>(slot)].task;
    }
    return -1;
}

std::int32_t DiagramView::workerAt(QPointF pt) const
{
    const SceneState& s = m_controller->scene();
    const auto& boxes = s.pool() == PoolKind::Thread ? m_tg.workers : m_pg.workers;
    for (std::size_t i = 0; i < boxes.size() && i < s.workers().size(); ++i)
        if (boxes[i].contains(pt))
            return s.workers()[i].id;
    return 0;
}

void DiagramView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        const std::int64_t t = taskAt(event->position());
        m_controller->selectTask(t);
    }
    QWidget::mousePressEvent(event);
}

void DiagramView::contextMenuEvent(QContextMenuEvent* event)
{
    const SceneState& s = m_controller->scene();
    const std::int32_t w = workerAt(event->pos());
    const std::int64_t t = taskAt(event->pos());
    QMenu menu(this);
    if (t >= 0) {
        m_controller->selectTask(t);
        QAction* cancel = menu.addAction(tr("Cancel future %1").arg(taskLabel(t)));
        cancel->setEnabled(m_controller->canIntervene());
        connect(cancel, &QAction::triggered, m_controller, &RunController::cancelSelectedFuture);
    }
    if (w != 0 && s.pool() == PoolKind::Process) {
        QAction* kill = menu.addAction(tr("Kill process %1 (SIGKILL)").arg(w));
        kill->setEnabled(m_controller->canKillWorkers());
        connect(kill, &QAction::triggered, this, [this, w] { Q_EMIT killWorkerRequested(w); });
    }
    if (!menu.isEmpty())
        menu.exec(event->globalPos());
}

bool DiagramView::event(QEvent* e)
{
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const std::int64_t id = taskAt(help->pos());
        const TaskRecord* t = id >= 0 ? m_controller->scene().task(id) : nullptr;
        if (!t) {
            QToolTip::hideText();
            e->ignore();
            return true;
        }
        QString text = tr("task %1 (future id %2): %3")
                           .arg(t->index)
                           .arg(t->id)
                           .arg(QString::fromLatin1(futureStatusName(t->status)));
        if (!t->outcomeType.empty() || !t->outcomeText.empty())
            text += QStringLiteral("\n") + QString::fromStdString(t->outcomeType) +
                    (t->outcomeType.empty() ? QString() : QStringLiteral(": ")) +
                    QString::fromStdString(t->outcomeText);
        QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(e);
}

} // namespace poolscope::ui
