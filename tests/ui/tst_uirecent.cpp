// File ▸ Recent, offscreen: newest first, no repeats, at most eight; kept in QSettings; an entry
// opens its scenario; files deleted meanwhile are dropped with a message naming them.

#include "ui/shell/filemenu.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/recentscenarios.h"

#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace poolscope;
using namespace poolscope::ui;

namespace {

QString writeScenario(const QTemporaryDir& dir, const QString& name, int workers)
{
    Scenario s;
    s.workers = workers;
    s.tasks = 12;
    const QString path = dir.filePath(name);
    saveScenarioFile(s, path.toStdString());
    return path;
}

QStringList menuPaths(QMenu* menu)
{
    QStringList out;
    for (QAction* a : menu->actions())
        if (!a->data().toString().isEmpty())
            out << a->data().toString();
    return out;
}

} // namespace

class TstUiRecent : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // QSettings go to a test location
        QCoreApplication::setOrganizationName(QStringLiteral("PoolScopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_uirecent"));
        QSettings().clear();
    }
    void cleanupTestCase() { QSettings().clear(); }

    void newestFirstNoRepeatsAtMostEight()
    {
        QTemporaryDir dir;
        RecentScenarios r(false);
        QStringList added;
        for (int i = 0; i < 10; ++i)
            added << writeScenario(dir, QStringLiteral("s%1.json").arg(i), 2);
        for (const QString& p : added)
            r.add(p);
        QCOMPARE(r.paths().size(), RecentScenarios::kMax);
        QCOMPARE(r.paths().first(), added.last());
        QVERIFY(!r.paths().contains(added.first())); // the oldest fell off
        r.add(added[5]);
        QCOMPARE(r.paths().first(), added[5]);
        QCOMPARE(r.paths().count(added[5]), 1);
        QCOMPARE(r.paths().size(), RecentScenarios::kMax);
        // A relative path is stored absolute.
        QDir::setCurrent(dir.path());
        r.add(QStringLiteral("s3.json"));
        QCOMPARE(r.paths().first(), dir.filePath(QStringLiteral("s3.json")));
    }

    void keptInSettings()
    {
        QSettings().clear();
        QTemporaryDir dir;
        const QString a = writeScenario(dir, QStringLiteral("a.json"), 2);
        const QString b = writeScenario(dir, QStringLiteral("b.json"), 3);
        {
            RecentScenarios r(true);
            r.add(a);
            r.add(b);
        }
        QCOMPARE(RecentScenarios(true).paths(), (QStringList{b, a}));
        // Not persisting touches no setting.
        RecentScenarios(false).add(a);
        QCOMPARE(RecentScenarios(true).paths(), (QStringList{b, a}));
        // A hand-edited list is trimmed to what add() would keep.
        QStringList edited{a, QString(), a};
        for (int i = 0; i < 12; ++i)
            edited << QStringLiteral("/nowhere/%1.json").arg(i);
        QSettings().setValue(QStringLiteral("recentScenarios"), edited);
        const QStringList loaded = RecentScenarios(true).paths();
        QCOMPARE(loaded.size(), RecentScenarios::kMax);
        QCOMPARE(loaded.first(), a);
        QCOMPARE(loaded.count(a), 1);
        QSettings().clear();
    }

    void anEntryOpensItsScenario()
    {
        QTemporaryDir dir;
        const QString five = writeScenario(dir, QStringLiteral("five.json"), 5);
        const QString seven = writeScenario(dir, QStringLiteral("seven.json"), 7);
        MainWindow w(false);
        w.fileMenu()->recentScenarios()->add(five);
        w.fileMenu()->recentScenarios()->add(seven);
        Q_EMIT w.fileMenu()->recentMenu()->aboutToShow();
        QCOMPARE(menuPaths(w.fileMenu()->recentMenu()), (QStringList{seven, five}));
        QSignalSpy spec(w.controller(), &RunController::specChanged);
        for (QAction* a : w.fileMenu()->recentMenu()->actions())
            if (a->data().toString() == five)
                a->trigger();
        QCOMPARE(spec.count(), 1);
        QCOMPARE(w.controller()->spec().scenario.workers, 5);
        // It moved to the top.
        QCOMPARE(menuPaths(w.fileMenu()->recentMenu()), (QStringList{five, seven}));
    }

    void missingFilesAreDroppedWithAMessage()
    {
        QTemporaryDir dir;
        const QString kept = writeScenario(dir, QStringLiteral("kept.json"), 3);
        const QString gone = writeScenario(dir, QStringLiteral("gone.json"), 4);
        const QString alsoGone = writeScenario(dir, QStringLiteral("also-gone.json"), 4);
        MainWindow w(false);
        for (const QString& p : {kept, gone, alsoGone})
            w.fileMenu()->recentScenarios()->add(p);
        QVERIFY(QFile::remove(gone));
        Q_EMIT w.fileMenu()->recentMenu()->aboutToShow();
        QCOMPARE(menuPaths(w.fileMenu()->recentMenu()), (QStringList{alsoGone, kept}));
        QVERIFY2(w.messageText().contains(gone), qPrintable(w.messageText()));

        // Deleted between the menu opening and the click: not loaded, dropped, said so.
        QVERIFY(QFile::remove(alsoGone));
        QSignalSpy spec(w.controller(), &RunController::specChanged);
        w.fileMenu()->openRecentScenario(alsoGone);
        QCOMPARE(spec.count(), 0);
        QCOMPARE(w.fileMenu()->recentScenarios()->paths(), QStringList{kept});
        QVERIFY2(w.messageText().contains(alsoGone), qPrintable(w.messageText()));
        QVERIFY(w.messageText().contains(QStringLiteral("no longer exists")));
    }
};

QTEST_MAIN(TstUiRecent)
#include "tst_uirecent.moc"
