// The state colours are the Okabe–Ito palette, and every text and chip the diagram draws
// contrasts with what is under it (WCAG 2: 4.5:1 for text, 3:1 for a chip), light and dark,
// with and without presenter mode's high contrast.

#include "ui/shell/theme.h"

#include <QApplication>
#include <QtTest>

#include <set>

using namespace poolscope::ui;

namespace {
const theme::Tint kTints[] = {theme::Tint::Queued,    theme::Tint::InPipe,  theme::Tint::Running,
                              theme::Tint::GilWait,   theme::Tint::Result,  theme::Tint::Exception,
                              theme::Tint::Cancelled, theme::Tint::Sentinel};

QString name(const QColor& c)
{
    return c.name();
}
} // namespace

class TstUiTheme : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { theme::setHighContrast(false); }

    void contrastIsTheWcagRatio()
    {
        QCOMPARE(theme::contrast(Qt::black, Qt::white), 21.0);
        QCOMPARE(theme::contrast(Qt::white, Qt::white), 1.0);
        // #767676 is the lightest grey with 4.5:1 on white.
        QVERIFY(theme::contrast(QColor(0x76, 0x76, 0x76), Qt::white) >= 4.5);
        QVERIFY(theme::contrast(QColor(0x77, 0x77, 0x77), Qt::white) < 4.5);
    }

    void statesUseOkabeIto()
    {
        const std::set<QRgb> okabeIto{0x0072b2, 0x56b4e9, 0xe69f00, 0xcc79a7, 0x009e73, 0xd55e00, 0x999999};
        std::set<QRgb> seen;
        for (theme::Tint t : kTints) {
            const QRgb rgb = theme::tint(t).rgb() & 0xffffff;
            QVERIFY2(seen.insert(rgb).second, qPrintable(name(theme::tint(t))));
            if (t != theme::Tint::Sentinel) // None is a dark grey, not a state
                QVERIFY2(okabeIto.count(rgb) == 1, qPrintable(name(theme::tint(t))));
        }
    }

    void textAndChipsContrast_data()
    {
        QTest::addColumn<int>("choice");
        QTest::addColumn<bool>("high");
        QTest::newRow("light") << int(theme::Choice::Light) << false;
        QTest::newRow("dark") << int(theme::Choice::Dark) << false;
        QTest::newRow("light, presenter's high contrast") << int(theme::Choice::Light) << true;
        QTest::newRow("dark, presenter's high contrast") << int(theme::Choice::Dark) << true;
    }
    void textAndChipsContrast()
    {
        QFETCH(int, choice);
        QFETCH(bool, high);
        theme::setHighContrast(high);
        theme::apply(*qApp, static_cast<theme::Choice>(choice));
        const QPalette pal = QApplication::palette();
        QStringList bad;
        for (const QColor& bg : {pal.color(QPalette::Window), theme::boxFill(pal)}) {
            const auto text = [&](const char* what, const QColor& fg) {
                const double r = theme::contrast(theme::over(fg, bg), bg);
                if (r < 4.5)
                    bad << QStringLiteral("%1 %2 on %3: %4")
                               .arg(QLatin1String(what), name(fg), name(bg))
                               .arg(r);
            };
            text("text", pal.color(QPalette::WindowText));
            text("muted text", theme::muted(pal));
            text("broken / killed", theme::brokenOn(pal));
            for (theme::Tint t : kTints) {
                const QColor fill = theme::tint(t);
                const double chip =
                    std::max(theme::contrast(fill, bg), theme::contrast(theme::edgeOn(fill, bg), bg));
                if (chip < 3)
                    bad << QStringLiteral("chip %1 on %2: %3").arg(name(fill), name(bg)).arg(chip);
            }
        }
        for (theme::Tint t : kTints) {
            const QColor fill = theme::tint(t);
            const double r = theme::contrast(theme::textOn(fill), fill);
            if (r < 4.5)
                bad << QStringLiteral("number on chip %1: %2").arg(name(fill)).arg(r);
        }
        const double banner = theme::contrast(Qt::white, theme::broken());
        if (banner < 4.5)
            bad << QStringLiteral("banner text: %1").arg(banner);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TstUiTheme)
#include "tst_uitheme.moc"
