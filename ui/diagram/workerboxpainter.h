#pragma once
// A worker's box, a thread's or a process's: its name (thread index or pid),
// its state (running, waiting for the GIL, killed by a signal, ...), the tasks
// it has done and for how long it has run the current one.

#include "ui/diagram/diagrampainter.h"

namespace poolscope::ui {

class WorkerBoxPainter
{
    Q_DECLARE_TR_FUNCTIONS(poolscope::ui::DiagramView)
public:
    explicit WorkerBoxPainter(DiagramPainter& look) : m_look(look) {}

    // The least width of a box that shows its name whole beside a running task's chip: the widest of
    // the scene's names and a five-digit pid (Linux's default pid_max is 32768).
    double leastWidth(const SceneState& scene, bool process);
    // Background: the frames, drawn once.
    void paintFrames(QPainter& p, const std::vector<QRectF>& boxes);
    // Foreground: each box's state in `lines` lines of text (3, 2 or 1); `process` names them by pid.
    void paintStates(QPainter& p, const std::vector<QRectF>& boxes, int lines, bool process,
                     const DiagramInput& in);

private:
    void paintState(QPainter& p, const QRectF& r, const WorkerRecord* w, int slot, int lines, bool process,
                    std::int64_t displayNow);
    static QString stateText(const WorkerRecord& w, bool process);
    static QString name(const WorkerRecord* w, int slot, bool process);

    DiagramPainter& m_look;
};

} // namespace poolscope::ui
