// The window, offscreen: a screenshot that is not blank, fields that refuse
// bad values where they are typed, the keyboard shortcuts, command-line
// options, settings that persist, and closing mid-run.

#include "tests/testhelpers.h"
#include "ui/diagram/diagramview.h"
#include "ui/model/eventlogmodel.h"
#include "ui/panels/eventlogpanel.h"
#include "ui/panels/ganttview.h"
#include "ui/panels/inspectorpanel.h"
#include "ui/panels/scenariopanel.h"
#include "ui/run/eventbridge.h"
#include "ui/shell/appmain.h"
#include "ui/shell/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QToolButton>
#include <QtTest>

#include <set>

using namespace poolscope;
using namespace poolscope::ui;

namespace {

// Child processes of this test (worker processes a pool forked).
int childProcesses()
{
    int n = 0;
    const QString self = QString::number(QCoreApplication::applicationPid());
    for (const QString& pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(QStringLiteral("/proc/") + pid + QStringLiteral("/stat"));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QString line = QString::fromLatin1(stat.readAll());
        const QStringList fields = line.mid(line.lastIndexOf(QLatin1Char(')')) + 2).split(QLatin1Char(' '));
        if (fields.size() > 1 && fields[1] == self)
            ++n;
    }
    return n;
}

int threadCount()
{
    return static_cast<int>(
        QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
}

} // namespace

class TstUiWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // QSettings go to a test location
        QCoreApplication::setOrganizationName(QStringLiteral("PoolScopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_uiwindow"));
        QSettings().clear();
    }
    void cleanupTestCase() { QSettings().clear(); }

    void screenshotIsNotBlank()
    {
        MainWindow w(false);
        w.resize(1280, 800); // a common projector: everything must fit
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        RunSpec s = w.controller()->spec();
        s.scenario.workers = 3;
        s.scenario.tasks = 9;
        s.scenario.workload.name = "sleep";
        s.scenario.workload.taskMs = 30;
        w.controller()->setSpec(s);
        w.controller()->run();
        QVERIFY(test::waitForEvents([&] { return w.controller()->state() == RunState::Finished; }, 10000));
        QTest::qWait(50);
        const QImage img = w.grab().toImage();
        QVERIFY(!img.isNull());
        QCOMPARE(img.size(), QSize(1280, 800) * w.devicePixelRatio());
        // Not blank: many colours, and the diagram's state colours are there.
        std::set<QRgb> colours;
        for (int y = 0; y < img.height(); y += 3)
            for (int x = 0; x < img.width(); x += 3)
                colours.insert(img.pixel(x, y));
        QVERIFY2(colours.size() > 200, qPrintable(QString::number(colours.size())));
        const QImage diagram = w.diagram()->grab().toImage();
        int green = 0;
        for (int y = 0; y < diagram.height(); y += 2)
            for (int x = 0; x < diagram.width(); x += 2) {
                const QColor c = diagram.pixelColor(x, y);
                green += (c.green() > 140 && c.red() < 90 && c.blue() < 120) ? 1 : 0; // finished futures
            }
        QVERIFY2(green > 100, qPrintable(QString::number(green)));
        QVERIFY(w.statusText().contains(QStringLiteral("Finished")));
    }

    void badFieldValuesAreRefusedWhereTyped_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("kept"); // the field's text once Enter was pressed
        QTest::addColumn<QString>("why");  // part of a refusal message shown while typing; empty: none
        QTest::newRow("workers: 0 is refused, the old value stays") << "workers"
                                                                    << "0"
                                                                    << "4"
                                                                    << "max_workers";
        QTest::newRow("workers: 999, the second 9 is refused") << "workers"
                                                               << "999"
                                                               << "9"
                                                               << "max_workers";
        QTest::newRow("workers: letters are refused") << "workers"
                                                      << "x"
                                                      << "4"
                                                      << "max_workers";
        QTest::newRow("tasks: the minus sign is refused") << "tasks"
                                                          << "-3"
                                                          << "3"
                                                          << "tasks";
        QTest::newRow("timeout: letters are refused") << "timeout"
                                                      << "abc"
                                                      << ""
                                                      << "timeout";
        QTest::newRow("timeout: the minus sign is refused") << "timeout"
                                                            << "-1"
                                                            << "1"
                                                            << "timeout";
        QTest::newRow("timeout: 2.5 is accepted") << "timeout"
                                                  << "2.5"
                                                  << "2.5"
                                                  << "";
        QTest::newRow("timeout: None is accepted") << "timeout"
                                                   << "None"
                                                   << "None"
                                                   << "";
    }
    void badFieldValuesAreRefusedWhereTyped()
    {
        QFETCH(QString, field);
        QFETCH(QString, typed);
        QFETCH(QString, kept);
        QFETCH(QString, why);
        MainWindow w(false);
        w.show();
        ScenarioPanel* p = w.scenario();
        QWidget* target = nullptr;
        QLineEdit* edit = nullptr;
        if (field == QLatin1String("workers")) {
            target = p->workersField();
            edit = p->workersField()->findChild<QLineEdit*>();
        } else if (field == QLatin1String("tasks")) {
            target = p->tasksField();
            edit = p->tasksField()->findChild<QLineEdit*>();
        } else if (field == QLatin1String("timeout")) {
            target = edit = p->timeoutField();
        } else {
            p->maxTasksPerChildField()->setEnabled(true);
            target = edit = p->maxTasksPerChildField();
        }
        QVERIFY(edit);
        QSignalSpy refusals(p, &ScenarioPanel::refusalShown);
        edit->selectAll();
        QTest::keyClicks(target, typed);
        QTest::keyClick(target, Qt::Key_Return);
        QCOMPARE(edit->text(), kept);
        QStringList shown;
        for (const auto& args : refusals)
            if (!args.front().toString().isEmpty())
                shown << args.front().toString();
        if (why.isEmpty())
            QVERIFY2(shown.isEmpty(), qPrintable(shown.join(QLatin1Char('|'))));
        else
            QVERIFY2(shown.join(QLatin1Char('|')).contains(why), qPrintable(shown.join(QLatin1Char('|'))));
        // Whatever was typed, the spec the panel hands on is valid.
        QVERIFY(p->spec().validate().empty());
        QVERIFY(w.controller()->spec().validate().empty());
    }

    void optionalNumberValidator_data()
    {
        QTest::addColumn<bool>("integer");
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("state"); // QValidator::State
        QTest::addColumn<bool>("explained");
        const int bad = QValidator::Invalid, mid = QValidator::Intermediate, ok = QValidator::Acceptable;
        QTest::newRow("empty is None") << true << "" << ok << false;
        QTest::newRow("None") << true << "None" << ok << false;
        QTest::newRow("typing None") << true << "No" << mid << false;
        QTest::newRow("int: 3") << true << "3" << ok << false;
        QTest::newRow("int: a decimal point is refused") << true << "1.5" << bad << true;
        QTest::newRow("int: 0 is below the minimum") << true << "0" << mid << true;
        QTest::newRow("int: negative refused") << true << "-2" << bad << true;
        QTest::newRow("int: over the maximum refused") << true << "2000000" << bad << true;
        QTest::newRow("seconds: 0.25") << false << "0.25" << ok << false;
        QTest::newRow("seconds: 0 may still become 0.5") << false << "0" << mid << true;
        QTest::newRow("seconds: letters refused") << false << "1s" << bad << true;
    }
    void optionalNumberValidator()
    {
        QFETCH(bool, integer);
        QFETCH(QString, input);
        QFETCH(int, state);
        QFETCH(bool, explained);
        OptionalNumberValidator v(QStringLiteral("field"), integer ? 1 : 0, 1'000'000, integer);
        QSignalSpy refused(&v, &OptionalNumberValidator::refused);
        int pos = static_cast<int>(input.size());
        QCOMPARE(static_cast<int>(v.validate(input, pos)), state);
        bool said = false;
        for (const auto& args : refused)
            said = said || args.front().toString().startsWith(QStringLiteral("field: "));
        QCOMPARE(said, explained);
    }

    void statusBarSaysWhichCPythonItMirrors()
    {
        MainWindow w(false);
        auto* label = w.findChild<QLabel*>(QStringLiteral("mirroredCPython"));
        QVERIFY(label);
        QCOMPARE(label->text(), QStringLiteral("mirrors CPython 3.12, fork start method"));
        QVERIFY(label->toolTip().contains(QStringLiteral("forkserver")));
    }

    void shortcutsDriveTheRun()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        RunSpec s = w.controller()->spec();
        s.scenario.workers = 2;
        s.scenario.tasks = 30;
        s.scenario.workload.name = "sleep";
        s.scenario.workload.taskMs = 20;
        w.controller()->setSpec(s);
        w.diagram()->setFocus();
        QTest::keyClick(w.diagram(), Qt::Key_Space);
        QCOMPARE(w.controller()->state(), RunState::Running);
        QTest::keyClick(w.diagram(), Qt::Key_Space);
        QCOMPARE(w.controller()->state(), RunState::Paused);
        const std::uint64_t before = w.controller()->stepsTaken();
        QTest::keyClick(w.diagram(), Qt::Key_Right);
        QCOMPARE(w.controller()->stepsTaken(), before + 1);
        QTest::keyClick(w.diagram(), Qt::Key_R, Qt::ControlModifier);
        QCOMPARE(w.controller()->state(), RunState::Idle);
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->liveRuns(), 0, 10000);
    }

    void shortcutsWorkWhateverHasFocus_data()
    {
        QTest::addColumn<QString>("className");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("spaceRuns");
        QTest::addColumn<bool>("rightSteps");
        QTest::newRow("pool combo box") << QStringLiteral("QComboBox") << QString() << true << true;
        QTest::newRow("check box") << QStringLiteral("QCheckBox") << QString() << true << true;
        QTest::newRow("read-only code view") << QStringLiteral("QPlainTextEdit") << QString() << true << true;
        QTest::newRow("event log table") << QStringLiteral("QTableView") << QString() << true << true;
        QTest::newRow("spin box: Space runs, Right moves the cursor")
            << QStringLiteral("QSpinBox") << QString() << true << false;
        QTest::newRow("numeric field (timeout): Space runs, Right moves the cursor")
            << QStringLiteral("QLineEdit") << QStringLiteral("timeout") << true << false;
        QTest::newRow("inputs list keeps Space and Right")
            << QStringLiteral("QLineEdit") << QStringLiteral("inputs") << false << false;
    }
    void shortcutsWorkWhateverHasFocus()
    {
        QFETCH(QString, className);
        QFETCH(QString, name);
        QFETCH(bool, spaceRuns);
        QFETCH(bool, rightSteps);
        MainWindow w(false);
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        RunSpec s = w.controller()->spec();
        s.scenario.workers = 2;
        s.scenario.tasks = 30;
        // The inputs field shows for the CPU workloads only.
        s.scenario.workload.name = name == QLatin1String("inputs") ? "factorial" : "sleep";
        s.scenario.workload.taskMs = 20;
        w.controller()->setSpec(s);
        QWidget* field = nullptr;
        for (QWidget* c : w.findChildren<QWidget*>())
            if (c->isVisible() && c->isEnabled() && c->focusPolicy() != Qt::NoFocus &&
                c->inherits(qPrintable(className)) && (name.isEmpty() || c->objectName() == name) &&
                !qobject_cast<QComboBox*>(c->parentWidget())) {
                field = c;
                break;
            }
        QVERIFY2(field, qPrintable(className));
        field->setFocus();
        QTRY_VERIFY(field->hasFocus());
        QTest::keyClick(field, Qt::Key_Space);
        if (spaceRuns) {
            QCOMPARE(w.controller()->state(), RunState::Running);
            QTest::keyClick(field, Qt::Key_Space);
            QCOMPARE(w.controller()->state(), RunState::Paused);
        } else {
            QCOMPARE(w.controller()->state(), RunState::Idle); // typed into the field
            w.controller()->run();
            w.controller()->pause();
        }
        QVERIFY(field->hasFocus());
        const std::uint64_t before = w.controller()->stepsTaken();
        QTest::keyClick(field, Qt::Key_Right);
        QCOMPARE(w.controller()->stepsTaken(), rightSteps ? before + 1 : before);
        w.controller()->reset();
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->liveRuns(), 0, 10000);
    }

    void everyTimelineLaneIsLabelledWithNineWorkers()
    {
        MainWindow w(false);
        w.resize(1280, 720);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        RunSpec s = w.controller()->spec();
        s.scenario.pool = "thread";
        s.scenario.workers = 9;
        s.scenario.tasks = 18;
        s.scenario.workload.name = "sleep";
        s.scenario.workload.taskMs = 30;
        w.controller()->setSpec(s);
        w.controller()->run();
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->timeline().lanes().size() >= 9, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->state(), RunState::Finished, 10000);
        w.gantt()->repaint();
        const int lanes = static_cast<int>(w.controller()->timeline().lanes().size());
        QVERIFY2(w.gantt()->height() > 0, qPrintable(QString::number(w.gantt()->height())));
        QCOMPARE(w.gantt()->labelledLanes(), lanes);
    }

    void threadPoolDoesNotOfferTerminate()
    {
        MainWindow w(false);
        auto* onTimeout = w.scenario()->findChild<QComboBox*>(QStringLiteral("onTimeout"));
        QVERIFY(onTimeout);
        RunSpec s = w.controller()->spec();
        for (const char* kind : {"process", "thread"}) {
            s.scenario.pool = kind;
            s.scenario.onTimeout = "terminate";
            w.scenario()->setSpec(s);
            const bool process = std::string(kind) == "process";
            auto* model = qobject_cast<QStandardItemModel*>(onTimeout->model());
            QVERIFY(model);
            for (const char* a : {"terminate", "kill"})
                QCOMPARE(model->item(onTimeout->findData(QString::fromLatin1(a)))->isEnabled(), process);
            QCOMPARE(onTimeout->currentData().toString(),
                     process ? QStringLiteral("terminate") : QStringLiteral("cancel"));
        }
        // Showing cancel is no edit: a loaded thread-pool scenario keeps its on_timeout (a
        // preset stays that preset, a saved file is unchanged) and emits nothing.
        QSignalSpy edits(w.scenario(), &ScenarioPanel::specEdited);
        s.scenario.pool = "thread";
        s.scenario.onTimeout = "kill";
        w.scenario()->setSpec(s);
        QCOMPARE(edits.count(), 0);
        QCOMPARE(onTimeout->currentData().toString(), QStringLiteral("cancel"));
        QCOMPARE(w.scenario()->spec().scenario.onTimeout, std::string("kill"));
        // Back on a process pool the scenario's own choice shows again.
        auto* pool = w.scenario()->findChild<QComboBox*>(QStringLiteral("pool"));
        QVERIFY(pool);
        pool->setCurrentIndex(pool->findData(QStringLiteral("process")));
        QCOMPARE(onTimeout->currentData().toString(), QStringLiteral("kill"));
        // Choosing an action on the thread pool is an edit.
        s.scenario.pool = "thread";
        s.scenario.onTimeout = "terminate";
        w.scenario()->setSpec(s);
        onTimeout->setCurrentIndex(onTimeout->findData(QStringLiteral("wait")));
        QCOMPARE(w.scenario()->spec().scenario.onTimeout, std::string("wait"));
    }

    void countsAreOutOfTheConfiguredTasks()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        RunSpec s = w.controller()->spec();
        s.scenario.workers = 1;
        s.scenario.tasks = 3;
        s.scenario.workload.name = "sleep";
        s.scenario.workload.taskMs = 50;
        w.controller()->setSpec(s);
        for (int i = 0; i < 200 && w.controller()->scene().submitted() < 1; ++i) {
            w.controller()->step(); // from Ready: starts the run paused
            QTest::qWait(5);
        }
        QCOMPARE(w.controller()->scene().submitted(), std::int64_t(1));
        QTRY_VERIFY2(w.countText().contains(QStringLiteral("tasks 0/3 done")), qPrintable(w.countText()));
        w.controller()->reset();
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->liveRuns(), 0, 10000);
    }

    void shutdownButtonGreysOutWithItsItems()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* button = w.findChild<QToolButton*>(QStringLiteral("shutdownButton"));
        QVERIFY(button);
        QVERIFY(!button->isEnabled()); // Ready: every shutdown(...) item is disabled
        RunSpec s = w.controller()->spec();
        s.scenario.tasks = 20;
        s.scenario.workload.name = "sleep";
        s.scenario.workload.taskMs = 50;
        w.controller()->setSpec(s);
        w.controller()->run();
        QTRY_VERIFY(button->isEnabled());
        w.controller()->reset();
        QTRY_VERIFY(!button->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->liveRuns(), 0, 10000);
    }

    void killAfterTheRunEndedSaysWhy()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        RunSpec s = w.controller()->spec();
        s.scenario.pool = "process";
        s.scenario.workers = 2;
        s.scenario.tasks = 6;
        s.scenario.workload.name = "sleep";
        s.scenario.workload.taskMs = 100;
        w.controller()->setSpec(s);
        w.controller()->run();
        QTRY_VERIFY_WITH_TIMEOUT(
            w.controller()->canKillWorkers() && !w.controller()->scene().workers().empty(), 10000);
        QAction* kill = nullptr;
        for (QAction* a : w.findChildren<QAction*>())
            if (a->text() == QStringLiteral("Kill worker…"))
                kill = a;
        QVERIFY(kill);
        kill->trigger();
        auto* dialog = w.findChild<QInputDialog*>(QStringLiteral("killDialog"));
        QVERIFY(dialog);
        w.controller()->reset(); // the run ends while the dialog is open
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->liveRuns(), 0, 10000);
        dialog->accept();
        QVERIFY2(w.messageText().contains(QStringLiteral("not killed: the run ended")),
                 qPrintable(w.messageText()));
    }

    void cancelFuturesUnderAsCompletedSaysTheCallerWaitsForEver()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        RunSpec s = w.controller()->spec();
        s.scenario.workers = 2;
        s.scenario.tasks = 12;
        s.scenario.submit = "as_completed";
        s.scenario.timeoutS.reset();
        s.scenario.workload.name = "sleep";
        s.scenario.workload.taskMs = 100;
        w.controller()->setSpec(s);
        w.controller()->run();
        QTRY_VERIFY_WITH_TIMEOUT(
            w.controller()->scene().running() == 2 && w.controller()->scene().submitted() == 12, 10000);
        w.controller()->shutdownPool(false, true);
        QTRY_VERIFY_WITH_TIMEOUT(w.statusText().contains(QStringLiteral("waits for ever")), 10000);
        QCOMPARE(w.controller()->state(), RunState::Running); // as in CPython: nothing wakes it
        w.controller()->reset();
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->liveRuns(), 0, 10000);
    }

    // A factorial on a thread is one GMP call: paused, the status bar says it runs on.
    void pausedGmpCallIsNamed()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        RunSpec s = w.controller()->spec();
        s.scenario.pool = "thread";
        s.scenario.workers = 1;
        s.scenario.tasks = 1;
        s.scenario.submit = "submit";
        s.scenario.timeoutS.reset();
        s.scenario.workload.name = "factorial";
        s.scenario.gil = false; // no GIL events: from TaskStart on the thread is in the one GMP call
        s.scenario.workload.inputs = {8'000'000};
        w.controller()->setSpec(s);
        w.controller()->run();
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->scene().running() == 1, 10000);
        w.controller()->pause();
        QTRY_VERIFY2_WITH_TIMEOUT(w.statusText().contains(QStringLiteral("1 GMP call(s) on a thread run on")),
                                  qPrintable(w.statusText()), 10000);
        w.controller()->togglePause();
        QTRY_COMPARE_WITH_TIMEOUT(w.controller()->state(), RunState::Finished, 120000);
        QVERIFY(!w.statusText().contains(QStringLiteral("GMP")));
    }

    void clickingAChipSelectsItsTask()
    {
        MainWindow w(false);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        RunSpec s = w.controller()->spec();
        s.scenario.workers = 2;
        s.scenario.tasks = 6;
        s.scenario.workload.name = "sleep";
        s.scenario.workload.taskMs = 200;
        w.controller()->setSpec(s);
        w.controller()->run();
        QTRY_VERIFY_WITH_TIMEOUT(w.controller()->scene().running() == 2, 5000);
        w.controller()->pause();
        QTest::qWait(400); // chips land
        w.diagram()->repaint();
        const auto& chips = w.diagram()->drawnChips();
        const auto it = std::find_if(chips.begin(), chips.end(),
                                     [](const ChipView& c) { return c.place == ChipPlace::Worker; });
        QVERIFY(it != chips.end());
        QTest::mouseClick(w.diagram(), Qt::LeftButton, {}, it->center.toPoint());
        QCOMPARE(w.controller()->selectedTask(), it->task);
        QVERIFY(w.inspector()->headline().contains(QStringLiteral("RUNNING")));
        // Task N as the chip says, not the future's internal id (which grows from run to run).
        const TaskRecord* selected = w.controller()->scene().task(it->task);
        QCOMPARE(w.inspector()->headline(), QStringLiteral("Task %1 · RUNNING").arg(selected->index));
        QAbstractItemModelTester tester(w.inspector()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(w.inspector()->model()->rowCount() >= 2); // queued, running
        // The event log, filtered by that task, shows only its events.
        const std::int64_t index = w.controller()->scene().task(it->task)->index;
        w.eventLog()->taskFilter()->setText(QString::number(index));
        QAbstractItemModelTester logTester(w.eventLog()->proxy(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(w.eventLog()->proxy()->rowCount() >= 4);
        for (int r = 0; r < w.eventLog()->proxy()->rowCount(); ++r)
            QCOMPARE(w.eventLog()->proxy()->index(r, 0).data(EventLogModel::TaskIndexRole).toLongLong(),
                     index);
        w.controller()->reset();
    }

    void closingMidRunShutsThePoolDown()
    {
        const int baseline = threadCount();
        {
            MainWindow w(false);
            w.show();
            RunSpec s = w.controller()->spec();
            s.scenario.workers = 4;
            s.scenario.tasks = 400;
            s.scenario.workload.name = "sleep";
            s.scenario.workload.taskMs = 20;
            w.controller()->setSpec(s);
            w.controller()->run();
            QTRY_VERIFY_WITH_TIMEOUT(w.controller()->scene().running() >= 4, 5000);
            w.controller()->pause(); // even held at the gate
            QTRY_VERIFY_WITH_TIMEOUT(w.controller()->gateWaiting() >= 1, 5000);
            QElapsedTimer t;
            t.start();
            w.close();
            // The destructor joins: cancel_futures drained the queue, so only
            // the running tasks finish.
        }
        QTRY_COMPARE_WITH_TIMEOUT(threadCount(), baseline, 5000);
    }

    void closingMidRunLeavesNoChildProcess()
    {
        QCOMPARE(childProcesses(), 0);
        {
            MainWindow w(false);
            w.show();
            RunSpec s = w.controller()->spec();
            s.scenario.pool = "process";
            s.scenario.workers = 3;
            s.scenario.tasks = 200;
            s.scenario.workload.name = "sleep";
            s.scenario.workload.taskMs = 50;
            w.controller()->setSpec(s);
            w.controller()->run();
            QTRY_VERIFY_WITH_TIMEOUT(w.controller()->scene().running() >= 3, 10000);
            QCOMPARE(childProcesses(), 3);
            w.controller()->pause(); // workers held at the gate too
            QTRY_VERIFY_WITH_TIMEOUT(w.controller()->gateWaiting() >= 1, 5000);
            w.close();
        }
        QTRY_COMPARE_WITH_TIMEOUT(childProcesses(), 0, 5000);
    }

    void settingsPersist()
    {
        QSettings().clear();
        {
            MainWindow w(true);
            RunSpec s = w.controller()->spec();
            s.scenario.workers = 7;
            s.scenario.tasks = 33;
            s.scenario.timeoutS = 4.5;
            s.speed = 0.25;
            w.controller()->setSpec(s);
            w.setThemeChoice(theme::Choice::Dark);
            w.close();
        }
        MainWindow again(true);
        const RunSpec& s = again.controller()->spec();
        QCOMPARE(s.scenario.workers, 7);
        QCOMPARE(s.scenario.tasks, std::int64_t(33));
        QVERIFY(s.scenario.timeoutS && *s.scenario.timeoutS == 4.5);
        QCOMPARE(s.speed, 0.25);
        QCOMPARE(again.scenario()->workersField()->value(), 7);
        QCOMPARE(QSettings().value(QStringLiteral("theme")).toString(), QStringLiteral("dark"));
        again.setThemeChoice(theme::Choice::System);
        // A hand-edited, invalid value is not loaded into a field.
        QSettings().setValue(QStringLiteral("scenario/json"), QStringLiteral("{\"workers\": 0}"));
        MainWindow third(true);
        QCOMPARE(third.controller()->spec().scenario.workers, RunSpec().scenario.workers);
        QSettings().clear();
    }

    void commandLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("error"); // empty: parses
        QTest::newRow("defaults") << QStringList() << QString();
        QTest::newRow("a headless screenshot")
            << QStringList{QStringLiteral("--workers"),  QStringLiteral("8"),
                           QStringLiteral("--autorun"),  QStringLiteral("--screenshot"),
                           QStringLiteral("/tmp/x.png"), QStringLiteral("--after=900")}
            << QString();
        QTest::newRow("unknown flag") << QStringList{QStringLiteral("--wrokers"), QStringLiteral("3")}
                                      << QStringLiteral("--wrokers: unknown flag");
        QTest::newRow("workers out of range")
            << QStringList{QStringLiteral("--workers"), QStringLiteral("0")}
            << QStringLiteral("--workers: must be an integer from 1 to 64, got '0'");
        QTest::newRow("missing value")
            << QStringList{QStringLiteral("--tasks")} << QStringLiteral("--tasks: needs a value");
        QTest::newRow("bad workload") << QStringList{QStringLiteral("--workload"), QStringLiteral("fetch")}
                                      << QStringLiteral("--workload: must be one of");
        QTest::newRow("timeout not a number")
            << QStringList{QStringLiteral("--timeout"), QStringLiteral("soon")}
            << QStringLiteral("--timeout: must be a number from 0 to 86400 or none");
        QTest::newRow("speed above 1")
            << QStringList{QStringLiteral("--speed"), QStringLiteral("2")}
            << QStringLiteral("--speed: must be a number above 0 and at most 1, got '2'");
        QTest::newRow("bad size") << QStringList{QStringLiteral("--size"), QStringLiteral("big")}
                                  << QStringLiteral("--size: must be WIDTHxHEIGHT");
        QTest::newRow("json without bench")
            << QStringList{QStringLiteral("--json")} << QStringLiteral("--json: only with --bench-render");
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

    void headlessBinaryWritesAScreenshot()
    {
        const QString png = QDir::temp().filePath(
            QStringLiteral("poolscope-tst-%1.png").arg(QCoreApplication::applicationPid()));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(POOLSCOPE_BIN_DIR "/poolscope"),
                {QStringLiteral("--workers"), QStringLiteral("3"), QStringLiteral("--tasks"),
                 QStringLiteral("6"), QStringLiteral("--task-ms"), QStringLiteral("50"),
                 QStringLiteral("--autorun"), QStringLiteral("--screenshot"), png, QStringLiteral("--after"),
                 QStringLiteral("150"), QStringLiteral("--size"), QStringLiteral("1280x720")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        // No warning of its own on the way (it once removed a temporary file it never made, without
        // --screen).
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(!err.contains("QFile::"), err.constData());
        QImage img(png);
        QFile::remove(png);
        QCOMPARE(img.size(), QSize(1280, 720));
        // And a bad flag exits 2 with a message naming it.
        p.start(QStringLiteral(POOLSCOPE_BIN_DIR "/poolscope"),
                {QStringLiteral("--workers"), QStringLiteral("x")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("--workers"));
    }
};

QTEST_MAIN(TstUiWindow)
#include "tst_uiwindow.moc"
