#include "ui/diagram/futurecells.h"

#include "ui/shell/theme.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

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
    if (cell != m_cell || dpr != m_dpr || lineWidth != m_lineWidth ||
        m_done.size() + m_pending.size() >= kMaxSprites) {
        clear();
        m_cell = cell;
        m_dpr = dpr;
        m_lineWidth = lineWidth;
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

const QColor& FutureCellSprites::drawDone(QPainter& p, const QRectF& r, const QColor& fill,
                                          const QColor& boxFill)
{
    const qreal dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
    follow(r.size(), dpr);
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
    p.drawPixmap(r.topLeft() - QPointF(kMargin / dpr, kMargin / dpr), it->second.pixmap);
    return it->second.text;
}

void FutureCellSprites::drawPending(QPainter& p, const QRectF& r, const QColor& tint, const QColor& boxFill)
{
    const qreal dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
    follow(r.size(), dpr);
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
    p.drawPixmap(r.topLeft() - QPointF(kMargin / dpr, kMargin / dpr), it->second.pixmap);
}

} // namespace poolscope::ui
