#include "ui/diagram/callerpainter.h"

#include "ui/diagram/futureflashes.h"
#include "ui/run/runsession.h"
#include "ui/shell/theme.h"

#include <QPainter>
#include <QRegularExpression>

namespace poolscope::ui {

void CallerPainter::paintBackground(QPainter& p, const CallerGeometry& g)
{
    m_look.boxFrame(p, g.box, tr("Caller"));
    m_look.boxFrame(p, g.futuresBox, tr("Futures"));
}

void CallerPainter::paintSubtitle(QPainter& p, const CallerGeometry& g, const QRectF& reserved)
{
    // "main thread" sits where a subtitle would, left of the GIL token when the main thread holds
    // it (drawn with the foreground: the token comes and goes).
    const QFontMetricsF fm(m_look.font());
    QRectF head(g.box.left() + 6, g.box.top() + 2, g.box.width() - 12, fm.height() * 1.4);
    if (!reserved.isEmpty() && reserved.intersects(head))
        head.setRight(std::min(head.right(), reserved.left() - 4));
    const double tw = QFontMetricsF(m_look.boldFont()).horizontalAdvance(tr("Caller")) + 8;
    p.setPen(theme::muted(m_look.palette()));
    // Only when it fits whole: "main…" would say nothing (the token says who holds the GIL).
    if (m_look.text().width(p.font(), tr("main thread")) <= head.width() - tw)
        m_look.text().draw(p, head.adjusted(tw, 0, 0, 0), Qt::AlignRight | Qt::AlignVCenter,
                           tr("main thread"));
}

QString CallerPainter::status(const DiagramInput& in, bool* error) const
{
    const SceneState& s = in.scene;
    const Scenario& sc = in.spec.scenario;
    *error = false;
    if (!s.callerErrorType().empty()) {
        // CPython's map() and result() raise a bare TimeoutError: no message, no colon.
        QString status = QString::fromStdString(s.callerErrorType());
        if (!s.callerErrorText().empty())
            status += QStringLiteral(": ") + QString::fromStdString(s.callerErrorText());
        *error = true;
        return status;
    }
    if (in.finished)
        return tr("left the with-block");
    if (s.shutdownStarted())
        return tr("shutdown(wait=%1, cancel_futures=%2)")
            .arg(s.shutdownWait() ? QStringLiteral("True") : QStringLiteral("False"),
                 s.shutdownCancelFutures() ? QStringLiteral("True") : QStringLiteral("False"));
    if (s.callerGilWaiting())
        return tr("waiting for the GIL");
    if (s.callerInWaiter())
        return sc.submit == "wait" ? tr("blocked in wait()") : tr("iterating as_completed()");
    if (s.callerWaiting())
        return tr("blocked in result()");
    if (s.submitted() > 0 && s.submitted() < sc.tasks)
        return sc.submit == "map" ? tr("map(): submitting") : tr("submit()…");
    if (s.submitted() > 0)
        return tr("%1 submitted").arg(s.submitted());
    return tr("ready");
}

QString CallerPainter::fitted(const QString& status, const QRectF& r) const
{
    // A narrow caller box: the call alone ("as_completed()") rather than a cut sentence.
    const QFontMetricsF fm(m_look.font());
    const int flags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;
    const auto fits = [&](const QString& s) {
        const QRectF need = fm.boundingRect(r, flags, s);
        return need.height() <= r.height() + 0.5 && need.width() <= r.width() + 0.5;
    };
    if (fits(status))
        return status;
    static const QRegularExpression call(QStringLiteral("[A-Za-z_]+\\([^)]*\\)"));
    const QRegularExpressionMatch m = call.match(status);
    if (m.hasMatch() && fits(m.captured()))
        return m.captured();
    QString bare =
        m.hasMatch() ? m.captured().section(QLatin1Char('('), 0, 0) + QStringLiteral("()") : QString();
    if (!bare.isEmpty() && fits(bare))
        return bare; // "shutdown()": the arguments show in the event log
    if (status == tr("left the with-block") && fits(tr("finished")))
        return tr("finished");
    return status;
}

void CallerPainter::paintForeground(QPainter& p, const CallerGeometry& g, const DiagramInput& in,
                                    const QRectF& reserved)
{
    paintSubtitle(p, g, reserved);
    bool error = false;
    const QString text = status(in, &error);
    p.setPen(error ? theme::brokenOn(m_look.palette()) : m_look.palette().color(QPalette::WindowText));
    m_look.text().drawWrapped(p, g.text, Qt::AlignLeft | Qt::AlignTop, fitted(text, g.text));
    paintFutures(p, g.futuresBox, g.futures, in);
}

void CallerPainter::paintFutures(QPainter& p, const QRectF& box, const CellGrid& grid, const DiagramInput& in)
{
    const SceneState& s = in.scene;
    const FuturesWindow w = futuresWindow(s, grid.capacity(), grid.cols);
    const QPalette& pal = m_look.palette();
    TextCache& text = m_look.text();
    QString subtitle = QString::number(s.submitted());
    if (w.count < s.order().size())
        subtitle = QStringLiteral("%1–%2 / %3").arg(w.first).arg(w.first + w.count - 1).arg(s.order().size());
    m_look.boxCount(p, box, tr("Futures"), subtitle);
    // The numbers' font follows the cell size and the longest number: chosen again only when they change.
    const FutureLabelFit& fit = m_labels.get(grid.cell, static_cast<std::int64_t>(s.order().size()),
                                             m_look.boldFont(), m_look.smallFont());
    const bool withText = fit.withText;
    // Cells too low for a number (thousands of futures): plain rectangles, no antialiasing. Not by a
    // fixed height: a diagram fitted to a small font has low cells that still hold their numbers.
    const bool small = !withText;
    if (small)
        p.setRenderHint(QPainter::Antialiasing, false);
    p.setFont(fit.font);
    const QColor boxFill = theme::boxFill(pal);
    const QColor pendingText = theme::muted(pal);
    // The common numbered cells are blitted whole (their number drawn into their pixmap once); while
    // the layout tests record the texts, every number is drawn as it is noted.
    const bool numberSprites = withText && !text.recording();
    m_cells.nextFrame();
    for (std::size_t i = 0; i < w.count; ++i) {
        const std::int64_t id = s.order()[w.first + i];
        const TaskRecord* t = s.task(id);
        if (!t)
            continue;
        const QRectF r = grid.cellRect(static_cast<int>(i));
        const bool selected = id == in.selectedTask;
        // A future without its number: the fit tests and the compare pane's font fit see it.
        if (!withText && text.recording())
            text.omit(r, QString::number(t->index));
        if (t->done()) {
            QColor fill = theme::tint(theme::tintOf(*t));
            const double glow = in.flashes.glow(id, in.now);
            if (glow > 0)
                fill = fill.lighter(100 + static_cast<int>(90 * glow));
            if (small && !selected) {
                p.fillRect(r, fill);
                continue;
            }
            const auto mark = t->final == FutureFinal::Result      ? u'✓'
                              : t->final == FutureFinal::Exception ? u'✗'
                                                                   : u'⊘';
            if (numberSprites && !selected && glow <= 0) {
                m_cells.drawDoneNumbered(p, r, fill, boxFill, FutureNumber{t->index, mark}, fit.font, text);
                continue;
            }
            // The common cell is one pixmap per tint; the selected and glowing ones are drawn as they are.
            QColor textColor;
            if (selected || glow > 0) {
                FutureCellSprites::paintDone(
                    p, r, fill,
                    selected ? QPen(pal.color(QPalette::Highlight), theme::lineWidth(3))
                             : QPen(pal.color(QPalette::WindowText), theme::lineWidth(2)));
                textColor = theme::textOn(fill);
            } else {
                textColor = m_cells.drawDone(p, r, fill, boxFill);
            }
            if (withText) {
                p.setPen(textColor);
                text.draw(p, r, Qt::AlignCenter, FutureNumber{t->index, mark}.text());
                text.inkWithin(r);
            }
        } else {
            // Pending future: an empty slot waiting to be filled, outlined in its task's tint.
            const QColor tint = theme::tint(theme::tintOf(*t));
            if (small && !selected) {
                p.setPen(m_cells.edgeOf(tint, boxFill));
                p.setBrush(Qt::NoBrush);
                p.drawRect(r.adjusted(0, 0, -1, -1));
                continue;
            }
            if (numberSprites && !selected) {
                m_cells.drawPendingNumbered(p, r, tint, boxFill, pendingText, FutureNumber{t->index, 0},
                                            fit.font, text);
                continue;
            }
            if (selected)
                FutureCellSprites::paintPending(p, r,
                                                QPen(pal.color(QPalette::Highlight), theme::lineWidth(3)));
            else // the common cell, dashed: one pixmap per tint
                m_cells.drawPending(p, r, tint, boxFill);
            if (withText) {
                p.setPen(pendingText);
                text.draw(p, r, Qt::AlignCenter, QString::number(t->index));
                text.inkWithin(r);
            }
        }
    }
    p.setFont(m_look.font());
    p.setRenderHint(QPainter::Antialiasing, true);
}

} // namespace poolscope::ui
