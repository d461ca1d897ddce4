#include "ui/diagram/threaddiagrampainter.h"

#include "ui/run/runsession.h"
#include "ui/shell/theme.h"

#include <QPainter>

namespace poolscope::ui {

namespace {
constexpr QLatin1StringView kExecutor("ThreadPoolExecutor");
} // namespace

ThreadDiagramGeometry ThreadDiagramPainter::layout(QSizeF size, const SceneState& s, int futures)
{
    const double line = m_look.lineHeight();
    const double inner = size.width() - 2 * std::max(8.0, line * 0.6);
    return layoutThreadDiagram(size, std::max(1, s.maxWorkers()), futures, m_look.chipSize(), line,
                               m_look.bannerLines(s, inner), m_look.arrowGap({tr("submit"), tr("get")}),
                               m_look.cellGap());
}

ThreadDiagramPainter::Rows ThreadDiagramPainter::rows(const ThreadDiagramGeometry& g) const
{
    const QFontMetricsF fm(m_look.font());
    double workersRight = g.workers.front().right();
    for (const QRectF& r : g.workers)
        workersRight = std::max(workersRight, r.right());
    return {
        QRectF(g.workQueue.left(), g.workQueue.top() + fm.height() * 1.45, g.workQueue.width(), fm.height()),
        QRectF(g.workQueue.left(), g.workQueue.bottom() - fm.height() * 1.2, g.workQueue.width(),
               fm.height()),
        QRectF(g.workers.front().left(), g.workQueue.top(), workersRight - g.workers.front().left(),
               fm.height() * 1.4)};
}

void ThreadDiagramPainter::paintBackground(QPainter& p, const ThreadDiagramGeometry& g,
                                           const DiagramInput& in)
{
    const QPalette& pal = m_look.palette();
    TextCache& text = m_look.text();
    const Rows row = rows(g);
    m_look.title(p, g.title, executorName(kExecutor, in));
    m_caller.paintBackground(p, {g.caller, g.callerText, g.futuresBox, g.futures});

    m_look.boxFrame(p, g.workQueue, tr("Work queue"));
    p.setPen(theme::muted(pal));
    text.draw(p, row.queueTop, Qt::AlignCenter, tr("get() ↑"));
    text.draw(p, row.queueBottom, Qt::AlignCenter, tr("put() ↓"));
    // The queue as a tube the chips line up in, front at the top.
    const QRectF tube = g.queueSlots.area.adjusted(-5, -4, 5, 4);
    QColor f = theme::tint(theme::Tint::Queued);
    f.setAlphaF(0.08f);
    p.setPen(QPen(theme::boxBorder(pal), theme::lineWidth(1), Qt::DotLine));
    p.setBrush(f);
    p.drawRoundedRect(tube, 6, 6);
    m_look.heading(p, row.threadsHead, tr("Worker threads"));
    m_workers.paintFrames(p, g.workers);

    // Arrows: submit() puts, a thread gets, set_result() goes back to the futures.
    m_look.arrow(p, QPointF(g.caller.right() + 3, row.queueBottom.center().y()),
                 QPointF(g.workQueue.left() - 3, row.queueBottom.center().y()), tr("submit"));
    m_look.arrow(p, QPointF(g.workQueue.right() + 3, row.queueTop.center().y()),
                 QPointF(g.workers.front().left() - 3, row.queueTop.center().y()), tr("get"));
    // Results go back from the threads' column to the futures, under the queue.
    m_look.returnLane(p, g.returnLane, g.returnLane.right() - 3, g.returnLane.center().y(), g.caller.right());
    if (!in.scene.broken()) // the banner takes the legend's place
        m_look.legend(p, g.legend, false);
}

void ThreadDiagramPainter::paintForeground(QPainter& p, const ThreadDiagramGeometry& g,
                                           const DiagramInput& in, QPointF gil)
{
    const SceneState& s = in.scene;
    const QPalette& pal = m_look.palette();
    TextCache& text = m_look.text();
    m_look.titleCounts(p, g.title, executorName(kExecutor, in), s);
    // The GIL token's size, and where it rests in the caller's box while the main thread holds it.
    const double d = std::min(g.gilHome.width() * 0.8, QFontMetricsF(m_look.font()).height() * 2.0);
    // In the caller's box the token stays in the header row, clear of the status under it.
    const double tokenH =
        s.gilHolder() == 0 ? std::min(d * 0.8, g.callerText.top() - g.caller.top() - 2) : d * 0.8;
    const auto tokenAt = [d, tokenH](QPointF c) {
        return QRectF(c.x() - d / 2, c.y() - tokenH / 2, d, tokenH);
    };
    const QRectF callerToken = s.gilInUse() && s.gilHolder() == 0 ? tokenAt(gilTokenTarget(s, g)) : QRectF();
    m_caller.paintForeground(p, {g.caller, g.callerText, g.futuresBox, g.futures}, in, callerToken);

    m_look.boxCount(p, g.workQueue, tr("Work queue"), QString::number(s.workQueue().size()));
    m_look.overflow(p, g.queueSlots, g.queueSlots.capacity() - 1, in.overflow.workQueue);
    p.setPen(theme::muted(pal));
    text.draw(p, rows(g).threadsHead, Qt::AlignRight | Qt::AlignVCenter,
              tr("%1 of %2 started").arg(s.workers().size()).arg(s.maxWorkers()));
    m_workers.paintStates(p, g.workers, g.workerLines, false, in);

    // The GIL: a token that sits on the thread holding it.
    if (s.gilInUse()) {
        const QFontMetricsF fm(m_look.font());
        p.setPen(QPen(theme::gilToken().darker(150), theme::lineWidth(1.5)));
        p.setBrush(theme::gilToken());
        p.drawEllipse(gil, d / 2, tokenH / 2);
        p.setPen(QColor(0x22, 0x22, 0x22));
        p.setFont(m_look.boldFont());
        text.draw(p, QRectF(gil.x() - d / 2, gil.y() - tokenH / 2, d, tokenH), Qt::AlignCenter,
                  QStringLiteral("GIL"));
        text.widenLast(tokenAt(gil)); // the token covers what is under it, not only its label
        p.setFont(m_look.font());
        if (s.gilHolder() == SceneState::kNobody) {
            p.setPen(theme::muted(pal));
            text.draw(p,
                      QRectF(g.gilHome.left() - 40, g.gilHome.bottom(), g.gilHome.width() + 40, fm.height()),
                      Qt::AlignRight, tr("free"));
        }
    }
}

} // namespace poolscope::ui
