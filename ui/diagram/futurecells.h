#pragma once
// The cells of the caller's Futures box: which font a future's number takes in a cell of a given size,
// worked out once per layout rather than every frame, and the cells' rounded outlines drawn once per
// size and tint into pixmaps (a pending future's dashed, antialiased outline cost some 100,000
// instructions a cell every frame in callgrind: most of a compare frame), then with their numbers in them,
// laid out from the digits' glyphs rather than shaped number by number.

#include <QColor>
#include <QFont>
#include <QImage>
#include <QPen>
#include <QPixmap>
#include <QRawFont>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include <cstdint>
#include <unordered_map>
#include <vector>

class QPainter;

namespace poolscope::ui {

class TextCache;

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

// The number a cell shows: the future's index and, once it is done, its mark (✓, ✗ or ⊘; 0 while pending).
struct FutureNumber
{
    std::int64_t index = 0;
    char16_t mark = 0;
    QString text() const;
};

// A future's number laid out from its glyphs: the digits and the marks are shaped once per font, and a
// number is its glyphs side by side at their advances, centred as TextCache::draw centres a QStaticText
// of it, so no number is shaped anew (a QStaticText::prepare, some 17,000 instructions, for each number
// the first time it shows in a state: most of a compare drag's text). Used only where that is what
// shaping would give: a font whose digits kern, or a mark that does not follow its digit at their
// advance, keeps the shaped path (build() says so).
class FutureNumberGlyphs
{
public:
    // Shapes the digits and marks in `font`: false when a number is not the sum of its glyphs there.
    bool build(const QFont& font);
    bool usable() const { return m_usable; }
    // `number` centred in `r` as TextCache::draw(p, r, Qt::AlignCenter, number.text()) draws it, in the
    // painter's pen: false (nothing drawn) when unusable or when the number is wider than `r` (TextCache
    // would elide it).
    bool draw(QPainter& p, const QRectF& r, FutureNumber number) const;

private:
    struct Glyph
    {
        int font = 0; // into m_fonts
        quint32 index = 0;
        qreal advance = 0;
    };
    struct Line
    {
        qreal ascent = 0; // the baseline below the line's top
        qreal height = 0; // the QStaticText's height
    };
    static int markKind(char16_t mark);
    std::vector<QRawFont> m_fonts;
    Glyph m_digits[10];
    Glyph m_marks[3]; // ✓ ✗ ⊘
    Line m_lines[4];  // digits alone, then with each mark
    bool m_usable = false;
};

// A done future's cell (its tint, edged) and a pending one's (a dashed outline in its task's tint),
// each drawn once per cell size, device pixel ratio and colour into a pixmap and blitted after, with the
// colours worked out from the tint (the edge, the number's) kept beside it. The painter's own path for a
// cell: the same pens and corners, at the nearest device pixel.
//
// A numbered cell is one pixmap more per (cell, number): the cell's pixmap with its number drawn into it
// as the window drew it (FutureNumberGlyphs, else TextCache: the same font, centring, elision and
// colour), so a frame blits each cell once instead of drawing its text (a drawStaticText, some 9,500
// instructions a number in callgrind). The number lands where it did in a cell at a whole device pixel;
// elsewhere it moves with its cell to the nearest device pixel (under half a device pixel), as the cell's
// outline did already.
class FutureCellSprites
{
public:
    // The numbered pixmaps' bytes are bounded by kNumberBudget, whatever the number of futures: a frame
    // blits at most the grid's capacity of them (thousands of futures scroll, or are plain rectangles
    // too narrow for a number), and those cover about the futures box's own pixels (a cell's 2-pixel
    // margin mostly overlaps the gap between cells). So 16 MiB holds a frame's cells even in a box as
    // large as a whole 1920x1080 screen (8.3 MB of pixels), with room for the states they were just in.
    // When it is full, the pixmaps blitted neither in this frame nor in the last one go (a sweep, once
    // a frame at most); a cell that still finds no room is drawn as before (its cell's pixmap, then its
    // number). Keys hold the colours, so a theme change draws new pixmaps; a new font, box fill (the
    // theme), cell size, device pixel ratio or line width (high contrast) forgets the old ones at once.
    static constexpr std::size_t kNumberBudget = std::size_t{16} << 20; // bytes of pixels, per diagram
    // What a numbered pixmap costs beyond its pixels (the pixmap, its image, the map's node), counted
    // against the budget so that tiny cells do not run up thousands of headers.
    static constexpr std::size_t kNumberOverhead = 256;

    // Starts a frame: a pixmap used since is kept when the cache is full.
    void nextFrame()
    {
        ++m_frame;
        m_saturated = false;
    }
    // A done future's common cell with its number in `font` (the painter's font is left as it was).
    void drawDoneNumbered(QPainter& p, const QRectF& r, const QColor& fill, const QColor& boxFill,
                          FutureNumber number, const QFont& font, TextCache& text);
    // A pending future's common cell with its number in `font` and `textColor` (theme::muted).
    void drawPendingNumbered(QPainter& p, const QRectF& r, const QColor& tint, const QColor& boxFill,
                             const QColor& textColor, FutureNumber number, const QFont& font,
                             TextCache& text);
    std::size_t numbered() const { return m_numbered.size(); }
    // The numbered pixmaps' pixels and overhead, as counted against kNumberBudget.
    std::size_t numberedBytes() const { return m_numbered.size() * m_numberBytes; }
    // How many numbered pixmaps the budget holds at the current cell size and device pixel ratio.
    std::size_t numberLimit() const { return m_numberLimit; }

    // A done future's common cell: `fill` edged for `boxFill` (theme::edgeOn). Returns the colour its
    // number takes (theme::textOn).
    const QColor& drawDone(QPainter& p, const QRectF& r, const QColor& fill, const QColor& boxFill);
    // A pending future's common cell: dashed, in the edge of its task's `tint` for `boxFill`.
    void drawPending(QPainter& p, const QRectF& r, const QColor& tint, const QColor& boxFill);
    // theme::edgeOn(tint, boxFill), kept per tint: the plain rectangles of thousands of pending futures
    // need it too.
    const QColor& edgeOf(const QColor& tint, const QColor& boxFill);
    void clear();
    // The cells' own pixmaps (not the numbered ones).
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
    qreal follow(const QPainter& p, QSizeF cell); // returns the painter's device pixel ratio
    QPixmap blank() const;
    const Sprite& doneSprite(const QColor& fill, const QColor& boxFill);
    const Sprite& pendingSprite(const QColor& tint, const QColor& boxFill);
    // A pixmap made for a cell, at the cell's place to the nearest device pixel.
    static void blit(QPainter& p, const QRectF& r, const QPixmap& pm);
    void drawNumber(QPainter& p, const QRectF& r, const QColor& color, FutureNumber number, const QFont& font,
                    TextCache& text) const;
    static quint64 key(const QColor& a, const QColor& b) { return (quint64{a.rgba()} << 32) | b.rgba(); }
    struct NumberKey
    {
        quint64 colours; // the cell's fill (done) or tint (pending), and the box's fill
        QRgb text;
        std::int64_t index;
        char16_t mark;
        bool operator==(const NumberKey&) const = default;
    };
    struct NumberKeyHash
    {
        std::size_t operator()(const NumberKey& k) const noexcept;
    };
    struct Numbered
    {
        QImage image;
        std::uint64_t used; // the frame it was last blitted in
    };
    // The numbered pixmap for `k` blitted at `r`, made from `cell` (the cell's own pixmap) when it is
    // new; false when the budget has no room for it (nothing drawn).
    bool blitNumbered(QPainter& p, const QRectF& r, const NumberKey& k, const QPixmap& cell,
                      const QColor& textColor, const QFont& font, TextCache& text);
    // Room for one more numbered pixmap, after dropping the stale ones if need be.
    bool roomForNumber();
    // Forgets the numbered pixmaps when the font or the theme (the box's fill) changes.
    void followNumbers(const QFont& font, const QColor& boxFill);
    std::unordered_map<quint64, Sprite> m_done;    // key: fill and box fill
    std::unordered_map<quint64, Sprite> m_pending; // key: tint and box fill
    std::unordered_map<quint64, QColor> m_edges;   // key: tint and box fill
    std::unordered_map<NumberKey, Numbered, NumberKeyHash> m_numbered;
    QImage m_scratch; // where a numbered cell is drawn before it is copied out
    QSizeF m_cell;
    qreal m_dpr = 0;
    double m_lineWidth = 0; // theme::lineWidth(1): doubled in high contrast
    QFont m_numberFont;
    FutureNumberGlyphs m_glyphs; // m_numberFont's
    bool m_glyphsBuilt = false;
    QRgb m_numberBox = 0;
    std::size_t m_numberBytes = 0; // one numbered pixmap's pixels and overhead
    std::size_t m_numberLimit = 0;
    std::uint64_t m_frame = 0;
    bool m_saturated = false; // full this frame even after dropping the stale pixmaps
};

} // namespace poolscope::ui
