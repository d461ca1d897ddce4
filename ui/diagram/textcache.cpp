#include "ui/diagram/textcache.h"

#include <QFontMetricsF>

#include <algorithm>

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

void TextCache::note(const QRectF& box, const QRectF& ink, const QString& text, bool elided)
{
    if (m_record)
        m_record->push_back(DrawnText{box, ink, text, elided});
}

namespace {
// Where one line of `width` x `height` lands in `r` under `align`.
QRectF placed(const QRectF& r, Qt::Alignment align, double width, double height)
{
    double x = r.left();
    if (align & Qt::AlignHCenter)
        x = r.center().x() - width / 2;
    else if (align & Qt::AlignRight)
        x = r.right() - width;
    double y = r.top();
    if (align & Qt::AlignVCenter)
        y = r.center().y() - height / 2;
    else if (align & Qt::AlignBottom)
        y = r.bottom() - height;
    return {x, y, width, height};
}
} // namespace

void TextCache::drawVolatile(QPainter& p, const QRectF& r, Qt::Alignment align, const QString& text)
{
    if (text.isEmpty() || r.width() <= 0)
        return;
    const QFontMetricsF fm(p.font());
    // Most counters fit; measure only when they might not. A counter cut down
    // to "…" says nothing: then it is left out.
    if (static_cast<double>(text.size()) * fm.averageCharWidth() * 1.3 > r.width() &&
        fm.horizontalAdvance(text) > r.width()) {
        const QString elided = fm.elidedText(text, Qt::ElideRight, r.width());
        if (elided.size() >= 4)
            p.drawText(r, static_cast<int>(align), elided);
        note(r, placed(r, align, fm.horizontalAdvance(elided), fm.height()), text, true);
        return;
    }
    p.drawText(r, static_cast<int>(align), text);
    if (m_record)
        note(r, placed(r, align, fm.horizontalAdvance(text), fm.height()), text, false);
}

bool TextCache::drawWhole(QPainter& p, const QRectF& r, Qt::Alignment align, const QString& text)
{
    if (text.isEmpty() || width(p.font(), text) > r.width() + 0.5)
        return false;
    draw(p, r, align, text);
    return true;
}

QString TextCache::fitting(const QFont& font, double w, const QStringList& variants)
{
    for (const QString& v : variants)
        if (width(font, v) <= w + 0.5)
            return v;
    return variants.isEmpty() ? QString() : variants.back();
}

void TextCache::drawWrapped(QPainter& p, const QRectF& r, Qt::Alignment align, const QString& text)
{
    if (text.isEmpty() || r.width() <= 0)
        return;
    const int flags = static_cast<int>(align) | Qt::TextWordWrap;
    const QFontMetricsF fm(p.font());
    QRectF ink = fm.boundingRect(r, flags, text);
    bool elided = false;
    QString shown = text;
    if (ink.height() > r.height() + 0.5 || ink.width() > r.width() + 0.5) {
        // Cut on the last line that fits (one word too long for the width counts as not fitting).
        const int lines = std::max(1, static_cast<int>(r.height() / fm.lineSpacing()));
        shown = fm.elidedText(text, Qt::ElideRight, r.width() * lines);
        ink = fm.boundingRect(r, flags, shown);
        elided = true;
    }
    p.drawText(r, flags, shown);
    note(r, ink, text, elided);
}

void TextCache::draw(QPainter& p, const QRectF& r, Qt::Alignment align, const QString& text)
{
    if (text.isEmpty() || r.width() <= 0)
        return;
    const QFont font = p.font();
    const QStaticText* st = &get(font, text);
    QSizeF size = st->size();
    bool elided = false;
    if (size.width() > r.width() + 0.5) {
        // Rare: elide once, then the elided text is cached like any other.
        const QString cut = QFontMetricsF(font).elidedText(text, Qt::ElideRight, r.width());
        note(r, placed(r, align, QFontMetricsF(font).horizontalAdvance(cut), size.height()), text, true);
        if (cut.isEmpty())
            return;
        st = &get(font, cut);
        size = st->size();
        elided = true;
    }
    const QRectF at = placed(r, align, size.width(), size.height());
    p.drawStaticText(at.topLeft(), *st);
    if (!elided)
        note(r, at, text, false);
}

} // namespace poolscope::ui
