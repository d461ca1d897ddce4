#include "ui/diagram/textcache.h"

#include <QFontMetricsF>

namespace poolscope::ui {

std::size_t TextCache::size() const
{
    std::size_t n = 0;
    for (const PerFont& f : m_fonts)
        n += static_cast<std::size_t>(f.items.size());
    return n;
}

const QStaticText& TextCache::get(const QFont& font, const QString& text)
{
    PerFont* slot = nullptr;
    for (PerFont& f : m_fonts) {
        if (f.font == font) {
            slot = &f;
            break;
        }
    }
    if (!slot) {
        m_fonts.push_back(PerFont{font, {}});
        slot = &m_fonts.back();
    }
    auto it = slot->items.find(text);
    if (it == slot->items.end()) {
        if (slot->items.size() >= kMaxPerFont)
            slot->items.clear();
        QStaticText st(text);
        st.setTextFormat(Qt::PlainText);
        st.setPerformanceHint(QStaticText::AggressiveCaching);
        st.prepare(QTransform(), font);
        it = slot->items.insert(text, st);
    }
    return it.value();
}

void TextCache::drawVolatile(QPainter& p, const QRectF& r, Qt::Alignment align, const QString& text)
{
    if (text.isEmpty() || r.width() <= 0)
        return;
    const QFontMetricsF fm(p.font());
    // Most counters fit; measure only when they might not. A counter cut down
    // to "…" says nothing: then it is left out.
    if (text.size() * fm.averageCharWidth() * 1.3 > r.width() && fm.horizontalAdvance(text) > r.width()) {
        const QString elided = fm.elidedText(text, Qt::ElideRight, r.width());
        if (elided.size() >= 4)
            p.drawText(r, static_cast<int>(align), elided);
        return;
    }
    p.drawText(r, static_cast<int>(align), text);
}

void TextCache::draw(QPainter& p, const QRectF& r, Qt::Alignment align, const QString& text)
{
    if (text.isEmpty() || r.width() <= 0)
        return;
    const QFont font = p.font();
    const QStaticText* st = &get(font, text);
    QSizeF size = st->size();
    if (size.width() > r.width() + 0.5) {
        // Rare: elide once, then the elided text is cached like any other.
        const QString elided = QFontMetricsF(font).elidedText(text, Qt::ElideRight, r.width());
        if (elided.isEmpty())
            return;
        st = &get(font, elided);
        size = st->size();
    }
    double x = r.left();
    if (align & Qt::AlignHCenter)
        x = r.center().x() - size.width() / 2;
    else if (align & Qt::AlignRight)
        x = r.right() - size.width();
    double y = r.top();
    if (align & Qt::AlignVCenter)
        y = r.center().y() - size.height() / 2;
    else if (align & Qt::AlignBottom)
        y = r.bottom() - size.height();
    p.drawStaticText(QPointF(x, y), *st);
}

} // namespace poolscope::ui
