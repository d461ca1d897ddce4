// Presenter mode, offscreen: F5 makes the window full screen with only the chosen docks, scaled
// text, thick lines and high contrast, and leaves it as it was; Ctrl++ / Ctrl+- / Ctrl+0 scale
// it only in the mode (the timeline zoom keeps them outside); the dock choice and the scale are
// remembered; `poolscope --presenter --screen WxH [--scale F] --screenshot` shows that screen.

#include "ui/diagram/diagramview.h"
#include "ui/shell/appmain.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/presentermode.h"
#include "ui/shell/shortcutsdialog.h"
#include "ui/shell/theme.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QProcess>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace poolscope;
using namespace poolscope::ui;

namespace {

QStringList visibleDocks(const MainWindow& w)
{
    QStringList out;
    for (QDockWidget* d : w.findChildren<QDockWidget*>())
        if (d->isVisible())
            out << d->objectName();
    out.sort();
    return out;
}

} // namespace

class TstUiPresenter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PoolScopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_uipresenter"));
        QSettings().clear();
    }
    void cleanupTestCase() { QSettings().clear(); }

    void f5EntersAndLeaves()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QStringList docks = visibleDocks(w);
        QVERIFY(!docks.isEmpty());
        const double basePt = w.diagram()->font().pointSizeF();
        const QRect normal = w.geometry();
        QVERIFY(!w.presenter()->statusLabel()->isVisible());

        QTest::keyClick(w.diagram(), Qt::Key_F5);
        QVERIFY(w.presenter()->isActive());
        QVERIFY(w.presenter()->toggleAction()->isChecked());
        QTRY_VERIFY(w.isFullScreen());
        QTRY_COMPARE(w.geometry(), w.screen()->geometry());
        QCOMPARE(visibleDocks(w), QStringList()); // nothing chosen yet: diagram and timeline only
        QCOMPARE(w.diagram()->font().pointSizeF(), basePt * PresenterMode::kDefaultScale);
        QVERIFY(theme::highContrast());
        QCOMPARE(theme::lineWidth(1.5), 3.0);
        // High contrast: text at full black or white on a pure background.
        const QColor text = qApp->palette().color(QPalette::WindowText);
        const QColor bg = qApp->palette().color(QPalette::Window);
        QVERIFY(text == QColor(Qt::black) || text == QColor(Qt::white));
        QVERIFY(bg == QColor(Qt::black) || bg == QColor(Qt::white));
        QVERIFY(text != bg);
        QVERIFY(w.presenter()->statusLabel()->isVisible());
        QVERIFY(w.presenter()->statusLabel()->text().contains(QStringLiteral("1.5")));
        auto* mirrors = w.findChild<QLabel*>(QStringLiteral("mirroredCPython"));
        QVERIFY(mirrors);
        QVERIFY(!mirrors->isVisible()); // room in the status bar at a large scale

        QTest::keyClick(w.diagram(), Qt::Key_F5);
        QVERIFY(!w.presenter()->isActive());
        QTRY_VERIFY(!w.isFullScreen());
        QTRY_COMPARE(visibleDocks(w), docks);
        QCOMPARE(w.diagram()->font().pointSizeF(), basePt);
        QTRY_COMPARE(w.geometry().size(), normal.size());
        QVERIFY(!theme::highContrast());
        QCOMPARE(theme::lineWidth(1.5), 1.5);
        QVERIFY(!w.presenter()->statusLabel()->isVisible());
        QVERIFY(mirrors->isVisible());

        // Esc leaves too, and only while presenting.
        QTest::keyClick(w.diagram(), Qt::Key_F5);
        QVERIFY(w.presenter()->isActive());
        QTest::keyClick(w.diagram(), Qt::Key_Escape);
        QVERIFY(!w.presenter()->isActive());
    }

    void ctrlPlusScalesOnlyInPresenterMode()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const double zoom = w.controller()->timelineNsPerPx();
        // Outside presenter mode Ctrl++ / Ctrl+- zoom the timeline.
        QTest::keyClick(w.diagram(), Qt::Key_Plus, Qt::ControlModifier);
        QVERIFY(w.controller()->timelineNsPerPx() < zoom);
        const double plus = w.controller()->timelineNsPerPx();
        QTest::keyClick(w.diagram(), Qt::Key_Equal, Qt::ControlModifier); // Ctrl+= too, as docs/gui.md says
        QVERIFY(w.controller()->timelineNsPerPx() < plus);
        QCOMPARE(w.presenter()->scale(), PresenterMode::kDefaultScale);
        const double zoomed = w.controller()->timelineNsPerPx();

        w.presenter()->setActive(true);
        const double basePt = w.diagram()->font().pointSizeF() / PresenterMode::kDefaultScale;
        QTest::keyClick(w.diagram(), Qt::Key_Plus, Qt::ControlModifier);
        QCOMPARE(w.presenter()->scale(), 1.75);
        QTest::keyClick(w.diagram(), Qt::Key_Equal, Qt::ControlModifier); // Ctrl+= without Shift
        QCOMPARE(w.presenter()->scale(), 2.0);
        QCOMPARE(w.diagram()->font().pointSizeF(), basePt * 2.0);
        QCOMPARE(w.controller()->timelineNsPerPx(), zoomed); // the timeline did not zoom
        QTest::keyClick(w.diagram(), Qt::Key_Minus, Qt::ControlModifier);
        QCOMPARE(w.presenter()->scale(), 1.75);
        QTest::keyClick(w.diagram(), Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(w.presenter()->scale(), 1.0);
        QTest::keyClick(w.diagram(), Qt::Key_Minus, Qt::ControlModifier);
        QCOMPARE(w.presenter()->scale(), PresenterMode::kMinScale);
        for (int i = 0; i < 12; ++i)
            QTest::keyClick(w.diagram(), Qt::Key_Plus, Qt::ControlModifier);
        QCOMPARE(w.presenter()->scale(), PresenterMode::kMaxScale);
        QCOMPARE(w.controller()->timelineNsPerPx(), zoomed);
        w.presenter()->setActive(false);
        QTest::keyClick(w.diagram(), Qt::Key_Minus, Qt::ControlModifier);
        QVERIFY(w.controller()->timelineNsPerPx() > zoomed);
        QCOMPARE(w.presenter()->scale(), PresenterMode::kMaxScale);
    }

    void theChoiceAndTheScaleAreRemembered()
    {
        QSettings().clear();
        {
            MainWindow w(true);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.presenter()->setActive(true);
            auto* charts = w.findChild<QDockWidget*>(QStringLiteral("chartsDock"));
            QVERIFY(charts);
            charts->toggleViewAction()->trigger(); // the teacher shows the charts
            QTRY_VERIFY(charts->isVisible());
            w.presenter()->setScale(2.5);
            w.close(); // while presenting
        }
        MainWindow again(true);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(!again.presenter()->isActive()); // the mode itself is not remembered
        // The layout saved on closing is the normal one, not the presenter's.
        QVERIFY(!again.isFullScreen());
        QTRY_VERIFY(again.findChild<QDockWidget*>(QStringLiteral("scenarioDock"))->isVisible());
        QCOMPARE(again.presenter()->scale(), 2.5);
        again.presenter()->setActive(true);
        QTRY_COMPARE(visibleDocks(again), QStringList{QStringLiteral("chartsDock")});
        again.presenter()->setActive(false);
        again.close();
        QSettings().clear();
    }

    void shortcutsDialogListsThem()
    {
        MainWindow w(false);
        ShortcutsDialog d(&w);
        QStringList keys;
        for (const auto& [what, key] : d.rows())
            keys << what + QStringLiteral(" = ") + key;
        const QString all = keys.join(QLatin1Char('\n'));
        // The rows docs/gui.md's presenter mode section names, with their menus.
        for (const char* row :
             {"View ▸ Presenter mode = F5", "Leave presenter mode = Esc",
              "View ▸ Presenter scale ▸ Larger (in presenter mode) = Ctrl++, Ctrl+=",
              "View ▸ Presenter scale ▸ Smaller (in presenter mode) = Ctrl+-",
              "View ▸ Presenter scale ▸ Actual size (in presenter mode) = Ctrl+0",
              "View ▸ Zoom timeline in = Ctrl++, Ctrl+=", "View ▸ Zoom timeline out = Ctrl+-"})
            QVERIFY2(keys.contains(QString::fromUtf8(row)), qPrintable(QString::fromUtf8(row) + u'\n' + all));
    }

    void commandLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("error");
        const QString shot = QStringLiteral("--screenshot=/tmp/x.png");
        QTest::newRow("presenter") << QStringList{QStringLiteral("--presenter")} << QString();
        QTest::newRow("a projector") << QStringList{QStringLiteral("--presenter"), QStringLiteral("--screen"),
                                                    QStringLiteral("1280x720"),    QStringLiteral("--scale"),
                                                    QStringLiteral("1.5"),         shot}
                                     << QString();
        QTest::newRow("bad screen") << QStringList{QStringLiteral("--screen"), QStringLiteral("big"), shot}
                                    << QStringLiteral("--screen: must be WIDTHxHEIGHT");
        QTest::newRow("screen without a screenshot")
            << QStringList{QStringLiteral("--screen"), QStringLiteral("1280x720")}
            << QStringLiteral("--screen: only with --screenshot or --bench-render");
        QTest::newRow("scale out of range")
            << QStringList{QStringLiteral("--screen=1280x720"), QStringLiteral("--scale=9"), shot}
            << QStringLiteral("--scale: must be a number from 1 to 4, got '9'");
        QTest::newRow("scale without screen") << QStringList{QStringLiteral("--scale=2"), shot}
                                              << QStringLiteral("--scale: only with --screen");
    }
    void commandLine()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, error);
        QString message;
        const auto parsed = parseAppOptions(args, &message);
        if (error.isEmpty()) {
            QVERIFY2(parsed.has_value(), qPrintable(message));
        } else {
            QVERIFY(!parsed.has_value());
            QVERIFY2(message.startsWith(error), qPrintable(message));
        }
    }

    void screenshotOfAProjector_data()
    {
        QTest::addColumn<QString>("screen");
        QTest::addColumn<QString>("scale"); // empty: none
        QTest::addColumn<bool>("presenter");
        QTest::addColumn<QSize>("image");
        QTest::newRow("1280x720 presenter")
            << QStringLiteral("1280x720") << QString() << true << QSize(1280, 720);
        QTest::newRow("1920x1080 x2 presenter")
            << QStringLiteral("1920x1080") << QStringLiteral("2") << true << QSize(1920, 1080);
        // Without presenter mode the window fits the screen it opens on.
        QTest::newRow("1366x768 window")
            << QStringLiteral("1366x768") << QString() << false << QSize(1366, 768);
    }
    void screenshotOfAProjector()
    {
        QFETCH(QString, screen);
        QFETCH(QString, scale);
        QFETCH(bool, presenter);
        QFETCH(QSize, image);
        // Its own temp dir: the screen's config file must be gone from it afterwards.
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString png = tmp.filePath(QStringLiteral("shot.png"));
        QStringList args{QStringLiteral("--workers"),
                         QStringLiteral("2"),
                         QStringLiteral("--tasks"),
                         QStringLiteral("4"),
                         QStringLiteral("--task-ms"),
                         QStringLiteral("50"),
                         QStringLiteral("--autorun"),
                         QStringLiteral("--screenshot"),
                         png,
                         QStringLiteral("--after"),
                         QStringLiteral("150"),
                         QStringLiteral("--screen"),
                         screen};
        if (!scale.isEmpty())
            args << QStringLiteral("--scale") << scale;
        if (presenter)
            args << QStringLiteral("--presenter");
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("QT_SCALE_FACTOR"));
        env.insert(QStringLiteral("TMPDIR"), tmp.path());
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(POOLSCOPE_BIN_DIR "/poolscope"), args);
        QVERIFY(p.waitForFinished(30000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QImage img(png);
        // The whole screen (presenter) or a window that fits it, in device pixels.
        QCOMPARE(img.size(), image);
        // The config file given to the offscreen platform is gone.
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files), QStringList{QStringLiteral("shot.png")});
    }
};

QTEST_MAIN(TstUiPresenter)
#include "tst_uipresenter.moc"
