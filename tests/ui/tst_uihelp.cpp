// The Help menu, offscreen: Documentation and the tutorial summary open the markdown (images and
// links resolved) from the docs folder, or say where it should be; the shortcuts dialog lists the
// window's real shortcuts; About names the version and the licence; and both executables answer
// --help and --version with no display at all.

#include "core/version.h"
#include "ui/shell/docviewer.h"
#include "ui/shell/helpmenu.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/shortcutsdialog.h"

#include <QMenuBar>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

using namespace poolscope;
using namespace poolscope::ui;

namespace {

void writeFile(const QString& path, const QByteArray& text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

QAction* action(MainWindow& w, const char* name)
{
    return w.findChild<QAction*>(QLatin1String(name));
}

} // namespace

class TstUiHelp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void documentationOpensTheSourceTreeDocsFromABuild()
    {
        MainWindow w(false);
        // This test runs from the build tree: no installed copy beside it, so the source tree's.
        QCOMPARE(w.helpMenu()->docsRoot(), QDir(QStringLiteral(POOLSCOPE_SOURCE_DIR)).canonicalPath());
        QVERIFY(action(w, "documentationAction")->isEnabled());
        QSignalSpy triggered(action(w, "documentationAction"), &QAction::triggered);
        action(w, "documentationAction")->trigger();
        QCOMPARE(triggered.count(), 1);
        auto* viewer = w.findChild<DocViewer*>();
        QVERIFY(viewer);
        QVERIFY(viewer->isVisible());
        QCOMPARE(viewer->source().fileName(), QStringLiteral("README.md"));
        QCOMPARE(viewer->title(), QStringLiteral("PoolScope"));
        // The README's picture resolves against the file's folder.
        const QVariant img = viewer->browser()->loadResource(
            QTextDocument::ImageResource, QUrl(QStringLiteral("docs/images/gui-process-pool.png")));
        QVERIFY(img.isValid() && !img.toByteArray().isEmpty());
        viewer->close();
    }

    void docsFollowLinksAndTheTutorial()
    {
        QTemporaryDir root;
        writeFile(root.filePath(QStringLiteral("README.md")),
                  "# Test docs\n\nSee [the CLI](docs/cli.md).\n\n![a dot](docs/images/dot.png)\n");
        writeFile(root.filePath(QStringLiteral("docs/cli.md")), "# The command line\n\nFlags.\n");
        QImage dot(4, 4, QImage::Format_RGB32);
        dot.fill(Qt::red);
        QDir().mkpath(root.filePath(QStringLiteral("docs/images")));
        QVERIFY(dot.save(root.filePath(QStringLiteral("docs/images/dot.png"))));

        MainWindow w(false);
        w.helpMenu()->setDocsRoot(root.path());
        // No docs/tutorial.md yet: the entry is off and says where it would be.
        QVERIFY(!action(w, "tutorialAction")->isEnabled());
        QVERIFY(!w.helpMenu()->showTutorial());
        QVERIFY(w.messageText().contains(QStringLiteral("docs/tutorial.md")));

        DocViewer* viewer = w.helpMenu()->showDocumentation();
        QVERIFY(viewer);
        QCOMPARE(viewer->title(), QStringLiteral("Test docs"));
        QVERIFY(!viewer->browser()
                     ->loadResource(QTextDocument::ImageResource, QUrl(QStringLiteral("docs/images/dot.png")))
                     .toByteArray()
                     .isEmpty());
        // A link to another markdown file opens it in the viewer.
        QSignalSpy changed(viewer->browser(), &QTextBrowser::sourceChanged);
        viewer->browser()->setSource(viewer->source().resolved(QUrl(QStringLiteral("docs/cli.md"))));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(viewer->title(), QStringLiteral("The command line"));
        QVERIFY(viewer->windowTitle().contains(QStringLiteral("The command line")));
        // Asking again reuses the viewer, back on the README.
        QCOMPARE(w.helpMenu()->showDocumentation(), viewer);
        QCOMPARE(w.findChildren<DocViewer*>().size(), 1);
        QCOMPARE(viewer->title(), QStringLiteral("Test docs"));
        viewer->close();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete); // it deletes itself on close
        QVERIFY(!w.findChild<DocViewer*>());

        writeFile(root.filePath(QStringLiteral("docs/tutorial.md")), "# Tutorial summary\n\nSteps.\n");
        w.helpMenu()->setDocsRoot(root.path());
        QVERIFY(action(w, "tutorialAction")->isEnabled());
        action(w, "tutorialAction")->trigger();
        DocViewer* tutorial = w.findChild<DocViewer*>();
        QVERIFY(tutorial);
        QCOMPARE(tutorial->source().fileName(), QStringLiteral("tutorial.md"));
        QCOMPARE(tutorial->title(), QStringLiteral("Tutorial summary"));
        tutorial->close();
    }

    void missingDocsSayWhereTheyBelong()
    {
        MainWindow w(false);
        w.helpMenu()->setDocsRoot(QString());
        QVERIFY(!action(w, "documentationAction")->isEnabled());
        QVERIFY(!w.helpMenu()->showDocumentation());
        QVERIFY(w.messageText().contains(QStringLiteral("/usr/share/doc/poolscope")));
        QVERIFY(!w.findChild<DocViewer*>());
    }

    void f1OpensTheDocumentation()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy triggered(action(w, "documentationAction"), &QAction::triggered);
        QTest::keySequence(&w, QKeySequence(QKeySequence::HelpContents));
        QCOMPARE(triggered.count(), 1);
        QTRY_VERIFY(w.findChild<DocViewer*>());
        w.findChild<DocViewer*>()->close();
    }

    void shortcutsDialogListsTheWindowsRealShortcuts()
    {
        MainWindow w(false);
        action(w, "shortcutsAction")->trigger();
        auto* dialog = w.findChild<ShortcutsDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QStringList keys;
        for (const auto& row : dialog->rows())
            keys << row.second;
        // Every action of the window that has a key is listed with it, and nothing else is.
        QSet<QString> expected;
        for (QAction* a : w.findChildren<QAction*>())
            if (!a->shortcut().isEmpty() && !a->menu()) {
                QStringList all;
                for (const QKeySequence& k : a->shortcuts())
                    all << k.toString(QKeySequence::NativeText);
                expected.insert(all.join(QStringLiteral(", ")));
            }
        QCOMPARE(QSet<QString>(keys.begin(), keys.end()), expected);
        for (const QKeySequence& k :
             {QKeySequence(Qt::Key_Space), QKeySequence(Qt::Key_Right), QKeySequence(Qt::CTRL | Qt::Key_R),
              QKeySequence(QKeySequence::Open), QKeySequence(QKeySequence::HelpContents)})
            QVERIFY2(keys.contains(k.toString(QKeySequence::NativeText)), qPrintable(k.toString()));
        // Rows read like the menus: "Run ▸ Step".
        bool step = false;
        for (const auto& row : dialog->rows())
            step = step || (row.first == QStringLiteral("Run ▸ Step") &&
                            row.second == QKeySequence(Qt::Key_Right).toString(QKeySequence::NativeText));
        QVERIFY(step);
        dialog->close();

        // A key added to the window later shows up: the list is read, not written down.
        QAction* extra = w.menuBar()->actions().first()->menu()->addAction(QStringLiteral("Extra thing"));
        extra->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_K));
        ShortcutsDialog again(&w);
        bool found = false;
        for (const auto& row : again.rows())
            found = found || (row.first == QStringLiteral("File ▸ Extra thing") &&
                              row.second == extra->shortcut().toString(QKeySequence::NativeText));
        QVERIFY(found);
    }

    void aboutNamesTheVersionAndLicence()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        action(w, "aboutAction")->trigger();
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = w.findChild<QMessageBox*>(QStringLiteral("aboutBox"))) != nullptr);
        QVERIFY(box->text().contains(QStringLiteral("PoolScope %1").arg(QLatin1String(kVersion))));
        QVERIFY(box->text().contains(QStringLiteral("Licence: %1").arg(QLatin1String(kLicense))));
        box->close();
    }

    void binariesAnswerHelpAndVersionWithoutADisplay_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("flag");
        QTest::addColumn<QString>("starts");
        const QString v = QLatin1String(kVersion);
        const QString gui = QStringLiteral("poolscope"), cli = QStringLiteral("poolscope-cli");
        QTest::newRow("poolscope --help")
            << gui << QStringLiteral("--help") << QStringLiteral("usage: poolscope [options]\n");
        QTest::newRow("poolscope --version")
            << gui << QStringLiteral("--version") << QStringLiteral("poolscope %1\n").arg(v);
        QTest::newRow("poolscope-cli --help")
            << cli << QStringLiteral("--help") << QStringLiteral("usage: poolscope-cli");
        QTest::newRow("poolscope-cli --version")
            << cli << QStringLiteral("--version") << QStringLiteral("poolscope-cli %1\n").arg(v);
        QTest::newRow("poolscope-cli version")
            << cli << QStringLiteral("version") << QStringLiteral("poolscope-cli %1\n").arg(v);
    }
    void binariesAnswerHelpAndVersionWithoutADisplay()
    {
        QFETCH(QString, program);
        QFETCH(QString, flag);
        QFETCH(QString, starts);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* var : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QLatin1String(var));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(POOLSCOPE_BIN_DIR "/") + program, {flag});
        QVERIFY(p.waitForFinished(30000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
                 qPrintable(QString::fromUtf8(p.readAllStandardError())));
        QVERIFY2(out.startsWith(starts), qPrintable(out.left(200)));
    }
};

QTEST_MAIN(TstUiHelp)
#include "tst_uihelp.moc"
