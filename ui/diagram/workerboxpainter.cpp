#include "ui/diagram/workerboxpainter.h"

#include "ui/shell/theme.h"

#include <QPainter>

namespace poolscope::ui {

namespace {
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
} // namespace

QString WorkerBoxPainter::stateText(const WorkerRecord& w, bool process)
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

QString WorkerBoxPainter::name(const WorkerRecord* w, int slot, bool process)
{
    return process ? (w ? tr("pid %1").arg(w->id) : tr("process %1").arg(slot + 1))
                   : tr("thread %1").arg(w ? w->id : slot + 1);
}

double WorkerBoxPainter::leastWidth(const SceneState& scene, bool process)
{
    TextCache& text = m_look.text();
    const QFont& bold = m_look.boldFont();
    double w = text.width(bold, process ? tr("pid %1").arg(99999) : name(nullptr, scene.maxWorkers(), false));
    for (int i = 0; i < std::max(1, scene.maxWorkers()); ++i) {
        const auto& workers = scene.workers();
        const auto k = static_cast<std::size_t>(i);
        w = std::max(w, text.width(bold, name(k < workers.size() ? &workers[k] : nullptr, i, process)));
    }
    // paintState's margins: 10 px left, the chip and 12 px on the right.
    return 10 + w + m_look.chipSize().width() + 12;
}

void WorkerBoxPainter::paintFrames(QPainter& p, const std::vector<QRectF>& boxes)
{
    // The frame is static; state shows as a coloured stripe and text on top.
    const QPalette& pal = m_look.palette();
    for (const QRectF& r : boxes) {
        p.setPen(QPen(theme::boxBorder(pal), theme::lineWidth(1.2)));
        p.setBrush(theme::boxFill(pal));
        p.drawRoundedRect(r, 5, 5);
    }
}

void WorkerBoxPainter::paintStates(QPainter& p, const std::vector<QRectF>& boxes, int lines, bool process,
                                   const DiagramInput& in)
{
    const std::vector<WorkerRecord>& workers = in.scene.workers();
    for (std::size_t i = 0; i < boxes.size(); ++i)
        paintState(p, boxes[i], i < workers.size() ? &workers[i] : nullptr, static_cast<int>(i), lines,
                   process, in.displayNow);
}

void WorkerBoxPainter::paintState(QPainter& p, const QRectF& r, const WorkerRecord* w, int slot, int lines,
                                  bool process, std::int64_t displayNow)
{
    const QPalette& pal = m_look.palette();
    TextCache& text = m_look.text();
    if (!w || w->state == WorkerState::Exited || w->state == WorkerState::Killed) {
        // Not started yet (threads start on demand) or gone: a dashed, hollow box.
        p.setRenderHint(QPainter::Antialiasing, false);
        p.fillRect(r.adjusted(1, 1, -1, -1), pal.color(QPalette::Window));
        p.setPen(QPen(w && w->state == WorkerState::Killed ? theme::brokenOn(pal) : theme::boxBorder(pal),
                      theme::lineWidth(1), w ? Qt::SolidLine : Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r.adjusted(1, 1, -2, -2));
        p.setRenderHint(QPainter::Antialiasing, true);
    } else if (w->state == WorkerState::Running || w->state == WorkerState::GilWait) {
        p.fillRect(
            QRectF(r.left() + 1.5, r.top() + 3, 5, r.height() - 6),
            theme::tint(w->state == WorkerState::Running ? theme::Tint::Running : theme::Tint::GilWait));
    }

    const QString name = WorkerBoxPainter::name(w, slot, process);
    const QString state = w ? stateText(*w, process) : tr("not started");
    const bool busy =
        w && w->task >= 0 && (w->state == WorkerState::Running || w->state == WorkerState::GilWait);
    const double chipRoom = m_look.chipSize().width() + 12;
    // Only a busy worker shows its task's chip on the right; otherwise the text may use the room.
    const QRectF box = r.adjusted(10, 2, busy ? -chipRoom : -6, -2);
    // The counters: tasks done, and for how long the current one has run (or the signal that ended it).
    QString counters;
    if (w)
        counters = busy ? tr("done %1 · %2")
                              .arg(w->tasksDone)
                              .arg(ms(displayNow > w->since ? displayNow - w->since : 0))
                   : w->state == WorkerState::Killed && w->exitCode < 0
                       ? tr("done %1 · %2").arg(w->tasksDone).arg(signalName(-w->exitCode))
                       : tr("done %1").arg(w->tasksDone);
    const QColor stateColour =
        w && w->state == WorkerState::Killed ? theme::brokenOn(pal) : pal.color(QPalette::WindowText);
    const double lh = lines > 1 ? box.height() / lines : box.height();
    // In three lines the chip (centred in the box) stays beside the state's line: the name and the
    // counters above and below it may take the box's whole width.
    const bool besideChipOnly = busy && lines >= 3 && m_look.chipSize().height() / 2 <= lh / 2 + 2;
    const QRectF wide = besideChipOnly ? QRectF(box.left(), box.top(), r.right() - 6 - box.left(), lh)
                                       : QRectF(box.left(), box.top(), box.width(), lh);
    const QRectF first = wide;
    // The name always; what follows on a line only when it fits whole (the stripe and the chip
    // still say it): a box never shows "exited · d…".
    p.setPen(pal.color(QPalette::WindowText));
    p.setFont(m_look.boldFont());
    // A narrow box: the pid or thread number alone (for the window's probes, the name left out).
    const QString shown =
        text.fitting(p.font(), first.width(), {name, QString::number(w ? w->id : slot + 1)});
    const bool named = text.drawWhole(p, first, Qt::AlignLeft | Qt::AlignVCenter, shown);
    if (m_look.namesWhole() && (!named || shown != name))
        text.omit(first, name);
    const double nameW = named ? text.width(p.font(), shown) + 8 : 0;
    p.setFont(m_look.font());
    // Counters change every frame: measured, not cached. A line left out for want of room is
    // recorded as cut (TextCache::omit) where the probes ask for every line.
    const QFontMetricsF fm(p.font());
    const auto leftOut = [&](const QRectF& row, const QString& s) {
        if (m_look.linesWhole())
            text.omit(row, s);
    };
    const auto counterLine = [&](const QRectF& row, const QString& s) {
        if (fm.horizontalAdvance(s) > row.width()) {
            leftOut(row, s);
            return false;
        }
        text.drawVolatile(p, row, Qt::AlignLeft | Qt::AlignVCenter, s);
        return true;
    };
    const auto stateLine = [&](const QRectF& row) {
        p.setPen(stateColour);
        if (text.drawWhole(p, row, Qt::AlignLeft | Qt::AlignVCenter, state))
            return true;
        leftOut(row, state);
        return false;
    };
    const QString sep = QStringLiteral(" · ");
    QRectF stateRow(box.left(), box.top() + lh, box.width(), lh); // where the state went
    if (lines >= 3) {
        stateLine(stateRow);
        p.setPen(theme::muted(pal));
        if (w)
            counterLine(wide.translated(0, 2 * lh), counters);
    } else {
        // Two lines: name and state, then the counters; or, where the state does not fit beside the
        // name ("pid 19855 terminated"), the name alone, then the state and the counters. One line:
        // all three while they fit.
        const QRectF afterName = first.adjusted(nameW, 0, 0, 0);
        const QRectF second = first.translated(0, lh);
        p.setPen(stateColour);
        bool stateShown = text.drawWhole(p, afterName, Qt::AlignLeft | Qt::AlignVCenter, state);
        stateRow = afterName;
        if (stateShown) {
            p.setPen(theme::muted(pal));
            if (w && lines == 2)
                counterLine(second, counters);
            else if (w)
                counterLine(afterName.adjusted(text.width(p.font(), state) + 6, 0, 0, 0),
                            QStringLiteral("· ") + tr("done %1").arg(w->tasksDone));
        } else if (lines == 2) {
            stateRow = second;
            stateShown = stateLine(second);
            p.setPen(theme::muted(pal));
            if (w && stateShown)
                counterLine(second.adjusted(text.width(p.font(), state), 0, 0, 0), sep + counters);
            else if (w)
                leftOut(second, counters);
        } else {
            leftOut(afterName, state);
            if (w)
                leftOut(afterName, tr("done %1").arg(w->tasksDone));
        }
    }
    if (w && w->dropRequested && lines >= 2) {
        // The GIL holder was asked to drop it: on the state's line, right of it, if there is room.
        p.setPen(pal.color(QPalette::WindowText)); // purple text would not read at 4.5:1
        const double used = stateRow.left() - box.left() + text.width(p.font(), state) + 8;
        text.drawWhole(p, QRectF(box.left() + used, stateRow.top(), box.width() - used, lh),
                       Qt::AlignRight | Qt::AlignVCenter, tr("drop request"));
    }
}

} // namespace poolscope::ui
