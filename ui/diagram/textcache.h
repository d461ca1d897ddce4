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

class TextCache
{
public:
    // Draws `text` aligned in `r` with the painter's font, elided on the right if it does not fit.
    void draw(QPainter& p, const QRectF& r, Qt::Alignment align, const QString& text);
    // For text that changes every frame (counters, times): no caching, cheap elision check.
    void drawVolatile(QPainter& p, const QRectF& r, Qt::Alignment align, const QString& text);
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
    std::vector<PerFont> m_fonts;
};

} // namespace poolscope::ui
