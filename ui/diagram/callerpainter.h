#pragma once
// The caller's box, the same in both diagrams: the main thread's status
// (submitting, blocked in result(), the exception it saw) and the grid of the
// futures it holds, which flash as they resolve.

#include "ui/diagram/diagrampainter.h"
#include "ui/diagram/futurecells.h"

namespace poolscope::ui {

// Where the caller's parts are in either diagram's geometry.
struct CallerGeometry
{
    const QRectF& box;
    const QRectF& text;
    const QRectF& futuresBox;
    const CellGrid& futures;
};

class CallerPainter
{
    Q_DECLARE_TR_FUNCTIONS(poolscope::ui::DiagramView)
public:
    explicit CallerPainter(DiagramPainter& look) : m_look(look) {}

    void paintBackground(QPainter& p, const CallerGeometry& g);
    // `reserved`: where the GIL token sits in the caller's box while the main thread holds it
    // (empty: nowhere); "main thread" keeps clear of it.
    void paintForeground(QPainter& p, const CallerGeometry& g, const DiagramInput& in,
                         const QRectF& reserved = {});

private:
    void paintSubtitle(QPainter& p, const CallerGeometry& g, const QRectF& reserved);
    QString status(const DiagramInput& in, bool* error) const;
    // `status`, or the call it names when the sentence does not fit `r` whole.
    QString fitted(const QString& status, const QRectF& r) const;
    void paintFutures(QPainter& p, const QRectF& box, const CellGrid& grid, const DiagramInput& in);

    DiagramPainter& m_look;
    FutureLabelCache m_labels;
    FutureCellSprites m_cells;
};

} // namespace poolscope::ui
