#pragma once
// The animated executor diagram: ThreadPoolExecutor (caller, work queue,
// threads, GIL, futures) or ProcessPoolExecutor laid out like the ASCII
// diagram in CPython's process.py. Geometry and chip positions come from
// diagramlayout.h; this widget only paints them and turns clicks into
// selections on the controller.

#include "ui/diagram/diagramlayout.h"
#include "ui/diagram/textcache.h"

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

public Q_SLOTS:
    void onFrame(const poolscope::ui::FrameBatch& batch);
    void onReset();

Q_SIGNALS:
    void killWorkerRequested(int pid);

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
    QSizeF chipSize() const;
    void updateFonts();
    const QPixmap& chipBackground(const QColor& fill, bool selected, QSizeF size);

    void paintThread(QPainter& p, std::int64_t now);
    void paintProcess(QPainter& p, std::int64_t now);
    void paintCommonTitle(QPainter& p, const QRectF& title, const QString& name);
    void paintCaller(QPainter& p, const QRectF& box, const QRectF& textRect, const QRectF& futuresBox,
                     const CellGrid& grid, std::int64_t now);
    void paintFutures(QPainter& p, const QRectF& box, const CellGrid& grid, std::int64_t now);
    void paintChips(QPainter& p, std::int64_t now);
    void paintChip(QPainter& p, const ChipView& v, QSizeF size);
    void paintWorkerBox(QPainter& p, const QRectF& r, const WorkerRecord* w, int slot, bool compact,
                        bool process, std::int64_t now);
    void paintLegend(QPainter& p, const QRectF& r, bool process);
    void paintBroken(QPainter& p);
    void paintBox(QPainter& p, const QRectF& r, const QString& title, const QString& subtitle = {});
    void paintArrow(QPainter& p, QPointF from, QPointF to, const QString& label = {}, bool twoWay = false);
    void paintOverflow(QPainter& p, const CellGrid& grid, int shownSlots, int overflow);
    QString taskLabel(std::int64_t task) const;
    QString workerStateText(const WorkerRecord& w, bool process) const;

    RunController* m_controller;
    ThreadDiagramGeometry m_tg;
    ProcessDiagramGeometry m_pg;
    PoolKind m_layoutPool = PoolKind::Thread;
    int m_layoutWorkers = -1;
    int m_layoutFutures = -1;
    int m_layoutCapacity = -1;
    ChipOverflow m_overflow;
    ChipAnimator m_anim;
    std::vector<ChipView> m_drawn;
    std::unordered_map<std::int64_t, std::int64_t> m_flash; // task -> when its future resolved (wall ns)
    QTimer m_animTimer;
    // The GIL token glides between threads.
    bool m_gilValid = false;
    QPointF m_gil;
    QPointF m_gilFrom;
    QPointF m_gilTo;
    std::int64_t m_gilMoveStart = 0;
    std::int64_t m_displayNow = 0; // run time shown (frozen while paused)
    // Static layer (boxes, titles, arrows, legend), redrawn only on layout changes.
    QPixmap m_background;
    bool m_staticLayer = false;
    std::int64_t m_lastPaintNs = 0;
    TextCache m_text;
    std::unordered_map<quint64, QPixmap> m_chipPixmaps;
    QFont m_boldFont;
    QFont m_smallFont;
    QSizeF m_chipSize;
};

} // namespace poolscope::ui
