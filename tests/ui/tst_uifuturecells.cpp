// ui/diagram/futurecells: which font a future's number takes in a cell (the bold one, the small one, the
// small one at 0.7, or none), chosen once per cell size and font rather than every frame; the cells'
// pixmaps, which draw what the painter draws; and the numbered cells' pixmaps, which draw what the cell's
// pixmap and its number drew, within a bounded budget, forgotten when the font, theme, cell or DPR changes.

#include "ui/diagram/futurecells.h"
#include "ui/diagram/textcache.h"
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

// A canvas of `logical` size at `dpr`, filled with the futures box's colour.
QImage boxCanvas(QSize logical, qreal dpr, const QColor& boxFill)
{
    QImage img(logical * dpr, QImage::Format_ARGB32_Premultiplied);
    img.setDevicePixelRatio(dpr);
    img.fill(boxFill);
    return img;
}

// The palette of a theme, as the window gets it.
QPalette paletteOf(theme::Choice choice)
{
    theme::apply(*qApp, choice);
    return QApplication::palette();
}

// A cell that holds four-digit numbers in bold, at fractional sizes as fitGrid gives them.
QSizeF numberedCell()
{
    return need(boldFont(), 4) + QSizeF(3.5, 2.25);
}

// What the window drew for a common numbered cell before its number went into the pixmap: the cell's
// pixmap, then the number on top.
void drawCellThenNumber(QPainter& p, FutureCellSprites& cells, TextCache& text, const QRectF& r, bool done,
                        const QColor& tint, const QColor& boxFill, const QColor& pendingText, FutureNumber n)
{
    p.setFont(boldFont());
    if (done) {
        p.setPen(cells.drawDone(p, r, tint, boxFill));
    } else {
        cells.drawPending(p, r, tint, boxFill);
        p.setPen(pendingText);
    }
    text.draw(p, r, Qt::AlignCenter, n.text());
}

void drawNumbered(QPainter& p, FutureCellSprites& cells, TextCache& text, const QRectF& r, bool done,
                  const QColor& tint, const QColor& boxFill, const QColor& pendingText, FutureNumber n,
                  const QFont& font = boldFont())
{
    if (done)
        cells.drawDoneNumbered(p, r, tint, boxFill, n, font, text);
    else
        cells.drawPendingNumbered(p, r, tint, boxFill, pendingText, n, font, text);
}

} // namespace

class TstUiFutureCells : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup()
    {
        theme::setHighContrast(false);
        theme::apply(*qApp, theme::Choice::Light);
    }

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

    // A number laid out from its glyphs draws what its shaped QStaticText drew, pixel for pixel, in each
    // font the futures take, at 1x and 2x, at whole and fractional positions, with and without a mark.
    void aNumberFromItsGlyphsIsTheShapedNumber_data()
    {
        QTest::addColumn<QFont>("font");
        QTest::addColumn<qreal>("dpr");
        QFont cjk = smallFont();
        cjk.setFamilies({QStringLiteral("Noto Sans CJK SC")}); // the Chinese UI's font, where installed
        const std::pair<const char*, QFont> fonts[] = {
            {"bold", boldFont()}, {"small", smallFont()}, {"small at 0.7", tinyFont()}, {"Chinese UI", cjk}};
        for (const auto& [name, font] : fonts)
            for (const qreal dpr : {1.0, 2.0})
                QTest::addRow("%s, x%d", name, static_cast<int>(dpr)) << font << dpr;
    }
    void aNumberFromItsGlyphsIsTheShapedNumber()
    {
        QFETCH(QFont, font);
        QFETCH(qreal, dpr);
        FutureNumberGlyphs glyphs;
        QVERIFY(glyphs.build(font));
        QVERIFY(glyphs.usable());
        TextCache text;
        const QColor ink(0x20, 0x20, 0x20);
        int drawn = 0;
        for (const std::int64_t index :
             {0, 1, 7, 10, 11, 17, 42, 99, 100, 101, 808, 999, 1000, 1234, 1999, 56789}) {
            for (const char16_t mark : {char16_t{0}, u'✓', u'✗', u'⊘'}) {
                for (const QPointF at :
                     {QPointF(3, 2), QPointF(3.3, 2.5), QPointF(3.5, 2.25), QPointF(3.77, 2.9)}) {
                    const FutureNumber n{index, mark};
                    const QRectF r(at, QSizeF(QFontMetricsF(font).horizontalAdvance(n.text()) + 6, 18));
                    QImage shaped = boxCanvas({90, 24}, dpr, Qt::white);
                    QImage composed = boxCanvas({90, 24}, dpr, Qt::white);
                    {
                        QPainter p(&shaped);
                        p.setFont(font);
                        p.setPen(ink);
                        text.draw(p, r, Qt::AlignCenter, n.text());
                    }
                    {
                        QPainter p(&composed);
                        p.setFont(font);
                        p.setPen(ink);
                        QVERIFY(glyphs.draw(p, r, n));
                    }
                    QVERIFY2(shaped == composed,
                             qPrintable(n.text() + QStringLiteral(" at %1, %2").arg(at.x()).arg(at.y())));
                    ++drawn;
                }
            }
        }
        QCOMPARE(drawn, 16 * 4 * 4);
        // Wider than its cell: TextCache would elide it, so it is left to TextCache.
        QImage img = boxCanvas({90, 24}, dpr, Qt::white);
        QPainter p(&img);
        QVERIFY(!glyphs.draw(p, QRectF(0, 0, 4, 18), FutureNumber{1234, u'✓'}));
        QCOMPARE(img, boxCanvas({90, 24}, dpr, Qt::white));
    }

    // A numbered cell's pixmap shows what the cell's pixmap and its number drawn over it showed, pixel
    // for pixel, at a whole device pixel: done (each mark) and pending, light and dark, at 1x and 2x.
    void aNumberedCellIsTheCellWithItsNumber_data()
    {
        QTest::addColumn<bool>("done");
        QTest::addColumn<int>("mark");
        QTest::addColumn<bool>("dark");
        QTest::addColumn<qreal>("dpr");
        QTest::addColumn<bool>("highContrast");
        for (const qreal dpr : {1.0, 2.0})
            for (const bool dark : {false, true}) {
                const char* where =
                    dark ? (dpr > 1 ? "dark, x2" : "dark, x1") : (dpr > 1 ? "light, x2" : "light, x1");
                QTest::addRow("done with a result, %s", where) << true << int{u'✓'} << dark << dpr << false;
                QTest::addRow("done with an exception, %s", where)
                    << true << int{u'✗'} << dark << dpr << false;
                QTest::addRow("cancelled, %s", where) << true << int{u'⊘'} << dark << dpr << false;
                QTest::addRow("pending, muted number, %s", where) << false << 0 << dark << dpr << false;
            }
        QTest::newRow("done, high contrast, x2") << true << int{u'✓'} << false << 2.0 << true;
        QTest::newRow("pending, high contrast, dark, x2") << false << 0 << true << 2.0 << true;
    }
    void aNumberedCellIsTheCellWithItsNumber()
    {
        QFETCH(bool, done);
        QFETCH(int, mark);
        QFETCH(bool, dark);
        QFETCH(qreal, dpr);
        QFETCH(bool, highContrast);
        theme::setHighContrast(highContrast);
        const QPalette pal = paletteOf(dark ? theme::Choice::Dark : theme::Choice::Light);
        const QColor boxFill = theme::boxFill(pal);
        const QColor pendingText = theme::muted(pal);
        const QColor tint = theme::tint(!done          ? theme::Tint::Running
                                        : mark == u'✓' ? theme::Tint::Result
                                        : mark == u'✗' ? theme::Tint::Exception
                                                       : theme::Tint::Cancelled);
        const FutureNumber n{1234, static_cast<char16_t>(mark)};
        const QRectF cell(QPointF(20, 10), numberedCell());
        QVERIFY(FutureLabelFit::fits(cell.size(), 4, boldFont()));

        FutureCellSprites before;
        TextCache beforeText;
        QImage expected = boxCanvas({100, 50}, dpr, boxFill);
        {
            QPainter p(&expected);
            p.setRenderHint(QPainter::Antialiasing);
            drawCellThenNumber(p, before, beforeText, cell, done, tint, boxFill, pendingText, n);
        }
        FutureCellSprites cells;
        TextCache text;
        QImage blitted = boxCanvas({100, 50}, dpr, boxFill);
        {
            QPainter p(&blitted);
            p.setRenderHint(QPainter::Antialiasing);
            drawNumbered(p, cells, text, cell, done, tint, boxFill, pendingText, n);
        }
        QCOMPARE(cells.numbered(), std::size_t{1});
        // The number is there: the numbered cell is not the bare cell.
        QImage bare = boxCanvas({100, 50}, dpr, boxFill);
        {
            QPainter p(&bare);
            FutureCellSprites plain;
            done ? void(plain.drawDone(p, cell, tint, boxFill)) : plain.drawPending(p, cell, tint, boxFill);
        }
        QVERIFY(largestDifference(bare, blitted) > 64);
        // A pending number's muted (translucent) pen is blended into the pixmap, then the pixmap over the
        // box: one rounding step more than blending it over the box at once.
        const int most = largestDifference(expected, blitted);
        const int allowed = done ? 0 : 1;
        QVERIFY2(most <= allowed, qPrintable(QStringLiteral("a channel %1 apart").arg(most)));
        // The next frames blit the same pixmap and draw the same pixels.
        for (int frame = 0; frame < 3; ++frame) {
            QImage again = boxCanvas({100, 50}, dpr, boxFill);
            QPainter p(&again);
            p.setRenderHint(QPainter::Antialiasing);
            cells.nextFrame();
            drawNumbered(p, cells, text, cell, done, tint, boxFill, pendingText, n);
            p.end();
            QCOMPARE(again, blitted);
        }
        QCOMPARE(cells.numbered(), std::size_t{1});
    }

    // Whatever changes what a numbered cell shows forgets the numbered pixmaps.
    void theNumberedCellsFollowFontThemeCellAndRatio_data()
    {
        QTest::addColumn<QString>("change");
        QTest::newRow("another font") << QStringLiteral("font");
        QTest::newRow("the dark theme's box") << QStringLiteral("theme");
        QTest::newRow("a wider cell") << QStringLiteral("cell");
        QTest::newRow("device pixel ratio 2") << QStringLiteral("dpr");
        QTest::newRow("high contrast's lines") << QStringLiteral("contrast");
        QTest::newRow("nothing: kept") << QStringLiteral("none");
    }
    void theNumberedCellsFollowFontThemeCellAndRatio()
    {
        QFETCH(QString, change);
        const QColor light = theme::boxFill(paletteOf(theme::Choice::Light));
        const QColor tint = theme::tint(theme::Tint::Result);
        FutureCellSprites cells;
        TextCache text;
        const QRectF cell(QPointF(4, 4), numberedCell());
        {
            QImage img = boxCanvas({120, 60}, 1, light);
            QPainter p(&img);
            for (std::int64_t i = 0; i < 3; ++i)
                cells.drawDoneNumbered(p, cell, tint, light, FutureNumber{i, u'✓'}, boldFont(), text);
        }
        QCOMPARE(cells.numbered(), std::size_t{3});
        QFont font = boldFont();
        QColor box = light;
        QRectF at = cell;
        qreal dpr = 1;
        if (change == QLatin1String("font"))
            font.setPointSizeF(13);
        else if (change == QLatin1String("theme"))
            box = theme::boxFill(paletteOf(theme::Choice::Dark));
        else if (change == QLatin1String("cell"))
            at.setWidth(at.width() + 1);
        else if (change == QLatin1String("dpr"))
            dpr = 2;
        else if (change == QLatin1String("contrast"))
            theme::setHighContrast(true);
        QImage img = boxCanvas({120, 60}, dpr, box);
        QPainter p(&img);
        cells.nextFrame();
        cells.drawDoneNumbered(p, at, tint, box, FutureNumber{0, u'✓'}, font, text);
        QCOMPARE(cells.numbered(), change == QLatin1String("none") ? std::size_t{3} : std::size_t{1});
    }

    // Thousands of numbers never take more than the budget; when it is full, what the last two frames
    // did not blit makes room, and a cell that finds none is drawn as before.
    void theNumberedCellsStayWithinTheirBudget_data()
    {
        QTest::addColumn<qreal>("dpr");
        QTest::newRow("x1") << 1.0;
        QTest::newRow("x2") << 2.0;
    }
    void theNumberedCellsStayWithinTheirBudget()
    {
        QFETCH(qreal, dpr);
        const QColor boxFill = theme::boxFill(paletteOf(theme::Choice::Light));
        const QColor tint = theme::tint(theme::Tint::Result);
        // Large cells, so that the budget holds few of them.
        const QRectF cell(2, 2, 120, 60);
        FutureCellSprites cells;
        TextCache text;
        QImage img = boxCanvas({130, 70}, dpr, boxFill);
        QPainter p(&img);
        const auto frame = [&](std::int64_t first, std::int64_t count) {
            cells.nextFrame();
            for (std::int64_t i = first; i < first + count; ++i)
                cells.drawDoneNumbered(p, cell, tint, boxFill, FutureNumber{i, u'✓'}, boldFont(), text);
        };
        frame(0, 1);
        const auto limit = static_cast<std::int64_t>(cells.numberLimit());
        const std::size_t pixels = static_cast<std::size_t>(std::ceil(120 * dpr) + 4) *
                                   static_cast<std::size_t>(std::ceil(60 * dpr) + 4) * 4;
        QCOMPARE(cells.numberedBytes(), pixels + FutureCellSprites::kNumberOverhead);
        QVERIFY(limit > 10 && limit < 5'000);

        // One frame of more numbers than fit: the budget's worth are kept, the rest drawn as before.
        frame(0, 2 * limit);
        QCOMPARE(cells.numbered(), static_cast<std::size_t>(limit));
        QVERIFY(cells.numberedBytes() <= FutureCellSprites::kNumberBudget);
        QImage fallback = boxCanvas({130, 70}, dpr, boxFill);
        QImage cached = boxCanvas({130, 70}, dpr, boxFill);
        {
            QPainter f(&fallback);
            cells.drawDoneNumbered(f, cell, tint, boxFill, FutureNumber{2 * limit - 1, u'✓'}, boldFont(),
                                   text);
            FutureCellSprites fresh;
            QPainter c(&cached);
            fresh.drawDoneNumbered(c, cell, tint, boxFill, FutureNumber{2 * limit - 1, u'✓'}, boldFont(),
                                   text);
            QCOMPARE(fresh.numbered(), std::size_t{1});
        }
        QCOMPARE(cells.numbered(), static_cast<std::size_t>(limit));
        QCOMPARE(fallback, cached);

        // The next frame's new numbers: everything is recent (blitted in the last frame), nothing goes.
        frame(5 * limit, 3);
        QCOMPARE(cells.numbered(), static_cast<std::size_t>(limit));
        // A frame later still, what neither it nor the one before blitted goes for the new ones.
        frame(6 * limit, 3);
        QCOMPARE(cells.numbered(), std::size_t{3});
        QVERIFY(cells.numberedBytes() <= FutureCellSprites::kNumberBudget);
    }
};

QTEST_MAIN(TstUiFutureCells)
#include "tst_uifuturecells.moc"
