// ui/diagram/futurecells: which font a future's number takes in a cell (the bold one, the small one, the
// small one at 0.7, or none), chosen once per cell size and font rather than every frame; and the cells'
// pixmaps, which draw what the painter draws.

#include "ui/diagram/futurecells.h"
#include "ui/shell/theme.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QImage>
#include <QPainter>
#include <QtTest>

#include <cmath>
#include <cstdlib>

using namespace poolscope::ui;

namespace {

QFont boldFont()
{
    QFont f = QApplication::font();
    f.setPointSizeF(12);
    f.setBold(true);
    return f;
}

QFont smallFont()
{
    QFont f = QApplication::font();
    f.setPointSizeF(9);
    return f;
}

QFont tinyFont()
{
    QFont f = smallFont();
    f.setPointSizeF(smallFont().pointSizeF() * 0.7);
    return f;
}

// The least cell a number of `digits` digits and its mark fits in `font`: its digits' ink and half a pixel
// above and below, its advance and a pixel either side.
QSizeF need(const QFont& font, int digits)
{
    const QFontMetricsF m(font);
    return {m.horizontalAdvance(QString(digits, QLatin1Char('0')) + QStringLiteral("✓")) + 2,
            m.tightBoundingRect(QStringLiteral("0123456789")).height() + 1};
}

// The largest difference of one channel between two images of the same size.
int largestDifference(const QImage& a, const QImage& b)
{
    int most = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y);
            const QRgb q = b.pixel(x, y);
            most = std::max({most, std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                             std::abs(qBlue(p) - qBlue(q))});
        }
    return most;
}

QImage canvas()
{
    QImage img(80, 40, QImage::Format_ARGB32_Premultiplied);
    img.fill(QColor(0xf4, 0xf4, 0xf4));
    return img;
}

} // namespace

class TstUiFutureCells : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { theme::setHighContrast(false); }

    void digitsAreThoseOfTheLongestNumber_data()
    {
        QTest::addColumn<qint64>("futures");
        QTest::addColumn<int>("digits");
        QTest::newRow("none") << qint64{0} << 1;
        QTest::newRow("one: future 0") << qint64{1} << 1;
        QTest::newRow("ten: 0 to 9") << qint64{10} << 1;
        QTest::newRow("eleven: up to 10") << qint64{11} << 2;
        QTest::newRow("2,000: up to 1999") << qint64{2'000} << 4;
        QTest::newRow("10,001: up to 10000") << qint64{10'001} << 5;
    }
    void digitsAreThoseOfTheLongestNumber()
    {
        QFETCH(qint64, futures);
        QFETCH(int, digits);
        QCOMPARE(FutureLabelFit::digitsOf(futures), digits);
    }

    // Each font from its least cell up: the bold one where it fits, else the small one, else the small
    // one at 0.7 times its size, else no number at all.
    void theLargestFontThatFitsIsChosen()
    {
        const QSizeF bold = need(boldFont(), 2);
        const QSizeF small = need(smallFont(), 2);
        const QSizeF tiny = need(tinyFont(), 2);
        QVERIFY(bold.width() > small.width() && small.width() > tiny.width());
        QVERIFY(bold.height() > small.height() && small.height() > tiny.height());

        FutureLabelFit f = FutureLabelFit::choose(bold, 100, boldFont(), smallFont());
        QVERIFY(f.withText);
        QCOMPARE(f.font, boldFont());
        // Half a pixel narrower or lower than the bold one needs: the small one.
        for (const QSizeF cell : {bold - QSizeF(0.5, 0), bold - QSizeF(0, 0.5)}) {
            f = FutureLabelFit::choose(cell, 100, boldFont(), smallFont());
            QVERIFY(f.withText);
            QCOMPARE(f.font, smallFont());
        }
        f = FutureLabelFit::choose(small - QSizeF(0.5, 0), 100, boldFont(), smallFont());
        QVERIFY(f.withText);
        QCOMPARE(f.font.pointSizeF(), tinyFont().pointSizeF());
        f = FutureLabelFit::choose(tiny, 100, boldFont(), smallFont());
        QVERIFY(f.withText);
        // Lower than even the smallest font's digits: plain rectangles (drawn in that font, with no text).
        f = FutureLabelFit::choose(tiny - QSizeF(0, 0.5), 100, boldFont(), smallFont());
        QVERIFY(!f.withText);
    }

    // The width counts the longest number: a cell that holds 99 futures' numbers in bold does not hold
    // 10,000 futures' in it.
    void moreFuturesNeedWiderCells()
    {
        const QSizeF cell = need(boldFont(), 2);
        QCOMPARE(FutureLabelFit::choose(cell, 100, boldFont(), smallFont()).font, boldFont());
        const FutureLabelFit many = FutureLabelFit::choose(cell, 10'000, boldFont(), smallFont());
        QVERIFY(!(many.font == boldFont()));
        QCOMPARE(FutureLabelFit::fits(cell, 4, many.font), many.withText);
    }

    // The cache chooses again only when what the choice depends on changes, and then chooses as choose().
    void theCacheChoosesOncePerCellAndFont()
    {
        FutureLabelCache cache;
        const QSizeF cell = need(boldFont(), 3);
        QCOMPARE(cache.get(cell, 500, boldFont(), smallFont()).font, boldFont());
        for (int frame = 0; frame < 10; ++frame)
            cache.get(cell, 500, boldFont(), smallFont());
        QCOMPARE(cache.chosen(), 1);
        // More futures with as many digits: the same choice.
        cache.get(cell, 999, boldFont(), smallFont());
        QCOMPARE(cache.chosen(), 1);
        // A digit more (numbers up to 1000), a smaller cell, another font: chosen again.
        const FutureLabelFit& wider = cache.get(cell, 1'001, boldFont(), smallFont());
        QCOMPARE(cache.chosen(), 2);
        QCOMPARE(wider.font, FutureLabelFit::choose(cell, 1'001, boldFont(), smallFont()).font);
        cache.get(cell - QSizeF(0, 1), 1'001, boldFont(), smallFont());
        QCOMPARE(cache.chosen(), 3);
        QFont larger = boldFont();
        larger.setPointSizeF(14);
        const FutureLabelFit& scaled = cache.get(cell, 1'001, larger, smallFont());
        QCOMPARE(cache.chosen(), 4);
        QCOMPARE(scaled.withText, FutureLabelFit::choose(cell, 1'001, larger, smallFont()).withText);
        QCOMPARE(scaled.font, FutureLabelFit::choose(cell, 1'001, larger, smallFont()).font);
    }

    // At a whole pixel a sprite lands where the painter would have drawn the cell, and looks the same (at
    // most a rounding step of its compositing apart), done and pending, light and high contrast.
    void aSpriteDrawsWhatThePainterDraws_data()
    {
        QTest::addColumn<bool>("done");
        QTest::addColumn<bool>("highContrast");
        QTest::newRow("done") << true << false;
        QTest::newRow("pending, dashed") << false << false;
        QTest::newRow("done, high contrast") << true << true;
        QTest::newRow("pending, high contrast") << false << true;
    }
    void aSpriteDrawsWhatThePainterDraws()
    {
        QFETCH(bool, done);
        QFETCH(bool, highContrast);
        theme::setHighContrast(highContrast);
        const QColor boxFill(0xf4, 0xf4, 0xf4);
        const QColor tint = theme::tint(done ? theme::Tint::Result : theme::Tint::Queued);
        const QRectF cell(20, 10, 27.5, 16.25);
        QImage direct = canvas();
        {
            QPainter p(&direct);
            p.setRenderHint(QPainter::Antialiasing);
            if (done)
                FutureCellSprites::paintDone(p, cell, tint,
                                             FutureCellSprites::donePen(theme::edgeOn(tint, boxFill)));
            else
                FutureCellSprites::paintPending(p, cell,
                                                FutureCellSprites::pendingPen(theme::edgeOn(tint, boxFill)));
        }
        FutureCellSprites sprites;
        QImage blitted = canvas();
        {
            QPainter p(&blitted);
            p.setRenderHint(QPainter::Antialiasing);
            if (done)
                QCOMPARE(sprites.drawDone(p, cell, tint, boxFill), theme::textOn(tint));
            else
                sprites.drawPending(p, cell, tint, boxFill);
        }
        QVERIFY(blitted != canvas()); // something was drawn
        const int most = largestDifference(direct, blitted);
        QVERIFY2(most <= 2, qPrintable(QStringLiteral("a channel %1 apart").arg(most)));
        // Every later frame blits the same pixmap.
        QImage again = canvas();
        {
            QPainter p(&again);
            for (int frame = 0; frame < 3; ++frame)
                done ? void(sprites.drawDone(p, cell, tint, boxFill))
                     : sprites.drawPending(p, cell, tint, boxFill);
        }
        QCOMPARE(sprites.size(), std::size_t{1});
    }

    void aNewCellSizeDrawsAnew()
    {
        FutureCellSprites sprites;
        QImage img = canvas();
        QPainter p(&img);
        const QColor boxFill(0xf4, 0xf4, 0xf4);
        sprites.drawDone(p, QRectF(2, 2, 20, 12), theme::tint(theme::Tint::Result), boxFill);
        sprites.drawDone(p, QRectF(30, 2, 20, 12), theme::tint(theme::Tint::Exception), boxFill);
        sprites.drawPending(p, QRectF(2, 20, 20, 12), theme::tint(theme::Tint::Queued), boxFill);
        QCOMPARE(sprites.size(), std::size_t{3});
        sprites.drawDone(p, QRectF(2, 2, 21, 12), theme::tint(theme::Tint::Result), boxFill);
        QCOMPARE(sprites.size(), std::size_t{1});
        QCOMPARE(sprites.edgeOf(theme::tint(theme::Tint::Queued), boxFill),
                 theme::edgeOn(theme::tint(theme::Tint::Queued), boxFill));
    }
};

QTEST_MAIN(TstUiFutureCells)
#include "tst_uifuturecells.moc"
