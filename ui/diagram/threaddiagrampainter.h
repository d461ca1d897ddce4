#pragma once
// ThreadPoolExecutor's diagram: the caller and its futures, the work queue
// (a SimpleQueue the chips line up in), the worker threads and the GIL token.

#include "ui/diagram/pooldiagramparts.h"

namespace poolscope::ui {

class ThreadDiagramPainter : private PoolDiagramParts
{
    Q_DECLARE_TR_FUNCTIONS(poolscope::ui::DiagramView)
public:
    explicit ThreadDiagramPainter(DiagramPainter& look) : PoolDiagramParts(look) {}
    // The geometry for `size` with this font and language (the arrows' labels get their room,
    // a broken pool its banner).
    ThreadDiagramGeometry layout(QSizeF size, const SceneState& scene, int futures);

    void paintBackground(QPainter& p, const ThreadDiagramGeometry& g, const DiagramInput& in);
    // `gil`: where the GIL token is drawn this frame.
    void paintForeground(QPainter& p, const ThreadDiagramGeometry& g, const DiagramInput& in, QPointF gil);

private:
    struct Rows
    {
        QRectF queueTop;    // "get() ↑"
        QRectF queueBottom; // "put() ↓"
        QRectF threadsHead; // over the worker threads
    };
    Rows rows(const ThreadDiagramGeometry& g) const;
};

} // namespace poolscope::ui
