#include "ui/diagram/diagramview.h"

#include "ui/diagram/textfit.h"

#include "ui/run/runcontroller.h"
#include "ui/shell/theme.h"

#include <QContextMenuEvent>
#include <QElapsedTimer>
#include <QHelpEvent>
#include <QImage>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace poolscope::ui {

DiagramView::DiagramView(RunController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_look(*this), m_thread(m_look), m_process(m_look)
{
    setMouseTracking(false);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::ClickFocus);
    setObjectName(QStringLiteral("diagram"));
    m_animTimer.setInterval(16);
    m_animTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_animTimer, &QTimer::timeout, this, &DiagramView::tick);
    connect(controller, &RunController::frameApplied, this, &DiagramView::onFrame);
    connect(controller, &RunController::runReset, this, &DiagramView::onReset);
    connect(controller, &RunController::cursorChanged, this, [this] { onFrame(FrameBatch{}); });
    connect(controller, &RunController::selectedTaskChanged, this, [this] { update(); });
    connect(controller, &RunController::stateChanged, this, [this] { update(); });
}

QSize DiagramView::minimumSizeHint() const
{
    // Small enough for a 960x540 (logical) screen; what the texts need is neededWidth/neededHeight.
    return {360, 200};
}
QSize DiagramView::sizeHint() const
{
    return {900, 460};
}

void DiagramView::relayout()
{
    const SceneState& s = m_controller->scene();
    const int workers = std::max(1, s.maxWorkers());
    const int futures =
        static_cast<int>(std::max<std::int64_t>(m_controller->spec().scenario.tasks, s.submitted()));
    m_layoutPool = s.pool();
    m_layoutWorkers = workers;
    m_layoutFutures = futures;
    m_layoutCapacity = s.callQueueCapacity();
    m_layoutBroken = s.broken();
    m_background = QPixmap(); // the static layer follows the layout
    m_look.clearChipBackgrounds();
    if (s.pool() == PoolKind::Thread)
        m_tg = m_thread.layout(size(), s, futures);
    else
        m_pg = m_process.layout(size(), s, futures);
}

void DiagramView::resizeEvent(QResizeEvent*)
{
    relayout();
    retarget();
}

void DiagramView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) {
        m_look.clearText();
        m_look.clearChipBackgrounds();
        m_look.updateFonts();
        relayout();
        retarget();
        update();
    }
    QWidget::changeEvent(event);
}

void DiagramView::onReset()
{
    m_anim.clear();
    m_flashes.clear();
    m_drawn.clear();
    m_gil.reset();
    relayout();
    update();
}

void DiagramView::onFrame(const FrameBatch& batch)
{
    if (batch.events)
        m_flashes.note(*batch.events, nowNs());
    const SceneState& s = m_controller->scene();
    const int futures =
        static_cast<int>(std::max<std::int64_t>(m_controller->spec().scenario.tasks, s.submitted()));
    if (s.pool() != m_layoutPool || s.maxWorkers() != m_layoutWorkers || futures != m_layoutFutures ||
        s.callQueueCapacity() != m_layoutCapacity || s.broken() != m_layoutBroken) {
        relayout();
        Q_EMIT needChanged();
    }
    retarget();
    update();
}

void DiagramView::retarget()
{
    const SceneState& s = m_controller->scene();
    const std::int64_t now = nowNs();
    m_anim.setDurationNs(m_controller->animationNs());
    const bool thread = s.pool() == PoolKind::Thread;
    const CellGrid& futures = thread ? m_tg.futures : m_pg.futures;
    const QRectF& caller = thread ? m_tg.caller : m_pg.caller;
    const QRectF& callerText = thread ? m_tg.callerText : m_pg.callerText;
    const std::vector<ChipView> targets =
        thread ? threadChips(s, m_tg, &m_overflow) : processChips(s, m_pg, &m_overflow);
    const QPointF spawn(caller.right() - m_look.chipSize().width() / 2, callerText.center().y());
    m_anim.update(targets, spawn, now, [&](std::int64_t task) { return futureCellCenter(s, futures, task); });
    if (thread && s.gilInUse())
        m_gil.retarget(gilTokenTarget(s, m_tg), now);
    m_animTimer.setInterval(16);
    if (!m_animTimer.isActive())
        m_animTimer.start();
}

void DiagramView::tick()
{
    const std::int64_t now = nowNs();
    m_anim.prune(now);
    const bool busy = m_anim.animating(now) || m_flashes.active(now) || m_gil.moving();
    // Chips fly at 60 Hz; otherwise a slow refresh keeps running times current.
    if (busy)
        m_animTimer.setInterval(16);
    else if (m_controller->state() == RunState::Running)
        m_animTimer.setInterval(250);
    else
        m_animTimer.stop();
    update();
}

DiagramInput DiagramView::input(std::int64_t now) const
{
    return {.scene = m_controller->scene(),
            .spec = m_controller->spec(),
            .finished = m_controller->showsRunEnd(),
            .selectedTask = m_controller->selectedTask(),
            .now = now,
            .displayNow = m_controller->displayNow(),
            .overflow = m_overflow,
            .flashes = m_flashes};
}

void DiagramView::paintEvent(QPaintEvent*)
{
    QElapsedTimer timer;
    timer.start();
    const std::int64_t now = nowNs();
    const SceneState& s = m_controller->scene();
    if (s.pool() != m_layoutPool || m_layoutWorkers < 0 || s.broken() != m_layoutBroken)
        relayout();
    const DiagramInput in = input(now);
    const bool thread = s.pool() == PoolKind::Thread;
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
        if (thread)
            m_thread.paintBackground(bp, m_tg, in);
        else
            m_process.paintBackground(bp, m_pg, in);
    }
    QPainter p(this);
    p.drawPixmap(0, 0, m_background);
    p.setRenderHint(QPainter::Antialiasing);
    if (thread) {
        const QPointF gil =
            s.gilInUse() ? m_gil.advance(now, m_controller->animationNs(), m_tg.gilHome.center()) : QPointF();
        m_thread.paintForeground(p, m_tg, in, gil);
    } else {
        m_process.paintForeground(p, m_pg, in);
    }
    m_drawn = m_anim.positions(now);
    m_look.chips(p, m_drawn, s, in.selectedTask);
    m_look.brokenBanner(p, QRectF(rect()).adjusted(2, 2, -2, -2), thread ? m_tg.legend : m_pg.legend, s);
    m_lastPaintNs = timer.nsecsElapsed();
}

void DiagramView::paintTo(QPainter& p)
{
    const std::int64_t now = nowNs();
    const SceneState& s = m_controller->scene();
    const DiagramInput in = input(now);
    p.fillRect(rect(), palette().color(QPalette::Window));
    p.setRenderHint(QPainter::Antialiasing);
    p.setFont(font());
    const std::int64_t settled = now + 10'000'000'000; // every chip at its target
    if (s.pool() == PoolKind::Thread) {
        m_thread.paintBackground(p, m_tg, in);
        m_thread.paintForeground(p, m_tg, in, s.gilInUse() ? gilTokenTarget(s, m_tg) : QPointF());
    } else {
        m_process.paintBackground(p, m_pg, in);
        m_process.paintForeground(p, m_pg, in);
    }
    m_look.chips(p, m_anim.positions(settled), s, in.selectedTask);
    m_look.brokenBanner(p, QRectF(rect()).adjusted(2, 2, -2, -2),
                        s.pool() == PoolKind::Thread ? m_tg.legend : m_pg.legend, s);
}

std::vector<DrawnText> DiagramView::textsAt(QSizeF size)
{
    std::vector<DrawnText> out;
    const SceneState& s = m_controller->scene();
    const int futures =
        static_cast<int>(std::max<std::int64_t>(m_controller->spec().scenario.tasks, s.submitted()));
    QImage image(size.toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(palette().color(QPalette::Window));
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setFont(font());
    ChipOverflow overflow;
    const DiagramInput in{.scene = s,
                          .spec = m_controller->spec(),
                          .finished = m_controller->showsRunEnd(),
                          .selectedTask = m_controller->selectedTask(),
                          .now = nowNs(),
                          .displayNow = m_controller->displayNow(),
                          .overflow = overflow,
                          .flashes = m_flashes};
    const QRectF all = QRectF(QPointF(0, 0), size).adjusted(2, 2, -2, -2);
    m_look.text().record(&out);
    m_look.setNamesWhole(true);
    m_look.setLinesWhole(true);
    if (s.pool() == PoolKind::Thread) {
        const ThreadDiagramGeometry g = m_thread.layout(size, s, futures);
        const std::vector<ChipView> chips = threadChips(s, g, &overflow);
        m_thread.paintBackground(p, g, in);
        m_thread.paintForeground(p, g, in, s.gilInUse() ? gilTokenTarget(s, g) : QPointF());
        m_look.chips(p, chips, s, in.selectedTask);
        m_look.brokenBanner(p, all, g.legend, s);
    } else {
        const ProcessDiagramGeometry g = m_process.layout(size, s, futures);
        const std::vector<ChipView> chips = processChips(s, g, &overflow);
        m_process.paintBackground(p, g, in);
        m_process.paintForeground(p, g, in);
        m_look.chips(p, chips, s, in.selectedTask);
        m_look.brokenBanner(p, all, g.legend, s);
    }
    m_look.setNamesWhole(false);
    m_look.setLinesWhole(false);
    m_look.text().record(nullptr);
    return out;
}

std::vector<QRectF> DiagramView::futureCellInks() const
{
    const SceneState& s = m_controller->scene();
    const CellGrid& grid = s.pool() == PoolKind::Thread ? m_tg.futures : m_pg.futures;
    const FuturesWindow w = futuresWindow(s, grid.capacity(), grid.cols);
    // The widest outline a cell gets: a pending one's dashes (FutureCellSprites::pendingPen).
    const double pen = theme::lineWidth(1.4) / 2;
    std::vector<QRectF> out;
    for (std::size_t i = 0; i < w.count; ++i)
        out.push_back(grid.cellRect(static_cast<int>(i)).adjusted(-pen, -pen, pen, pen));
    return out;
}

int DiagramView::neededHeight(int width, int most)
{
    return leastFittingHeight([this](QSizeF size) { return textsAt(size); }, width, most);
}

int DiagramView::neededWidth(int height)
{
    return leastUnelidedWidth([this](QSizeF size) { return textsAt(size); }, height);
}

// ---------------------------------------------------------------- interaction

std::int64_t DiagramView::taskAt(QPointF pt) const
{
    const QSizeF cs = m_look.chipSize();
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
        const double top = m_process.workItemsTop(m_pg);
        if (m_pg.workItems.contains(pt) && pt.y() >= top) {
            const int row = static_cast<int>((pt.y() - top) / m_process.workItemHeight());
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
        QAction* cancel = menu.addAction(tr("Cancel future %1").arg(DiagramPainter::taskLabel(s, t)));
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
        const QString status = QString::fromLatin1(futureStatusName(t->status));
        QString text = t->workId >= 0
                           ? tr("task %1 (work id %2): %3").arg(t->index).arg(t->workId).arg(status)
                           : tr("task %1: %2").arg(t->index).arg(status);
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
