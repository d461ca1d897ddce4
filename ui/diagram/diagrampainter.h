#pragma once
// The look both executor diagrams share: fonts, the chip size, boxes, arrows,
// headings, chips, the legend and the broken-pool banner, with the caches that
// keep a busy frame cheap (QStaticText for repeated text, a pixmap per chip tint).
// Parts come in two passes: the background (frames, titles, arrows: drawn once
// per layout into a cached pixmap) and the foreground (live counts, states and
// chips, every frame).

#include "ui/diagram/diagramlayout.h"
#include "ui/diagram/textcache.h"

#include <QCoreApplication>
#include <QFont>
#include <QPixmap>

#include <unordered_map>

class QWidget;

namespace poolscope::ui {

class FutureFlashes;
struct RunSpec;

// What one paint reads besides the geometry: the scene and the view state.
struct DiagramInput
{
    const SceneState& scene;
    const RunSpec& spec;
    bool finished = false; // the run ended: the caller left the with-block
    std::int64_t selectedTask = -1;
    std::int64_t now = 0;        // wall clock (ns): flashes and glides
    std::int64_t displayNow = 0; // run time shown (frozen while paused)
    const ChipOverflow& overflow;
    const FutureFlashes& flashes;
};

class DiagramPainter
{
    // Every diagram string keeps DiagramView's translation context.
    Q_DECLARE_TR_FUNCTIONS(poolscope::ui::DiagramView)
public:
    explicit DiagramPainter(const QWidget& widget);

    // Fonts and the chip size follow the widget's font.
    void updateFonts();
    // After a font or palette change: text laid out and chips tinted anew.
    void clearText() { m_text.clear(); }
    void clearChipBackgrounds() { m_chipPixmaps.clear(); }

    QSizeF chipSize() const { return m_chipSize; }
    // A line of diagram text in the language shown: the layouts space lines by it.
    double lineHeight() const { return m_lineHeight; }
    // The least room between two boxes for an arrow carrying any of `labels`.
    double arrowGap(const QStringList& labels);
    // The least width of a box whose title is any of `titles`, whole.
    double boxWidthFor(const QStringList& titles);
    // Lines the broken-pool banner needs across `width` (0: the pool is not broken).
    int bannerLines(const SceneState& scene, double width) const;
    const QFont& font() const;
    const QFont& boldFont() const { return m_boldFont; }
    const QFont& smallFont() const { return m_smallFont; }
    const QPalette& palette() const;
    TextCache& text() { return m_text; }
    // While set (the window's probes, DiagramView::textsAt), a worker's name that its box shortens to
    // the bare number counts as cut, so the window sizes the diagram for the names where it can.
    void setNamesWhole(bool on) { m_namesWhole = on; }
    bool namesWhole() const { return m_namesWhole; }
    // While set (the probes too), a worker box's state or counters left out for want of room count as
    // cut, so the window and presenter mode give the boxes the room for every line.
    void setLinesWhole(bool on) { m_linesWhole = on; }
    // Between two future cells: both dashed outlines (FutureCellSprites::pendingPen) and a line's width
    // of air, so they never read as one (presenter mode's doubled lines need twice the room).
    static double cellGap();
    bool linesWhole() const { return m_linesWhole; }

    // A box: frame and title in the background, its live count right of the title in the foreground.
    void boxFrame(QPainter& p, const QRectF& r, const QString& title);
    void boxCount(QPainter& p, const QRectF& r, const QString& title, const QString& count);
    // ... the first of `counts` (longest first) that fits whole; none if none does.
    void boxCount(QPainter& p, const QRectF& r, const QString& title, const QStringList& counts);
    // Background: an arrow with an optional label above its middle.
    void arrow(QPainter& p, QPointF from, QPointF to, const QString& label = {}, bool twoWay = false);
    // Background: set_result() back to the futures, down from (x, top) and left to the caller.
    void returnLane(QPainter& p, const QRectF& lane, double x, double top, double callerRight);
    // Background: a bold heading over a column of boxes.
    void heading(QPainter& p, const QRectF& r, const QString& text);
    // The executor's name (background) and the live totals right of it (foreground).
    void title(QPainter& p, const QRectF& r, const QString& name);
    void titleCounts(QPainter& p, const QRectF& r, const QString& name, const SceneState& scene);
    // Background: the tints and what they mean.
    void legend(QPainter& p, const QRectF& r, bool process);
    // Foreground: "+N more" on the last visible slot of a queue.
    void overflow(QPainter& p, const CellGrid& grid, int shownSlots, int overflow);
    void chips(QPainter& p, const std::vector<ChipView>& chips, const SceneState& scene,
               std::int64_t selectedTask);
    // Foreground: the red frame round `all` and the exception of a broken pool in `band` (the
    // legend's place: under the boxes, hiding none).
    void brokenBanner(QPainter& p, const QRectF& all, const QRectF& band, const SceneState& scene);

    static QString taskLabel(const SceneState& scene, std::int64_t task);

private:
    const QPixmap& chipBackground(const QColor& fill, bool selected, QSizeF size);
    void chip(QPainter& p, const ChipView& v, QSizeF size, const SceneState& scene,
              std::int64_t selectedTask);

    const QWidget& m_widget;
    TextCache m_text;
    std::unordered_map<quint64, QPixmap> m_chipPixmaps;
    QFont m_boldFont;
    QFont m_smallFont;
    QSizeF m_chipSize;
    double m_lineHeight = 0;
    bool m_namesWhole = false;
    bool m_linesWhole = false;
};

} // namespace poolscope::ui
