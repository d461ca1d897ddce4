// ui/diagram/textfit: whether a diagram's texts fit, and the least size at which they do, found by
// bisecting the probe grid. The probes here are synthetic: a text that is elided below a threshold, two
// texts that overlap below one, so each row knows its answer.

#include "ui/diagram/textfit.h"

#include <QtTest>

using namespace poolscope::ui;

namespace {

DrawnText text(QRectF ink, bool elided = false)
{
    DrawnText t;
    t.box = ink;
    t.ink = ink;
    t.text = QStringLiteral("x");
    t.elided = elided;
    return t;
}

} // namespace

class TstUiTextFit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void textsFit_data()
    {
        QTest::addColumn<std::vector<DrawnText>>("texts");
        QTest::addColumn<bool>("fits");
        const QRectF a(10, 10, 50, 12);
        QTest::newRow("one whole text inside") << std::vector<DrawnText>{text(a)} << true;
        QTest::newRow("an elided text") << std::vector<DrawnText>{text(a, true)} << false;
        QTest::newRow("a text past the right edge")
            << std::vector<DrawnText>{text(QRectF(80, 10, 30, 12))} << false;
        QTest::newRow("two lines that touch")
            << std::vector<DrawnText>{text(a), text(a.translated(0, 11))} << true;
        QTest::newRow("one text over another")
            << std::vector<DrawnText>{text(a), text(a.translated(5, 5))} << false;
    }
    void textsFit()
    {
        QFETCH(std::vector<DrawnText>, texts);
        QFETCH(bool, fits);
        QCOMPARE(poolscope::ui::textsFit(texts, QSizeF(100, 100)), fits);
    }

    void leastWidthIsTheFirstGridStepThatFits_data()
    {
        QTest::addColumn<double>("needs");
        QTest::addColumn<int>("expected");
        QTest::newRow("fits at the first probe") << 100.0 << 360;
        QTest::newRow("between two steps: the next step up") << 701.0 << 720;
        QTest::newRow("exactly on a step") << 720.0 << 720;
        QTest::newRow("the last step") << 2380.0 << 2380;
        QTest::newRow("never: the most") << 5000.0 << 2400;
    }
    void leastWidthIsTheFirstGridStepThatFits()
    {
        QFETCH(double, needs);
        QFETCH(int, expected);
        int probes = 0;
        int otherHeights = 0;
        const TextProbe probe = [&](QSizeF size) {
            ++probes;
            otherHeights += size.height() != 300.0 ? 1 : 0;
            return std::vector<DrawnText>{text(QRectF(0, 0, 10, 10), size.width() < needs)};
        };
        QCOMPARE(leastUnelidedWidth(probe, 300), expected);
        QCOMPARE(otherHeights, 0);
        // Bisected: 102 grid steps take at most 7 probes, not one a step.
        QVERIFY2(probes <= 7, qPrintable(QStringLiteral("%1 probes").arg(probes)));
    }

    void leastHeightIsTheFirstGridStepThatFits_data()
    {
        QTest::addColumn<double>("needs");
        QTest::addColumn<int>("most");
        QTest::addColumn<int>("expected");
        QTest::newRow("fits at the first probe") << 150.0 << 800 << 200;
        QTest::newRow("between two steps: the next step up") << 433.0 << 800 << 440;
        QTest::newRow("fits only at the most") << 800.0 << 800 << 800;
        QTest::newRow("never within the most: 0") << 801.0 << 800 << 0;
        QTest::newRow("the most below the first probe: 0") << 100.0 << 150 << 0;
    }
    void leastHeightIsTheFirstGridStepThatFits()
    {
        QFETCH(double, needs);
        QFETCH(int, most);
        QFETCH(int, expected);
        const TextProbe probe = [&](QSizeF size) {
            // Two lines that overlap until the height reaches `needs`.
            const double gap = size.height() >= needs ? 20 : 5;
            return std::vector<DrawnText>{text(QRectF(0, 0, 40, 12)), text(QRectF(0, gap, 40, 12))};
        };
        QCOMPARE(leastFittingHeight(probe, 500, most), expected);
    }
};

QTEST_MAIN(TstUiTextFit)
#include "tst_uitextfit.moc"
