#pragma once
// The cells of the caller's Futures box: which font a future's number takes in a cell of a given size,
// worked out once per layout rather than every frame, and the cells' rounded outlines drawn once per
// size and tint into pixmaps (a pending future's dashed, antialiased outline cost some 100,000
// instructions a cell every frame in callgrind: most of a compare frame).

#include <QColor>
#include <QFont>
#include <QPen>
#include <QPixmap>
#include <QRectF>
#include <QSizeF>

#include <cstdint>
#include <unordered_map>

class QPainter;

namespace poolscope::ui {

// The font the futures' numbers are drawn in, for one cell size.
struct FutureLabelFit
{
    QFont font;            // the bold font, else the small one, else the small one at 0.7 times its size
    bool withText = false; // false: not even the last one fits, the cells are plain rectangles

    // A number fits a cell as high as its digits' ink and half a pixel either side, not the font's line
    // (the Chinese UI font's lines are far taller than its digits), and as wide as the longest number
    // (`futures` - 1) with its mark and a pixel either side: thousands of futures in narrow cells stay
    // plain rectangles (drawing their numbers cost the live window more than twice its frame time).
    static FutureLabelFit choose(QSizeF cell, std::int64_t futures, const QFont& bold, const QFont& small);
    // Whether `font` holds a number of `digits` digits and its mark in `cell`.
    static bool fits(QSizeF cell, int digits, const QFont& font);
    // Digits of the longest number among `futures` futures numbered from 0.
    static int digitsOf(std::int64_t futures);
};

// The last FutureLabelFit, chosen again only when the cell, the longest number's digits or a font
// changes (a layout or a font change), not on every frame.
class FutureLabelCache
{
public:
    const FutureLabelFit& get(QSizeF cell, std::int64_t futures, const QFont& bold, const QFont& small);
    // How many times get() has chosen anew (the tests read it).
    int chosen() const { return m_chosen; }

private:
    FutureLabelFit m_fit;
    QSizeF m_cell{-1, -1};
    int m_digits = -1;
    QFont m_bold;
    QFont m_small;
    int m_chosen = 0;
};

// A done future's cell (its tint, edged) and a pending one's (a dashed outline in its task's tint),
// each drawn once per cell size, device pixel ratio and colour into a pixmap and blitted after, with the
// colours worked out from the tint (the edge, the number's) kept beside it. The painter's own path for a
// cell: the same pens and corners, at the nearest device pixel.
class FutureCellSprites
{
public:
    // A done future's common cell: `fill` edged for `boxFill` (theme::edgeOn). Returns the colour its
    // number takes (theme::textOn).
    const QColor& drawDone(QPainter& p, const QRectF& r, const QColor& fill, const QColor& boxFill);
    // A pending future's common cell: dashed, in the edge of its task's `tint` for `boxFill`.
    void drawPending(QPainter& p, const QRectF& r, const QColor& tint, const QColor& boxFill);
    // theme::edgeOn(tint, boxFill), kept per tint: the plain rectangles of thousands of pending futures
    // need it too.
    const QColor& edgeOf(const QColor& tint, const QColor& boxFill);
    void clear();
    std::size_t size() const { return m_done.size() + m_pending.size(); }

    // A cell as the sprites draw it, with the pen given: also what draws the cells unlike any other
    // (the selected one, the glowing ones) straight onto the painter.
    static void paintDone(QPainter& p, const QRectF& r, const QColor& fill, const QPen& pen);
    static void paintPending(QPainter& p, const QRectF& r, const QPen& pen);
    // The pens of the common cells.
    static QPen donePen(const QColor& edge);
    static QPen pendingPen(const QColor& edge);

private:
    struct Sprite
    {
        QPixmap pixmap;
        QColor text; // a done cell's number
    };
    // Room round the cell in the pixmap for the pen's antialiased half outside it.
    static constexpr int kMargin = 2;
    static constexpr std::size_t kMaxSprites = 64; // tints are a handful; beyond this, start over
    void follow(QSizeF cell, qreal dpr);
    QPixmap blank() const;
    static quint64 key(const QColor& a, const QColor& b) { return (quint64{a.rgba()} << 32) | b.rgba(); }
    std::unordered_map<quint64, Sprite> m_done;    // key: fill and box fill
    std::unordered_map<quint64, Sprite> m_pending; // key: tint and box fill
    std::unordered_map<quint64, QColor> m_edges;   // key: tint and box fill
    QSizeF m_cell;
    qreal m_dpr = 0;
    double m_lineWidth = 0; // theme::lineWidth(1): doubled in high contrast
};

} // namespace poolscope::ui
