#include "ui/diagram/futurecells.h"

#include "ui/diagram/textcache.h"
#include "ui/shell/theme.h"

#include <QFontMetricsF>
#include <QGlyphRun>
#include <QPainter>
#include <QTextLayout>

#include <algorithm>
#include <cmath>
#include <functional>

namespace poolscope::ui {

int FutureLabelFit::digitsOf(std::int64_t futures)
{
    std::int64_t n = std::max<std::int64_t>(0, futures - 1);
    int digits = 1;
    while (n >= 10) {
        n /= 10;
        ++digits;
    }
    return digits;
}

bool FutureLabelFit::fits(QSizeF cell, int digits, const QFont& font)
{
    const QFontMetricsF m(font);
    const QString widest = QString(digits, QLatin1Char('0')) + QStringLiteral("✓");
    return cell.height() >= m.tightBoundingRect(QStringLiteral("0123456789")).height() + 1 &&
           cell.width() >= m.horizontalAdvance(widest) + 2;
}

FutureLabelFit FutureLabelFit::choose(QSizeF cell, std::int64_t futures, const QFont& bold,
                                      const QFont& small)
{
    const int digits = digitsOf(futures);
    FutureLabelFit f;
    if (fits(cell, digits, bold)) {
        f.font = bold;
    } else if (fits(cell, digits, small)) {
        f.font = small;
    } else {
        // The lowest cells (a 1080p screen at scale 2, the window's docks open): the small font smaller
        // still.
        f.font = small;
        f.font.setPointSizeF(small.pointSizeF() * 0.7);
        f.withText = fits(cell, digits, f.font);
        return f;
    }
    f.withText = true;
    return f;
}

const FutureLabelFit& FutureLabelCache::get(QSizeF cell, std::int64_t futures, const QFont& bold,
                                            const QFont& small)
{
    const int digits = FutureLabelFit::digitsOf(futures);
    if (cell != m_cell || digits != m_digits || bold != m_bold || small != m_small) {
        m_fit = FutureLabelFit::choose(cell, futures, bold, small);
        m_cell = cell;
        m_digits = digits;
        m_bold = bold;
        m_small = small;
        ++m_chosen;
    }
    return m_fit;
}

QPen FutureCellSprites::donePen(const QColor& edge)
{
    return {edge, theme::lineWidth(1)};
}

QPen FutureCellSprites::pendingPen(const QColor& edge)
{
    return {edge, theme::lineWidth(1.4), Qt::DashLine};
}

void FutureCellSprites::paintDone(QPainter& p, const QRectF& r, const QColor& fill, const QPen& pen)
{
    p.setPen(pen);
    p.setBrush(fill);
    p.drawRoundedRect(r, 3, 3);
}

void FutureCellSprites::paintPending(QPainter& p, const QRectF& r, const QPen& pen)
{
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
}

const QColor& FutureCellSprites::edgeOf(const QColor& tint, const QColor& boxFill)
{
    if (m_edges.size() >= kMaxSprites)
        m_edges.clear();
    auto it = m_edges.find(key(tint, boxFill));
    if (it == m_edges.end())
        it = m_edges.emplace(key(tint, boxFill), theme::edgeOn(tint, boxFill)).first;
    return it->second;
}

void FutureCellSprites::clear()
{
    m_done.clear();
    m_pending.clear();
}

void FutureCellSprites::follow(QSizeF cell, qreal dpr)
{
    const double lineWidth = theme::lineWidth(1);
    if (cell != m_cell || dpr != m_dpr || lineWidth != m_lineWidth) {
        clear();
        m_numbered.clear();
        m_cell = cell;
        m_dpr = dpr;
        m_lineWidth = lineWidth;
        const QPixmap pm = blank();
        m_numberBytes = static_cast<std::size_t>(pm.width()) * static_cast<std::size_t>(pm.height()) * 4 +
                        kNumberOverhead;
        m_numberLimit = kNumberBudget / m_numberBytes;
    } else if (m_done.size() + m_pending.size() >= kMaxSprites) {
        clear(); // the numbered pixmaps are copies: they stay
    }
}

QPixmap FutureCellSprites::blank() const
{
    const QSize px(static_cast<int>(std::ceil(m_cell.width() * m_dpr)) + 2 * kMargin,
                   static_cast<int>(std::ceil(m_cell.height() * m_dpr)) + 2 * kMargin);
    QPixmap pm(px);
    pm.setDevicePixelRatio(m_dpr);
    pm.fill(Qt::transparent);
    return pm;
}

const FutureCellSprites::Sprite& FutureCellSprites::doneSprite(const QColor& fill, const QColor& boxFill)
{
    auto it = m_done.find(key(fill, boxFill));
    if (it == m_done.end()) {
        Sprite s{blank(), theme::textOn(fill)};
        QPainter cp(&s.pixmap);
        cp.setRenderHint(QPainter::Antialiasing);
        paintDone(cp, QRectF(QPointF(kMargin / m_dpr, kMargin / m_dpr), m_cell), fill,
                  donePen(theme::edgeOn(fill, boxFill)));
        cp.end();
        it = m_done.emplace(key(fill, boxFill), std::move(s)).first;
    }
    return it->second;
}

const FutureCellSprites::Sprite& FutureCellSprites::pendingSprite(const QColor& tint, const QColor& boxFill)
{
    auto it = m_pending.find(key(tint, boxFill));
    if (it == m_pending.end()) {
        Sprite s{blank(), {}};
        QPainter cp(&s.pixmap);
        cp.setRenderHint(QPainter::Antialiasing);
        paintPending(cp, QRectF(QPointF(kMargin / m_dpr, kMargin / m_dpr), m_cell),
                     pendingPen(edgeOf(tint, boxFill)));
        cp.end();
        it = m_pending.emplace(key(tint, boxFill), std::move(s)).first;
    }
    return it->second;
}

void FutureCellSprites::blit(QPainter& p, const QRectF& r, const QPixmap& pm)
{
    const qreal dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
    p.drawPixmap(r.topLeft() - QPointF(kMargin / dpr, kMargin / dpr), pm);
}

qreal FutureCellSprites::follow(const QPainter& p, QSizeF cell)
{
    const qreal dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
    follow(cell, dpr);
    return dpr;
}

const QColor& FutureCellSprites::drawDone(QPainter& p, const QRectF& r, const QColor& fill,
                                          const QColor& boxFill)
{
    follow(p, r.size());
    const Sprite& s = doneSprite(fill, boxFill);
    blit(p, r, s.pixmap);
    return s.text;
}

void FutureCellSprites::drawPending(QPainter& p, const QRectF& r, const QColor& tint, const QColor& boxFill)
{
    follow(p, r.size());
    blit(p, r, pendingSprite(tint, boxFill).pixmap);
}

QString FutureNumber::text() const
{
    QString s = QString::number(index);
    if (mark != 0)
        s += QChar(mark);
    return s;
}

namespace {
constexpr char16_t kMarks[3] = {u'✓', u'✗', u'⊘'};
} // namespace

int FutureNumberGlyphs::markKind(char16_t mark)
{
    for (int k = 0; k < 3; ++k)
        if (kMarks[k] == mark)
            return k + 1;
    return mark == 0 ? 0 : -1;
}

bool FutureNumberGlyphs::build(const QFont& font)
{
    m_usable = false;
    m_fonts.clear();
    // One line of `text` shaped in `font`: its glyphs left to right (one a character, or nothing), where
    // each one's advance runs to the next one (the last one's to the line's end).
    struct Shaped
    {
        std::vector<Glyph> glyphs;
        std::vector<QPointF> at;
        qreal height = 0;
    };
    const auto shape = [&](const QString& text) {
        QTextLayout layout(text, font);
        layout.beginLayout();
        const QTextLine line = layout.createLine();
        layout.endLayout();
        struct Placed
        {
            QPointF at;
            int font;
            quint32 index;
        };
        std::vector<Placed> placed;
        for (const QGlyphRun& run : layout.glyphRuns()) {
            const QRawFont raw = run.rawFont();
            auto f = std::find(m_fonts.begin(), m_fonts.end(), raw);
            if (f == m_fonts.end())
                f = m_fonts.insert(m_fonts.end(), raw);
            const int fi = static_cast<int>(f - m_fonts.begin());
            const QList<quint32> idx = run.glyphIndexes();
            const QList<QPointF> pos = run.positions();
            for (qsizetype i = 0; i < idx.size() && i < pos.size(); ++i)
                placed.push_back({pos[i], fi, idx[i]});
        }
        Shaped s;
        if (placed.size() != static_cast<std::size_t>(text.size()))
            return s; // not one glyph a character
        std::sort(placed.begin(), placed.end(),
                  [](const Placed& a, const Placed& b) { return a.at.x() < b.at.x(); });
        for (std::size_t i = 0; i < placed.size(); ++i) {
            const qreal next = i + 1 < placed.size() ? placed[i + 1].at.x() : line.naturalTextWidth();
            s.glyphs.push_back({placed[i].font, placed[i].index, next - placed[i].at.x()});
            s.at.push_back(placed[i].at);
        }
        s.height = line.height();
        return s;
    };
    const auto same = [](const Glyph& a, const Glyph& b) {
        return a.font == b.font && a.index == b.index && a.advance == b.advance;
    };
    // Every ordered pair of digits side by side: if each digit sits at the sum of the advances before
    // it, with the same glyph and advance wherever it is, so it does in every number.
    QString pairs;
    for (int a = 0; a < 10; ++a)
        for (int b = a; b < 10; ++b)
            for (const int c : {a, b, a})
                pairs += QChar(u'0' + c);
    const Shaped digits = shape(pairs);
    if (digits.glyphs.empty())
        return false;
    bool seen[10] = {};
    qreal x = 0;
    for (std::size_t i = 0; i < digits.glyphs.size(); ++i) {
        const Glyph& g = digits.glyphs[i];
        const int d = pairs[static_cast<qsizetype>(i)].unicode() - u'0';
        if (digits.at[i] != QPointF(x, digits.at[0].y()))
            return false;
        if (!seen[d])
            m_digits[d] = g;
        else if (!same(m_digits[d], g))
            return false; // a glyph or an advance that depends on its neighbours
        seen[d] = true;
        x += g.advance;
    }
    m_lines[0] = {digits.at[0].y(), digits.height};
    // A mark comes last, after any digit: at that digit's advance, and as wide and on the same line
    // after each of them.
    for (int k = 0; k < 3; ++k) {
        for (int d = 0; d < 10; ++d) {
            const Shaped s = shape(QString(QChar(u'0' + d)) + QChar(kMarks[k]));
            if (s.glyphs.size() != 2 || !same(s.glyphs[0], m_digits[d]) || s.at[0].x() != 0 ||
                s.at[1] != QPointF(m_digits[d].advance, s.at[0].y()))
                return false;
            const Line line{s.at[0].y(), s.height};
            if (d == 0) {
                m_marks[k] = s.glyphs[1];
                m_lines[k + 1] = line;
            } else if (!same(m_marks[k], s.glyphs[1]) || line.ascent != m_lines[k + 1].ascent ||
                       line.height != m_lines[k + 1].height) {
                return false;
            }
        }
    }
    m_usable = true;
    return true;
}

bool FutureNumberGlyphs::draw(QPainter& p, const QRectF& r, FutureNumber number) const
{
    const int kind = markKind(number.mark);
    if (!m_usable || kind < 0 || number.index < 0)
        return false;
    int digits[20]; // least significant first
    int n = 0;
    for (std::int64_t v = number.index; n == 0 || v > 0; v /= 10)
        digits[n++] = static_cast<int>(v % 10);
    qreal width = 0;
    for (int i = 0; i < n; ++i)
        width += m_digits[digits[i]].advance;
    if (kind > 0)
        width += m_marks[kind - 1].advance;
    if (width > r.width() + 0.5)
        return false;
    // TextCache::draw's placement of a QStaticText of (width, line height), centred.
    const Line& line = m_lines[kind];
    const QPointF at(r.center().x() - width / 2, r.center().y() - line.height / 2);
    QList<quint32> indexes;
    QList<QPointF> positions;
    int font = m_digits[digits[n - 1]].font;
    qreal x = 0;
    const auto flush = [&](int next) {
        if (!indexes.isEmpty()) {
            QGlyphRun run;
            run.setRawFont(m_fonts[static_cast<std::size_t>(font)]);
            run.setGlyphIndexes(indexes);
            run.setPositions(positions);
            p.drawGlyphRun(at, run);
            indexes.clear();
            positions.clear();
        }
        font = next;
    };
    const auto put = [&](const Glyph& g) {
        if (g.font != font)
            flush(g.font);
        indexes.push_back(g.index);
        positions.push_back(QPointF(x, line.ascent));
        x += g.advance;
    };
    for (int i = n - 1; i >= 0; --i)
        put(m_digits[digits[i]]);
    if (kind > 0)
        put(m_marks[kind - 1]);
    flush(font);
    return true;
}

std::size_t FutureCellSprites::NumberKeyHash::operator()(const NumberKey& k) const noexcept
{
    // The index tells most keys apart; the colours and the mark mix in (boost's hash_combine).
    std::size_t h = std::hash<std::int64_t>{}(k.index);
    for (const quint64 v : {k.colours, quint64{k.text}, quint64{k.mark}})
        h ^= std::hash<quint64>{}(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h;
}

void FutureCellSprites::followNumbers(const QFont& font, const QColor& boxFill)
{
    if (font != m_numberFont || boxFill.rgba() != m_numberBox) {
        m_numbered.clear();
        if (font != m_numberFont || !m_glyphsBuilt) {
            m_glyphs.build(font);
            m_glyphsBuilt = true;
        }
        m_numberFont = font;
        m_numberBox = boxFill.rgba();
    }
}

bool FutureCellSprites::roomForNumber()
{
    if (m_numbered.size() < m_numberLimit)
        return true;
    if (m_saturated)
        return false;
    // Full: what neither this frame nor the last one blitted goes (a frame's cells and the states the
    // replay's cursor just left stay). At most once a frame, so a grid larger than the budget draws its
    // remaining cells as before rather than sweeping on every cell.
    std::erase_if(m_numbered, [this](const auto& e) { return e.second.used + 1 < m_frame; });
    m_saturated = m_numbered.size() >= m_numberLimit;
    return !m_saturated;
}

bool FutureCellSprites::blitNumbered(QPainter& p, const QRectF& r, const NumberKey& k, const QPixmap& cell,
                                     const QColor& textColor, const QFont& font, TextCache& text)
{
    auto it = m_numbered.find(k);
    if (it == m_numbered.end()) {
        if (!roomForNumber())
            return false;
        // The cell's pixmap with the number drawn by the call that draws it onto the window, in the
        // window painter's hints, centred in the cell as there.
        // Drawn on one scratch image and copied out: a pixmap painted on keeps a paint engine of its
        // own after (making it was 4,200 instructions of each new pixmap in callgrind), the copy none.
        if (m_scratch.size() != cell.size() || m_scratch.devicePixelRatio() != m_dpr) {
            m_scratch = QImage(cell.size(), QImage::Format_ARGB32_Premultiplied);
            m_scratch.setDevicePixelRatio(m_dpr);
        }
        QPainter cp(&m_scratch);
        cp.setCompositionMode(QPainter::CompositionMode_Source);
        cp.drawPixmap(QPointF(0, 0), cell);
        cp.setCompositionMode(QPainter::CompositionMode_SourceOver);
        cp.setRenderHints(p.renderHints());
        cp.setFont(font);
        cp.setPen(textColor);
        const QRectF at(QPointF(kMargin / m_dpr, kMargin / m_dpr), m_cell);
        if (!m_glyphs.draw(cp, at, FutureNumber{k.index, k.mark}))
            text.draw(cp, at, Qt::AlignCenter, FutureNumber{k.index, k.mark}.text());
        cp.end();
        it = m_numbered.emplace(k, Numbered{m_scratch.copy(), m_frame}).first;
    }
    it->second.used = m_frame;
    const qreal dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
    p.drawImage(r.topLeft() - QPointF(kMargin / dpr, kMargin / dpr), it->second.image);
    return true;
}

void FutureCellSprites::drawDoneNumbered(QPainter& p, const QRectF& r, const QColor& fill,
                                         const QColor& boxFill, FutureNumber number, const QFont& font,
                                         TextCache& text)
{
    follow(p, r.size());
    followNumbers(font, boxFill);
    const Sprite& cell = doneSprite(fill, boxFill);
    if (blitNumbered(p, r, NumberKey{key(fill, boxFill), cell.text.rgba(), number.index, number.mark},
                     cell.pixmap, cell.text, font, text))
        return;
    // No room: the cell's pixmap, then its number, as before the numbered pixmaps.
    blit(p, r, cell.pixmap);
    drawNumber(p, r, cell.text, number, font, text);
}

void FutureCellSprites::drawPendingNumbered(QPainter& p, const QRectF& r, const QColor& tint,
                                            const QColor& boxFill, const QColor& textColor,
                                            FutureNumber number, const QFont& font, TextCache& text)
{
    follow(p, r.size());
    followNumbers(font, boxFill);
    number.mark = 0;
    const Sprite& cell = pendingSprite(tint, boxFill);
    if (blitNumbered(p, r, NumberKey{key(tint, boxFill), textColor.rgba(), number.index, 0}, cell.pixmap,
                     textColor, font, text))
        return;
    blit(p, r, cell.pixmap);
    drawNumber(p, r, textColor, number, font, text);
}

void FutureCellSprites::drawNumber(QPainter& p, const QRectF& r, const QColor& color, FutureNumber number,
                                   const QFont& font, TextCache& text) const
{
    const QFont was = p.font();
    p.setFont(font);
    p.setPen(color);
    if (!m_glyphs.draw(p, r, number)) {
        text.draw(p, r, Qt::AlignCenter, number.text());
        text.inkWithin(r);
    }
    p.setFont(was);
}

} // namespace poolscope::ui
