#pragma once
// The animated executor diagram: ThreadPoolExecutor (caller, work queue,
// threads, GIL, futures) or ProcessPoolExecutor laid out like the ASCII
// diagram in CPython's process.py. Geometry and chip positions come from
// diagramlayout.h, motion from chipanimator.h, pixels from the painters; this
// widget keeps them in step with the run, caches the static layer and turns
// clicks into selections on the controller.

#include "ui/diagram/chipanimator.h"
#include "ui/diagram/diagramlayout.h"
#include "ui/diagram/diagrampainter.h"
#include "ui/diagram/futureflashes.h"
#include "ui/diagram/processdiagrampainter.h"
#include "ui/diagram/threaddiagrampainter.h"

#include <QPixmap>
#include <QTimer>
#include <QWidget>

namespace poolscope::ui {

class RunController;

class DiagramView : public QWidget
{
    Q_OBJECT
public:
    explicit DiagramView(RunController* controller, QWidget* parent = nullptr);

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

    // Task under a point (a chip, a future cell or a worker's current task), or -1.
    std::int64_t taskAt(QPointF p) const;
    // Worker under a point (pid or thread index), or 0.
    std::int32_t workerAt(QPointF p) const;
    // Chips drawn in the last paint (tests and hit-testing).
    const std::vector<ChipView>& drawnChips() const noexcept { return m_drawn; }
    // How long the last paint took (the render benchmark reports it).
    std::int64_t lastPaintNs() const noexcept { return m_lastPaintNs; }
    // The diagram as it stands at the cursor, chips settled, drawn without the cached layer
    // (File ▸ Export: an SVG keeps its boxes and arrows as vectors).
    void paintTo(QPainter& p);
    // Every text the diagram draws for the scene at the cursor when laid out at `size`, chips
    // settled (the window-fit test reads them; neededWidth() probes with them).
    std::vector<DrawnText> textsAt(QSizeF size);
    // Where each future cell the caller's grid shows inks, its outline's pen included, as laid out
    // now (the fit tests check that they keep apart).
    std::vector<QRectF> futureCellInks() const;
    // The least width at which the scene at the cursor draws every text whole at `height`: what
    // the window gives the diagram before its docks (ui/shell/windowfit.h).
    int neededWidth(int height);
    // ... and the least height at `width` at which every text is whole, inside and over no other
    // (presenter mode gives the diagram that before the timeline), or 0 if none up to `most`.
    int neededHeight(int width, int most);

public Q_SLOTS:
    void onFrame(const poolscope::ui::FrameBatch& batch);
    void onReset();

Q_SIGNALS:
    void killWorkerRequested(int pid);
    // The scene changed what the layout depends on (pool, workers, futures, a broken pool's banner):
    // what the diagram needs may have changed (presenter mode asks again).
    void needChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool event(QEvent* event) override;

private:
    void relayout();
    void retarget();
    void tick();
    DiagramInput input(std::int64_t now) const;

    RunController* m_controller;
    ThreadDiagramGeometry m_tg;
    ProcessDiagramGeometry m_pg;
    PoolKind m_layoutPool = PoolKind::Thread;
    int m_layoutWorkers = -1;
    int m_layoutFutures = -1;
    int m_layoutCapacity = -1;
    bool m_layoutBroken = false; // a broken pool's banner takes the legend's band
    ChipOverflow m_overflow;
    ChipAnimator m_anim;
    TokenGlide m_gil; // the GIL token glides between threads
    FutureFlashes m_flashes;
    std::vector<ChipView> m_drawn;
    QTimer m_animTimer;
    // Static layer (boxes, titles, arrows, legend), redrawn only on layout changes.
    QPixmap m_background;
    std::int64_t m_lastPaintNs = 0;
    DiagramPainter m_look; // before the painters, which share it
    ThreadDiagramPainter m_thread;
    ProcessDiagramPainter m_process;
};

} // namespace poolscope::ui
