#pragma once
// ProcessPoolExecutor's diagram, laid out like the ASCII diagram in CPython's
// process.py: the caller and its futures, Work Ids and Work Items, the manager
// thread, the call queue and result queue with their pipes across the process
// boundary, and the worker processes.

#include "ui/diagram/pooldiagramparts.h"

namespace poolscope::ui {

class ProcessDiagramPainter : private PoolDiagramParts
{
    Q_DECLARE_TR_FUNCTIONS(poolscope::ui::DiagramView)
public:
    explicit ProcessDiagramPainter(DiagramPainter& look) : PoolDiagramParts(look) {}
    // The geometry for `size` with this font and language (the arrows' labels get their room,
    // a broken pool its banner).
    ProcessDiagramGeometry layout(QSizeF size, const SceneState& scene, int futures);

    void paintBackground(QPainter& p, const ProcessDiagramGeometry& g, const DiagramInput& in);
    void paintForeground(QPainter& p, const ProcessDiagramGeometry& g, const DiagramInput& in);

    // Top of the Work Items list's first row, and a row's height (hit-testing uses them too).
    double workItemsTop(const ProcessDiagramGeometry& g) const;
    double workItemHeight() const;

private:
    void paintWorkItems(QPainter& p, const ProcessDiagramGeometry& g, const SceneState& s);
    void paintManager(QPainter& p, const ProcessDiagramGeometry& g, const SceneState& s);
    void paintQueueSlots(QPainter& p, const ProcessDiagramGeometry& g, const DiagramInput& in);
    void paintPipe(QPainter& p, const QRectF& r, const QString& label, bool labelAbove);
};

} // namespace poolscope::ui
