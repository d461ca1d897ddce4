#include "ui/diagram/processdiagrampainter.h"

#include "ui/run/runsession.h"
#include "ui/shell/theme.h"

#include <QPainter>

namespace poolscope::ui {

namespace {
constexpr QLatin1StringView kExecutor("ProcessPoolExecutor");
} // namespace

ProcessDiagramGeometry ProcessDiagramPainter::layout(QSizeF size, const SceneState& s, int futures)
{
    const double line = m_look.lineHeight();
    const double margin = std::max(8.0, line * 0.6);
    const auto at = [&](int bannerLines, bool besideWorkers) {
        return layoutProcessDiagram(size, std::max(1, s.maxWorkers()), s.callQueueCapacity(), futures,
                                    m_look.chipSize(), line, bannerLines,
                                    m_look.arrowGap({tr("put id"), tr("get"), tr("put")}),
                                    m_look.boxWidthFor({tr("Work Ids"), tr("Work Items"), tr("Manager")}),
                                    m_look.text().width(m_look.font(), QStringLiteral("as_completed()")) + 14,
                                    m_look.boxWidthFor({tr("Call Q"), tr("Result Q")}),
                                    m_workers.leastWidth(s, true), besideWorkers, m_look.cellGap());
    };
    ProcessDiagramGeometry g = at(m_look.bannerLines(s, size.width() - 2 * margin), false);
    if (g.workerLines >= 3)
        return g;
    // A short diagram (a broken pool's banner and the notice row on a 960x540 screen): the legend's
    // or the banner's band ends left of the workers, whose column then goes down to the bottom margin
    // and keeps each box its three lines where that gives it more (the banner may wrap once more).
    const double narrow = g.workers.front().left() - std::max(3.0, line * 0.3) - margin; // boxGap
    ProcessDiagramGeometry beside = at(m_look.bannerLines(s, narrow), true);
    return beside.workerLines > g.workerLines ? beside : g;
}

double ProcessDiagramPainter::workItemsTop(const ProcessDiagramGeometry& g) const
{
    return g.workItems.top() + QFontMetricsF(m_look.font()).height() * 1.5 + 2;
}

double ProcessDiagramPainter::workItemHeight() const
{
    return QFontMetricsF(m_look.font()).height() * 1.05;
}

void ProcessDiagramPainter::paintPipe(QPainter& p, const QRectF& r, const QString& label, bool labelAbove)
{
    QColor f = theme::tint(theme::Tint::InPipe);
    f.setAlphaF(0.18f);
    p.setPen(QPen(theme::tint(theme::Tint::InPipe), theme::lineWidth(1.4)));
    p.setBrush(f);
    p.drawRoundedRect(r, r.height() / 2, r.height() / 2);
    const double h = m_look.lineHeight();
    const QRectF at(r.left(), labelAbove ? r.top() - 1 - h : r.bottom() + 1, r.width(), h);
    // The dashed process boundary runs through the pipes: it stops short of their labels.
    const double w = std::min(at.width(), m_look.text().width(p.font(), label) + 4);
    p.fillRect(QRectF(at.center().x() - w / 2, at.top() + 1, w, at.height() - 2), m_look.palette().window());
    p.setPen(theme::muted(m_look.palette()));
    m_look.text().draw(p, at, Qt::AlignCenter, label);
}

void ProcessDiagramPainter::paintBackground(QPainter& p, const ProcessDiagramGeometry& g,
                                            const DiagramInput& in)
{
    const QPalette& pal = m_look.palette();
    TextCache& text = m_look.text();
    m_look.title(p, g.title, executorName(kExecutor, in));
    // In-process | out-of-process, as in the ASCII diagram.
    p.setPen(theme::muted(pal));
    text.draw(p, g.inProcess, Qt::AlignCenter,
              text.fitting(p.font(), g.inProcess.width(), {tr("═══ in-process ═══"), tr("in-process")}));
    if (!g.outOfProcess.isEmpty())
        text.draw(p, g.outOfProcess, Qt::AlignCenter,
                  text.fitting(p.font(), g.outOfProcess.width(),
                               {tr("═══ out-of-process ═══"), tr("out-of-process")}));
    p.setPen(QPen(theme::boxBorder(pal), theme::lineWidth(1.2), Qt::DashLine));
    p.drawLine(QPointF(g.boundaryX, g.inProcess.top()), QPointF(g.boundaryX, g.legend.top() - 4));

    m_caller.paintBackground(p, {g.caller, g.callerText, g.futuresBox, g.futures});
    // Work Ids (a queue.Queue of ids) and Work Items (the pending dict).
    m_look.boxFrame(p, g.workIds, tr("Work Ids"));
    m_look.boxFrame(p, g.workItems, tr("Work Items"));
    // The manager thread ("Local Worker Thread" in the tutorial's diagram).
    m_look.boxFrame(p, g.manager, tr("Manager"));
    m_look.boxFrame(p, g.callQueue, tr("Call Q"));
    m_look.boxFrame(p, g.resultQueue, tr("Result Q"));
    paintPipe(p, g.callPipe, tr("pipe →"), true);
    paintPipe(p, g.resultPipe, tr("← pipe"), false);
    m_look.heading(p, g.poolHeading, tr("Process Pool"));
    m_workers.paintFrames(p, g.workers);

    // Flow arrows between the boxes.
    // Low enough that the arrows' labels stay under the band's words.
    const double topY = std::max(g.workIds.center().y(), std::min(g.workIds.top() + m_look.lineHeight() * 1.3,
                                                                  g.workIds.bottom() - 2));
    const double botY = g.workItems.center().y();
    m_look.arrow(p, QPointF(g.caller.right() + 3, topY), QPointF(g.workIds.left() - 3, topY), tr("put id"));
    m_look.arrow(p, QPointF(g.caller.right() + 3, botY), QPointF(g.workItems.left() - 3, botY), QString(),
                 true);
    m_look.arrow(p, QPointF(g.workIds.right() + 3, topY), QPointF(g.manager.left() - 3, topY), tr("get"));
    m_look.arrow(p, QPointF(g.workItems.right() + 3, botY), QPointF(g.manager.left() - 3, botY), QString(),
                 true);
    const double putY =
        std::max(g.callQueue.center().y(),
                 std::min(g.callQueue.top() + m_look.lineHeight() * 1.3, g.callQueue.bottom() - 2));
    m_look.arrow(p, QPointF(g.manager.right() + 3, putY), QPointF(g.callQueue.left() - 3, putY), tr("put"));
    m_look.arrow(p, QPointF(g.resultQueue.left() - 3, g.resultQueue.center().y()),
                 QPointF(g.manager.right() + 3, g.resultQueue.center().y()), tr("get"));
    m_look.returnLane(p, g.returnLane, g.manager.center().x(), g.manager.bottom() + 2, g.caller.right());
    if (!in.scene.broken()) // the banner takes the legend's place
        m_look.legend(p, g.legend, true);
}

void ProcessDiagramPainter::paintForeground(QPainter& p, const ProcessDiagramGeometry& g,
                                            const DiagramInput& in)
{
    const SceneState& s = in.scene;
    m_look.titleCounts(p, g.title, executorName(kExecutor, in), s);
    m_caller.paintForeground(p, {g.caller, g.callerText, g.futuresBox, g.futures}, in);
    m_look.boxCount(p, g.workIds, tr("Work Ids"), QString::number(s.workQueue().size()));
    m_look.boxCount(p, g.workItems, tr("Work Items"), QString::number(s.pendingItems().size()));
    m_look.overflow(p, g.workIdSlots, g.workIdSlots.capacity() - 1, in.overflow.workQueue);
    paintWorkItems(p, g, s);
    paintManager(p, g, s);
    const int cap = s.callQueueCapacity();
    const QString used = QStringLiteral("%1/%2").arg(s.callQueue().size()).arg(cap);
    m_look.boxCount(p, g.callQueue, tr("Call Q"),
                    {tr("%1/%2 slots").arg(s.callQueue().size()).arg(cap), used});
    m_look.boxCount(p, g.resultQueue, tr("Result Q"), QString::number(s.resultQueue().size()));
    paintQueueSlots(p, g, in);
    m_workers.paintStates(p, g.workers, g.workerLines, true, in);
}

void ProcessDiagramPainter::paintWorkItems(QPainter& p, const ProcessDiagramGeometry& g, const SceneState& s)
{
    const QPalette& pal = m_look.palette();
    TextCache& text = m_look.text();
    const QFontMetricsF fm(m_look.font());
    int row = 0;
    const double lh = workItemHeight();
    const double top = workItemsTop(g);
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
        text.draw(p, line.adjusted(dot + 5, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                  tr("%1: call()").arg(DiagramPainter::taskLabel(s, id)));
        ++row;
    }
    if (n > rows && rows > 0) {
        p.setPen(theme::muted(pal));
        text.draw(p, QRectF(g.workItems.left() + 8, top + (rows - 1) * lh, g.workItems.width() - 12, lh),
                  Qt::AlignLeft | Qt::AlignVCenter, tr("… +%1 more").arg(n - rows + 1));
    }
}

void ProcessDiagramPainter::paintManager(QPainter& p, const ProcessDiagramGeometry& g, const SceneState& s)
{
    const QFontMetricsF fm(m_look.font());
    QRectF text = g.manager.adjusted(6, fm.height() * 1.5, -6, 0);
    // Above the chips it holds (processChips stacks them from the bottom).
    const int held = std::min<int>(6, static_cast<int>(s.atManager().size()));
    text.setBottom(g.manager.bottom() - 4 - held * (m_look.chipSize().height() + 4));
    p.setPen(theme::muted(m_look.palette()));
    // Short lines: the box is narrow.
    QString line;
    if (s.managerStarted()) {
        if (s.managerWaiting()) {
            // What it waits on, one per line; just "poll()" in a box too short for them.
            line = tr("poll():\nresult pipe\nwakeup pipe\n%n sentinel(s)", nullptr,
                      static_cast<int>(s.workers().size()));
            const QRectF need = fm.boundingRect(text, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, line);
            if (need.height() > text.height() + 0.5 || need.width() > text.width() + 0.5)
                line = tr("poll()");
        } else if (s.managerWakeReason() < 0)
            line = tr("running");
        else {
            const QString why =
                s.managerWakeReason() == static_cast<std::int64_t>(WakeReason::Result)   ? tr("a result")
                : s.managerWakeReason() == static_cast<std::int64_t>(WakeReason::Wakeup) ? tr("submit()")
                : s.managerWakeReason() == static_cast<std::int64_t>(WakeReason::Sentinel)
                    ? tr("a process ended")
                    : tr("worker events");
            line = tr("woken by:") + QStringLiteral("\n") + why;
            const QRectF need = fm.boundingRect(text, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, line);
            if (need.height() > text.height() + 0.5 || need.width() > text.width() + 0.5)
                line = why; // the reason alone in a short box
        }
    } else {
        line = tr("not started");
    }
    // Whole or not at all: the chips it holds say what it does too.
    const QRectF need = fm.boundingRect(text, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, line);
    if (need.height() <= text.height() + 0.5 && need.width() <= text.width() + 0.5)
        m_look.text().drawWrapped(p, text, Qt::AlignLeft | Qt::AlignTop, line);
}

void ProcessDiagramPainter::paintQueueSlots(QPainter& p, const ProcessDiagramGeometry& g,
                                            const DiagramInput& in)
{
    // The call queue with every slot drawn (max_workers + EXTRA_QUEUED_CALLS), then the result queue's.
    const SceneState& s = in.scene;
    const QPalette& pal = m_look.palette();
    const int cap = s.callQueueCapacity();
    for (int i = 0; i < std::min(cap, g.callSlots.capacity()); ++i) {
        const bool used = i < static_cast<int>(s.callQueue().size());
        p.setPen(QPen(theme::boxBorder(pal), theme::lineWidth(1), used ? Qt::SolidLine : Qt::DotLine));
        QColor f = theme::tint(theme::Tint::InPipe);
        f.setAlphaF(0.25f);
        p.setBrush(used ? QBrush(f) : Qt::NoBrush);
        p.drawRoundedRect(g.callSlots.cellRect(i), 4, 4);
    }
    m_look.overflow(p, g.callSlots, g.callSlots.capacity() - 1, in.overflow.callQueue);
    for (int i = 0; i < g.resultSlots.capacity() && i < cap; ++i) {
        p.setPen(QPen(theme::boxBorder(pal), theme::lineWidth(1), Qt::DotLine));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(g.resultSlots.cellRect(i), 4, 4);
    }
}

} // namespace poolscope::ui
