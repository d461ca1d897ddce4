#include "ui/shell/theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

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
    switch (t) {
    case Tint::Queued:
        return {0x4c, 0x8b, 0xf5};
    case Tint::InPipe:
        return {0x12, 0xa4, 0xb4};
    case Tint::Running:
        return {0xf5, 0xb4, 0x00};
    case Tint::GilWait:
        return {0xa8, 0x6b, 0xe0};
    case Tint::Result:
        return {0x2e, 0xa0, 0x4f};
    case Tint::Exception:
        return {0xe5, 0x3e, 0x33};
    case Tint::Cancelled:
        return {0x9a, 0xa0, 0xa6};
    case Tint::Sentinel:
        return {0x6b, 0x6f, 0x75};
    }
    return Qt::gray;
}

QColor textOn(const QColor& fill)
{
    // Relative luminance (sRGB approximation) decides black or white text.
    const double l = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF();
    return l > 0.55 ? QColor(0x11, 0x11, 0x11) : QColor(Qt::white);
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
    return {0xd9, 0x30, 0x25};
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
