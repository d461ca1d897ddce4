#include "ui/shell/theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

#include <algorithm>
#include <cmath>

namespace poolscope::ui::theme {

namespace {
QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1f, 0x21, 0x24);
    const QColor text(0xe8, 0xea, 0xed);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2d));
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa6));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7b, 0xd9));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    p.setColor(QPalette::Mid, QColor(0x5f, 0x63, 0x68));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Light, QColor(0x3c, 0x40, 0x43));
    p.setColor(QPalette::Midlight, QColor(0x35, 0x38, 0x3c));
    p.setColor(QPalette::Shadow, Qt::black);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x80, 0x86, 0x8b));
    return p;
}
Choice g_current = Choice::System;
bool g_highContrast = false;

// Text, frames and disabled text at full contrast on a pure background, for a projector
// (washed-out greys vanish there).
QPalette contrasted(QPalette p)
{
    const bool dark = isDark(p);
    const QColor bg = dark ? QColor(Qt::black) : QColor(Qt::white);
    const QColor fg = dark ? QColor(Qt::white) : QColor(Qt::black);
    for (auto role : {QPalette::Window, QPalette::Base, QPalette::Button, QPalette::ToolTipBase})
        p.setColor(QPalette::All, role, bg);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::ToolTipText})
        p.setColor(QPalette::Active, role, fg), p.setColor(QPalette::Inactive, role, fg);
    p.setColor(QPalette::AlternateBase, dark ? QColor(0x1a, 0x1a, 0x1a) : QColor(0xf0, 0xf0, 0xf0));
    return p;
}
} // namespace

Choice current()
{
    return g_current;
}

void setHighContrast(bool on)
{
    g_highContrast = on;
}

bool highContrast()
{
    return g_highContrast;
}

double lineWidth(double w)
{
    return g_highContrast ? w * 2 : w;
}

void apply(QApplication& app, Choice choice)
{
    g_current = choice;
    static const QString systemStyle = app.style() ? app.style()->name() : QString();
    static const QPalette systemPalette = app.palette();
    switch (choice) {
    case Choice::System:
        if (!systemStyle.isEmpty())
            QApplication::setStyle(QStyleFactory::create(systemStyle));
        QApplication::setPalette(systemPalette);
        break;
    case Choice::Light:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case Choice::Dark:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
        break;
    }
    if (g_highContrast)
        QApplication::setPalette(contrasted(QApplication::palette()));
}

Choice fromString(const QString& s)
{
    if (s == QLatin1String("light"))
        return Choice::Light;
    if (s == QLatin1String("dark"))
        return Choice::Dark;
    return Choice::System;
}

QString toString(Choice c)
{
    switch (c) {
    case Choice::Light:
        return QStringLiteral("light");
    case Choice::Dark:
        return QStringLiteral("dark");
    case Choice::System:
        break;
    }
    return QStringLiteral("system");
}

bool isDark(const QPalette& p)
{
    return p.color(QPalette::Window).lightnessF() < 0.5;
}

QColor tint(Tint t)
{
    // Okabe & Ito, "Color Universal Design" (2008): eight colours told apart with any colour vision.
    switch (t) {
    case Tint::Queued:
        return {0x00, 0x72, 0xb2}; // blue
    case Tint::InPipe:
        return {0x56, 0xb4, 0xe9}; // sky blue
    case Tint::Running:
        return {0xe6, 0x9f, 0x00}; // orange
    case Tint::GilWait:
        return {0xcc, 0x79, 0xa7}; // reddish purple
    case Tint::Result:
        return {0x00, 0x9e, 0x73}; // bluish green
    case Tint::Exception:
        return {0xd5, 0x5e, 0x00}; // vermillion
    case Tint::Cancelled:
        return {0x99, 0x99, 0x99}; // grey
    case Tint::Sentinel:
        return {0x66, 0x66, 0x66}; // dark grey: None, not a task
    }
    return Qt::gray;
}

namespace {
double luminance(const QColor& c)
{
    const auto lin = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF());
}
} // namespace

double contrast(const QColor& a, const QColor& b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor over(const QColor& c, const QColor& background)
{
    const double a = c.alphaF();
    return QColor::fromRgbF(static_cast<float>(c.redF() * a + background.redF() * (1 - a)),
                            static_cast<float>(c.greenF() * a + background.greenF() * (1 - a)),
                            static_cast<float>(c.blueF() * a + background.blueF() * (1 - a)));
}

QColor textOn(const QColor& fill)
{
    const QColor dark(0x11, 0x11, 0x11);
    const QColor light(Qt::white);
    return contrast(dark, fill) >= contrast(light, fill) ? dark : light;
}

QColor edgeOn(const QColor& fill, const QColor& background)
{
    const bool darkBg = luminance(background) < 0.18;
    QColor e = darkBg ? fill.lighter(130) : fill.darker(140);
    for (int i = 0; i < 12 && contrast(fill, background) < 3 && contrast(e, background) < 3; ++i)
        e = darkBg ? e.lighter(115) : e.darker(115);
    return e;
}

Tint tintOfPlace(ChipPlace place)
{
    switch (place) {
    case ChipPlace::Caller:
    case ChipPlace::WorkIds:
    case ChipPlace::Manager:
    case ChipPlace::WorkQueue:
    case ChipPlace::CallQueue:
        return Tint::Queued;
    case ChipPlace::CallPipe:
    case ChipPlace::ResultPipe:
    case ChipPlace::Returned:
        return Tint::InPipe;
    case ChipPlace::Worker:
        return Tint::Running;
    case ChipPlace::Future:
        return Tint::Result;
    }
    return Tint::Queued;
}

Tint tintOf(const TaskRecord& t)
{
    switch (t.final) {
    case FutureFinal::Result:
        return Tint::Result;
    case FutureFinal::Exception:
        return Tint::Exception;
    case FutureFinal::Cancelled:
        return Tint::Cancelled;
    case FutureFinal::None:
        break;
    }
    if (t.gilWaiting)
        return Tint::GilWait;
    return tintOfPlace(t.place);
}

QColor gilToken()
{
    return {0xff, 0xc8, 0x2e};
}
QColor broken()
{
    return {0xb3, 0x47, 0x00}; // a darker vermillion: white text on it at 5.5:1
}

QColor brokenOn(const QPalette& p)
{
    return isDark(p) ? QColor(0xff, 0x8a, 0x50) : broken();
}

QColor boxFill(const QPalette& p)
{
    const QColor base = p.color(QPalette::Base);
    return isDark(p) ? base.lighter(125) : base;
}

QColor boxBorder(const QPalette& p)
{
    QColor c = p.color(QPalette::WindowText);
    c.setAlphaF(g_highContrast ? 1.0f : 0.45f);
    return c;
}

QColor muted(const QPalette& p)
{
    QColor c = p.color(QPalette::WindowText);
    c.setAlphaF(g_highContrast ? 0.9f : 0.65f);
    return c;
}

} // namespace poolscope::ui::theme
