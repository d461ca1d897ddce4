#pragma once
// What the fit tests share: the classroom screens as offscreen screens of the test process (Qt's
// `offscreen:configfile=`, as `poolscope --screen` does, each of the logical size a screen of that
// scale shows with its device pixel ratio), and the check that drawn labels are whole, inside their
// widget and over no other.

#include <QCoreApplication>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRectF>
#include <QScreen>
#include <QStringList>
#include <QTranslator>

#include <algorithm>
#include <memory>
#include <span>
#include <vector>

namespace poolscope::uitest {

struct ScreenSpec
{
    const char* name;
    QSize logical;
    double scale;
};

// The configuration of one offscreen screen per spec, side by side.
inline QByteArray screensConfig(std::span<const ScreenSpec> specs)
{
    QJsonArray screens;
    int x = 0;
    for (const ScreenSpec& sc : specs) {
        QJsonObject s;
        s[QStringLiteral("name")] = QString::fromLatin1(sc.name);
        s[QStringLiteral("x")] = x;
        s[QStringLiteral("y")] = 0;
        s[QStringLiteral("width")] = sc.logical.width();
        s[QStringLiteral("height")] = sc.logical.height();
        s[QStringLiteral("logicalDpi")] = 96;
        s[QStringLiteral("logicalBaseDpi")] = 96;
        s[QStringLiteral("dpr")] = sc.scale;
        screens.append(s);
        x += sc.logical.width();
    }
    QJsonObject c;
    c[QStringLiteral("synchronousWindowSystemEvents")] = false;
    c[QStringLiteral("windowFrameMargins")] = false;
    c[QStringLiteral("screens")] = screens;
    return QJsonDocument(c).toJson(QJsonDocument::Compact);
}

#ifdef POOLSCOPE_QM_DIR
// The window's compiled translation for `lang` installed into `tr` (none for "en"), until `tr` goes:
// false if it cannot be loaded or installed.
inline bool installLanguage(const QString& lang, std::unique_ptr<QTranslator>& tr)
{
    if (lang == QLatin1String("en"))
        return true;
    tr = std::make_unique<QTranslator>();
    return tr->load(QStringLiteral(POOLSCOPE_QM_DIR "/poolscope_%1.qm").arg(lang)) &&
           QCoreApplication::installTranslator(tr.get());
}
#endif

inline QScreen* screenNamed(const QString& name)
{
    for (QScreen* s : QGuiApplication::screens())
        if (s->name() == name)
            return s;
    return nullptr;
}

struct Label
{
    QString where; // "diagram", a chart's title, a pane's
    QString text;
    QRectF ink;
    bool elided = false;
};

inline QString describe(const Label& l)
{
    return QStringLiteral("%1: \"%2\" at %3,%4 %5x%6")
        .arg(l.where, l.text)
        .arg(l.ink.x(), 0, 'f', 0)
        .arg(l.ink.y(), 0, 'f', 0)
        .arg(l.ink.width(), 0, 'f', 0)
        .arg(l.ink.height(), 0, 'f', 0);
}

// Cut, outside `bounds`, or more than 2 px into another label (lines of text touch).
inline QStringList problems(const std::vector<Label>& labels, const QRectF& bounds)
{
    QStringList bad;
    for (const Label& l : labels) {
        if (l.elided)
            bad << QStringLiteral("cut: ") + describe(l);
        else if (!bounds.adjusted(-0.5, -0.5, 0.5, 0.5).contains(l.ink))
            bad << QStringLiteral("outside: ") + describe(l);
    }
    for (std::size_t i = 0; i < labels.size(); ++i) {
        for (std::size_t j = i + 1; j < labels.size(); ++j) {
            const QRectF both = labels[i].ink.intersected(labels[j].ink);
            if (both.width() > 2 && both.height() > 2)
                bad << QStringLiteral("overlap: ") + describe(labels[i]) + QStringLiteral(" / ") +
                           describe(labels[j]);
        }
    }
    return bad;
}

// Future cells (their inks, DiagramView::futureCellInks) that come closer to each other than `apart`
// (a line's width): dashed outlines that touch read as one.
inline QStringList cellsTouching(const std::vector<QRectF>& cells, double apart, const QString& where)
{
    QStringList bad;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        for (std::size_t j = i + 1; j < cells.size(); ++j) {
            const QRectF& a = cells[i];
            const QRectF& b = cells[j];
            const double gap = std::max(
                {b.left() - a.right(), a.left() - b.right(), b.top() - a.bottom(), a.top() - b.bottom()});
            if (gap < apart)
                bad << QStringLiteral("%1: future cells %2 and %3 %4 px apart (less than %5)")
                           .arg(where)
                           .arg(i)
                           .arg(j)
                           .arg(gap, 0, 'f', 1)
                           .arg(apart, 0, 'f', 1);
        }
    }
    return bad;
}

} // namespace poolscope::uitest
