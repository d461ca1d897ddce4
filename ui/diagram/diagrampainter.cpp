#include "ui/diagram/diagrampainter.h"

#include "ui/shell/theme.h"

#include <QPainter>
#include <QWidget>

#include <cmath>

namespace poolscope::ui {

namespace {
QString bytesText(std::int64_t b)
{
    constexpr std::int64_t kib = 1024;
    if (b >= 10 * kib * kib)
        return QString::number(b / (kib * kib)) + QStringLiteral(" MiB");
    if (b >= 10 * kib)
        return QString::number(b / 1024) + QStringLiteral(" KiB");
    return QString::number(b) + QStringLiteral(" B");
}
} // namespace

DiagramPainter::DiagramPainter(const QWidget& widget) : m_widget(widget)
{
    updateFonts();
}

const QFont& DiagramPainter::font() const
{
    return m_widget.font();
}

const QPalette& DiagramPainter::palette() const
{
    return m_widget.palette();
}

void DiagramPainter::updateFonts()
{
    m_boldFont = font();
    m_boldFont.setBold(true);
    m_smallFont = font();
    m_smallFont.setPointSizeF(font().pointSizeF() * 0.85);
    const QFontMetricsF fm(font());
    m_chipSize = QSizeF(fm.horizontalAdvance(QStringLiteral("0000")) + 10, fm.height() + 3);
    // A translated word is laid out with the fonts that really draw it (Chinese falls back to a
    // CJK font whose lines are taller than the Latin font's).
    const QString sample = tr("running") + QStringLiteral("Ag");
    m_lineHeight =
        std::max(fm.height(), fm.boundingRect(QRectF(0, 0, 1e4, 1e4), Qt::AlignLeft, sample).height());
}

double DiagramPainter::arrowGap(const QStringList& labels)
{
    double w = 0;
    for (const QString& l : labels)
        w = std::max(w, m_text.width(m_smallFont, l));
    return w + 12; // the arrow heads' room either side
}

double DiagramPainter::boxWidthFor(const QStringList& titles)
{
    double w = 0;
    for (const QString& t : titles)
        w = std::max(w, m_text.width(m_boldFont, t));
    return w + 14; // boxFrame's 6 px each side, and a little air
}

namespace {
QString brokenText(const SceneState& s)
{
    return QString::fromStdString(s.brokenType()) + QStringLiteral(": ") +
           QString::fromStdString(s.brokenMessage());
}
} // namespace

double DiagramPainter::cellGap()
{
    return std::max(3.0, theme::lineWidth(1.4) + theme::lineWidth(1) + 1);
}

int DiagramPainter::bannerLines(const SceneState& s, double width) const
{
    if (!s.broken())
        return 0;
    const QFontMetricsF bfm(m_boldFont);
    const QRectF r = bfm.boundingRect(QRectF(0, 0, std::max(10.0, width - 20), 1e4),
                                      Qt::AlignLeft | Qt::TextWordWrap, brokenText(s));
    return std::max(1, static_cast<int>(std::ceil(r.height() / bfm.lineSpacing() - 0.01)));
}

QString DiagramPainter::taskLabel(const SceneState& scene, std::int64_t task)
{
    if (task < 0)
        return QStringLiteral("None");
    const TaskRecord* t = scene.task(task);
    return QString::number(t ? t->index : task);
}

void DiagramPainter::boxFrame(QPainter& p, const QRectF& r, const QString& title)
{
    const QPalette& pal = palette();
    const QFontMetricsF fm(font());
    const QRectF head(r.left() + 6, r.top() + 2, r.width() - 12, fm.height() * 1.4);
    p.setPen(QPen(theme::boxBorder(pal), theme::lineWidth(1.2)));
    p.setBrush(theme::boxFill(pal));
    p.drawRoundedRect(r, 6, 6);
    p.setFont(m_boldFont);
    p.setPen(pal.color(QPalette::WindowText));
    m_text.draw(p, head, Qt::AlignLeft | Qt::AlignVCenter, title);
    p.setFont(font());
}

void DiagramPainter::boxCount(QPainter& p, const QRectF& r, const QString& title, const QString& count)
{
    boxCount(p, r, title, QStringList{count});
}

void DiagramPainter::boxCount(QPainter& p, const QRectF& r, const QString& title, const QStringList& counts)
{
    if (counts.isEmpty() || counts.front().isEmpty())
        return;
    const QFontMetricsF fm(font());
    const QFontMetricsF bfm(m_boldFont);
    const QRectF head(r.left() + 6, r.top() + 2, r.width() - 12, fm.height() * 1.4);
    const double tw = bfm.horizontalAdvance(bfm.elidedText(title, Qt::ElideRight, head.width())) + 8;
    p.setPen(theme::muted(palette()));
    const QRectF sub = head.adjusted(tw, 0, 0, 0);
    // A count cut to "1/4 sl…" misleads: a shorter form, or none.
    m_text.drawWhole(p, sub, Qt::AlignRight | Qt::AlignVCenter, m_text.fitting(font(), sub.width(), counts));
}

void DiagramPainter::arrow(QPainter& p, QPointF from, QPointF to, const QString& label, bool twoWay)
{
    const QColor c = theme::muted(palette());
    p.setPen(QPen(c, theme::lineWidth(1.6)));
    p.setBrush(c);
    p.drawLine(from, to);
    auto head = [&](QPointF tip, QPointF tail) {
        const QPointF d = tip - tail;
        const double len = std::hypot(d.x(), d.y());
        if (len < 1)
            return;
        const QPointF u = d / len;
        const QPointF n(-u.y(), u.x());
        const double s = 7;
        const QPointF pts[3] = {tip, tip - u * s + n * (s * 0.5), tip - u * s - n * (s * 0.5)};
        p.drawPolygon(pts, 3);
    };
    head(to, from);
    if (twoWay)
        head(from, to);
    if (!label.isEmpty()) {
        const QFontMetricsF fm(font());
        p.setFont(m_smallFont);
        p.setPen(c);
        // Over the line, between the boxes it joins (the layouts leave room for it).
        const double mid = (from.y() + to.y()) / 2;
        const double left = std::min(from.x(), to.x());
        m_text.draw(p, QRectF(left, mid - fm.height() * 1.1, std::abs(to.x() - from.x()), fm.height()),
                    Qt::AlignCenter, label);
        p.setFont(font());
    }
}

void DiagramPainter::returnLane(QPainter& p, const QRectF& lane, double x, double top, double callerRight)
{
    // The label's row, then the line: a lane at least a line and 3 px high has both.
    const double ly = lane.top() + std::max(lane.height() / 2, std::min(m_lineHeight, lane.height() - 3));
    p.setPen(QPen(theme::muted(palette()), theme::lineWidth(1.6)));
    p.drawLine(QPointF(x, top), QPointF(x, ly));
    arrow(p, QPointF(x, ly), QPointF(callerRight + 3, ly));
    p.setPen(theme::muted(palette()));
    // Shorter forms, chosen, when the lane is narrow (never a cut "set_exce…").
    const QRectF r(callerRight + 6, lane.top(), x - callerRight - 12, ly - lane.top());
    m_text.draw(p, r, Qt::AlignCenter,
                m_text.fitting(font(), r.width(),
                               {tr("set_result() / set_exception()"), tr("set_result()/set_exception()"),
                                tr("set_result()")}));
}

void DiagramPainter::heading(QPainter& p, const QRectF& r, const QString& text)
{
    p.setFont(m_boldFont);
    p.setPen(palette().color(QPalette::WindowText));
    m_text.draw(p, r, Qt::AlignLeft | Qt::AlignVCenter, text);
    p.setFont(font());
}

namespace {
QFont titleFont(const QFont& base)
{
    QFont big = base;
    big.setBold(true);
    big.setPointSizeF(base.pointSizeF() * 1.15);
    return big;
}
} // namespace

void DiagramPainter::title(QPainter& p, const QRectF& r, const QString& name)
{
    p.setFont(titleFont(font()));
    p.setPen(palette().color(QPalette::WindowText));
    m_text.draw(p, r, Qt::AlignLeft | Qt::AlignVCenter, name);
    p.setFont(font());
}

void DiagramPainter::titleCounts(QPainter& p, const QRectF& r, const QString& name, const SceneState& s)
{
    const double nameW = QFontMetricsF(titleFont(font())).horizontalAdvance(name) + 16;
    const QString counts = tr("submitted %1 · ✓ %2 · ✗ %3 · ⊘ %4")
                               .arg(s.submitted())
                               .arg(s.completed())
                               .arg(s.failed())
                               .arg(s.cancelled());
    p.setPen(theme::muted(palette()));
    m_text.draw(p, r.adjusted(nameW, 0, 0, 0), Qt::AlignRight | Qt::AlignVCenter, counts);
}

void DiagramPainter::legend(QPainter& p, const QRectF& r, bool process)
{
    struct Item
    {
        theme::Tint tint;
        QString text;
    };
    std::vector<Item> items{{theme::Tint::Queued, tr("queued")}};
    if (process)
        items.push_back({theme::Tint::InPipe, tr("in a pipe")});
    items.push_back({theme::Tint::Running, tr("running")});
    if (!process)
        items.push_back({theme::Tint::GilWait, tr("waiting for the GIL")});
    items.push_back({theme::Tint::Result, tr("result ✓")});
    items.push_back({theme::Tint::Exception, tr("exception ✗")});
    items.push_back({theme::Tint::Cancelled, tr("cancelled ⊘")});
    // Every entry whole, in one row: the gaps between them narrow first, then their text gets
    // smaller (to 80 %), before one is left out (a Chinese legend is wider than its band on a
    // 960 px screen).
    const QFont painterFont = p.font();
    const QFont base = font();
    QFont f = base;
    double gap = 16;
    const auto rowWidth = [&items](const QFont& font, double between) {
        const QFontMetricsF m(font);
        double w = 0;
        for (const Item& it : items)
            w += m.height() * 0.9 + 6 + m.horizontalAdvance(it.text) + between;
        return w - between;
    };
    bool fits = false;
    for (const double scale : {1.0, 0.9, 0.8}) {
        f = base;
        if (base.pointSizeF() > 0)
            f.setPointSizeF(base.pointSizeF() * scale);
        else
            f.setPixelSize(std::max(1, static_cast<int>(base.pixelSize() * scale)));
        for (const double between : {16.0, 10.0, 6.0}) {
            if (rowWidth(f, between) <= r.width()) {
                gap = between;
                fits = true;
                break;
            }
        }
        if (fits)
            break;
    }
    p.setFont(f);
    const QFontMetricsF fm(f);
    double x = r.left();
    const double sw = fm.height() * 0.9;
    for (const Item& it : items) {
        const double w = sw + 6 + fm.horizontalAdvance(it.text) + gap;
        if (x + w - gap > r.right() + 0.5) {
            m_text.omit(QRectF(x, r.top(), std::max(0.0, r.right() - x), r.height()), it.text);
            continue;
        }
        const QRectF sq(x, r.center().y() - sw / 2, sw, sw);
        p.setPen(QPen(theme::edgeOn(theme::tint(it.tint), palette().color(QPalette::Window)),
                      theme::lineWidth(1)));
        p.setBrush(theme::tint(it.tint));
        p.drawRoundedRect(sq, 3, 3);
        p.setPen(palette().color(QPalette::WindowText));
        m_text.draw(p, QRectF(sq.right() + 6, r.top(), w, r.height()), Qt::AlignLeft | Qt::AlignVCenter,
                    it.text);
        x += w;
    }
    p.setFont(painterFont);
    const QString hint = tr("Click a task or future to inspect it");
    const double hw = QFontMetricsF(painterFont).horizontalAdvance(hint);
    if (x + hw + 10 < r.right()) {
        p.setPen(theme::muted(palette()));
        m_text.draw(p, r, Qt::AlignRight | Qt::AlignVCenter, hint);
    }
}

void DiagramPainter::overflow(QPainter& p, const CellGrid& grid, int shownSlots, int overflow)
{
    if (overflow <= 0 || grid.capacity() <= 0)
        return;
    const QRectF r = grid.cellRect(std::min(shownSlots, grid.capacity() - 1));
    p.setPen(theme::muted(palette()));
    m_text.draw(p, r.adjusted(-20, 0, 20, 0), Qt::AlignCenter, tr("+%1 more").arg(overflow));
}

const QPixmap& DiagramPainter::chipBackground(const QColor& fill, bool selected, QSizeF size)
{
    // A handful of tints x selected: rounded, antialiased backgrounds drawn once.
    const qreal dpr = m_widget.devicePixelRatioF();
    const quint64 key = (static_cast<quint64>(fill.rgba()) << 1) | (selected ? 1 : 0);
    auto it = m_chipPixmaps.find(key);
    if (it == m_chipPixmaps.end()) {
        QPixmap pm((size * dpr).toSize() + QSize(2, 2));
        pm.setDevicePixelRatio(dpr);
        pm.fill(Qt::transparent);
        QPainter cp(&pm);
        cp.setRenderHint(QPainter::Antialiasing);
        const QRectF r(1, 1, size.width() - 1, size.height() - 1);
        cp.setPen(selected
                      ? QPen(palette().color(QPalette::Highlight), theme::lineWidth(3))
                      : QPen(theme::edgeOn(fill, palette().color(QPalette::Window)), theme::lineWidth(1)));
        cp.setBrush(fill);
        cp.drawRoundedRect(
            r.adjusted(selected ? 1 : 0, selected ? 1 : 0, selected ? -1 : 0, selected ? -1 : 0), 4, 4);
        it = m_chipPixmaps.emplace(key, pm).first;
    }
    return it->second;
}

void DiagramPainter::chip(QPainter& p, const ChipView& v, QSizeF size, const SceneState& s,
                          std::int64_t selectedTask)
{
    const TaskRecord* t = v.task >= 0 ? s.task(v.task) : nullptr;
    QColor fill;
    if (v.task < 0)
        fill = theme::tint(theme::Tint::Sentinel);
    else if (t && v.place != ChipPlace::Future)
        fill = theme::tint(t->final != FutureFinal::None ? theme::tintOf(*t)
                           : t->gilWaiting               ? theme::Tint::GilWait
                                                         : theme::tintOfPlace(v.place));
    else if (t)
        fill = theme::tint(theme::tintOf(*t));
    else
        fill = theme::tint(theme::Tint::Queued);
    const QRectF r(v.center.x() - size.width() / 2, v.center.y() - size.height() / 2, size.width(),
                   size.height());
    const bool selected = v.task >= 0 && v.task == selectedTask;
    p.drawPixmap(QPointF(r.left() - 1, r.top() - 1), chipBackground(fill, selected, size));
    p.setPen(theme::textOn(fill));
    p.setFont(m_boldFont);
    m_text.draw(p, r, Qt::AlignCenter, taskLabel(s, v.task));
    p.setFont(font());
    if (v.bytes >= 0) {
        // Between the two pipes: under a chip in the call pipe, over one in the result pipe (the
        // pipes' own names sit on their outer sides).
        p.setFont(m_smallFont);
        p.setPen(palette().color(QPalette::WindowText));
        const double h = QFontMetricsF(m_smallFont).height();
        const double y = v.place == ChipPlace::CallPipe ? r.bottom() + 1 : r.top() - 1 - h;
        m_text.draw(p, QRectF(v.center.x() - size.width(), y, size.width() * 2, h), Qt::AlignCenter,
                    bytesText(v.bytes));
        p.setFont(font());
    }
}

void DiagramPainter::chips(QPainter& p, const std::vector<ChipView>& chips, const SceneState& scene,
                           std::int64_t selectedTask)
{
    const QSizeF size = chipSize();
    for (const ChipView& v : chips)
        chip(p, v, size, scene, selectedTask);
}

void DiagramPainter::brokenBanner(QPainter& p, const QRectF& all, const QRectF& band, const SceneState& s)
{
    if (!s.broken())
        return;
    p.setPen(QPen(theme::broken(), theme::lineWidth(4)));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(all, 8, 8);
    // The whole CPython text, wrapped, in the band the layout kept for it under the boxes.
    const QString msg = brokenText(s);
    const QFontMetricsF bfm(m_boldFont);
    const double w = std::min(band.width(), bfm.horizontalAdvance(msg) + 30);
    const QRectF banner(band.center().x() - w / 2, band.top(), w, band.height());
    p.setPen(Qt::NoPen);
    p.setBrush(theme::broken());
    p.drawRoundedRect(banner, 6, 6);
    p.setPen(Qt::white);
    p.setFont(m_boldFont);
    m_text.drawWrapped(p, banner.adjusted(10, 0, -10, 0), Qt::AlignCenter, msg);
    p.setFont(font());
}

} // namespace poolscope::ui
