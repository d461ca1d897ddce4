#pragma once
// Text that is drawn every frame (chip numbers, worker names, counters) is
// laid out once and kept as QStaticText: shaping text is what a busy frame
// would otherwise spend most of its time on.

#include <QFont>
#include <QHash>
#include <QPainter>
#include <QStaticText>

#include <vector>

namespace poolscope::ui {

// One text a diagram drew, for the layout tests: where it was asked to fit, where its ink went.
struct DrawnText
{
    QRectF box;          // the rectangle the text had to fit
    QRectF ink;          // where it was drawn (its line box, or the wrapped block)
    QString text;        // what the painter asked for
    bool elided = false; // cut with "…" or left out because it did not fit
};

class TextCache
{
public:
    // Draws `text` aligned in `r` with the painter's font, elided on the right if it does not fit.
    void draw(QPainter& p, const QRectF& r, Qt::Alignment align, const QString& text);
    // For text that changes every frame (counters, times): no caching, cheap elision check.
    void drawVolatile(QPainter& p, const QRectF& r, Qt::Alignment align, const QString& text);
    // Draws `text` only if it fits `r` whole (a deliberate omission, not a cut): true if drawn.
    bool drawWhole(QPainter& p, const QRectF& r, Qt::Alignment align, const QString& text);
    // The first of `variants` (longest first) that fits `width` whole, else the last one.
    QString fitting(const QFont& font, double width, const QStringList& variants);
    // Wrapped text (a status, a banner), cut with "…" only when its lines do not fit `r`'s height.
    void drawWrapped(QPainter& p, const QRectF& r, Qt::Alignment align, const QString& text);
    // `text` was meant for `r` but left out for want of room: recorded as cut, drawn nowhere.
    void omit(const QRectF& r, const QString& text) { note(r, r, text, true); }
    // While set, every draw is also appended to `out` (the layout tests read it; null: off).
    void record(std::vector<DrawnText>* out) { m_record = out; }
    // Whether draws are being recorded: what is only noted (omit()) need not be built otherwise.
    bool recording() const { return m_record != nullptr; }
    // The text drawn last covers `ink` too (a token around its label), for the overlap checks.
    void widenLast(const QRectF& ink)
    {
        if (m_record && !m_record->empty())
            m_record->back().ink |= ink;
    }
    // The text drawn last inks only inside `r` (its glyphs were measured to fit there, its line box
    // may not: a tall Chinese UI line around a few digits), for the overlap checks.
    void inkWithin(const QRectF& r)
    {
        if (m_record && !m_record->empty() && !m_record->back().elided)
            m_record->back().ink = m_record->back().ink.intersected(r);
    }
    // Width of `text` in `font` (cached like draw()).
    double width(const QFont& font, const QString& text) { return get(font, text).size().width(); }
    void clear() { m_fonts.clear(); }
    std::size_t size() const;

    static constexpr int kMaxPerFont = 4096; // beyond this, a font's cache starts over

private:
    const QStaticText& get(const QFont& font, const QString& text);
    struct PerFont
    {
        QFont font;
        QHash<QString, QStaticText> items;
    };
    void note(const QRectF& box, const QRectF& ink, const QString& text, bool elided);
    std::vector<PerFont> m_fonts;
    std::vector<DrawnText>* m_record = nullptr;
};

} // namespace poolscope::ui
