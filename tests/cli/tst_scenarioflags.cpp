// core/run/scenarioflags.h through both executables: the same bad scenario flag
// gives poolscope-cli and poolscope the same one line on stderr and exit 2, and
// nothing on stdout. The window's own limits (thread and process pools, 1..64
// workers, 1..100000 tasks) read the same way.
#include <QtTest>

#include "core/run/scenarioflags.h"

#include <QProcess>

using namespace poolscope;

namespace {

struct Exit
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Exit runBinary(const QString& name, const QStringList& args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(POOLSCOPE_BIN_DIR "/") + name, args);
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QStringList words(const char* text)
{
    return QString::fromUtf8(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace

class TestScenarioFlags : public QObject
{
    Q_OBJECT
private slots:
    void badFlagIsOneLineAndExit2_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("cli");    // poolscope-cli run's message
        QTest::addColumn<QString>("window"); // poolscope's message; empty: the same
        const auto s = [](const char* t) { return QString::fromUtf8(t); };
        QTest::newRow("workers not a number")
            << words("--workers x") << s("--workers: must be an integer from 1 to 1024, got 'x'")
            << s("--workers: must be an integer from 1 to 64, got 'x'");
        QTest::newRow("workers zero")
            << words("--workers 0") << s("--workers: must be an integer from 1 to 1024, got '0'")
            << s("--workers: must be an integer from 1 to 64, got '0'");
        QTest::newRow("tasks past the window")
            << words("--tasks 200000") << QString()
            << s("--tasks: must be an integer from 1 to 100000, got '200000'");
        QTest::newRow("unknown flag") << words("--wrokers 3") << s("--wrokers: unknown flag") << QString();
        QTest::newRow("missing value") << words("--tasks") << s("--tasks: needs a value") << QString();
        QTest::newRow("given twice") << words("--tasks 1 --tasks=2") << s("--tasks: given twice")
                                     << QString();
        QTest::newRow("stray word") << words("fast") << s("unexpected argument 'fast'") << QString();
        QTest::newRow("task-ms garbage")
            << words("--task-ms 1.5x") << s("--task-ms: must be a number from 0 to 3600000, got '1.5x'")
            << QString();
        QTest::newRow("bad workload")
            << words("--workload dance")
            << s("--workload: must be one of noop, sleep, spin, http, file, factorial, primes, hash, mixed, "
                 "got 'dance'")
            << QString();
        QTest::newRow("serial pool") << words("--pool fork")
                                     << s("--pool: must be one of thread, process, serial, got 'fork'")
                                     << s("--pool: must be one of thread, process, got 'fork'");
        QTest::newRow("bad timeout") << words("--timeout soon")
                                     << s("--timeout: must be a number from 0 to 86400 or none, got 'soon'")
                                     << QString();
        QTest::newRow("chunksize without map")
            << words("--chunksize 3") << s("--chunksize: only applies to --submit map") << QString();
        QTest::newRow("kill-worker-after on threads")
            << words("--kill-worker-after 3") << s("--kill-worker-after: only applies to --pool process")
            << QString();
        QTest::newRow("kill-worker-after not below tasks")
            << words("--pool process --tasks 10 --kill-worker-after 10")
            << s("--kill-worker-after: must be less than --tasks (10), got '10'") << QString();
        QTest::newRow("bad inputs")
            << words("--inputs 1,x")
            << s("--inputs: must be whole numbers >= 0 separated by commas, got '1,x'") << QString();
        QTest::newRow("preset and scenario") << words("--preset tutorial-io --scenario x.json")
                                             << s("--preset: cannot be used with --scenario") << QString();
    }
    void badFlagIsOneLineAndExit2()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, cli);
        QFETCH(QString, window);
        if (!cli.isEmpty()) {
            const Exit r =
                runBinary(QStringLiteral("poolscope-cli"), QStringList{QStringLiteral("run")} + args);
            QCOMPARE(r.code, 2);
            QCOMPARE(QString::fromUtf8(r.err), QStringLiteral("poolscope-cli: ") + cli + QLatin1Char('\n'));
            QVERIFY(r.out.isEmpty());
        }
        const Exit g = runBinary(QStringLiteral("poolscope"), args);
        QCOMPARE(g.code, 2);
        QCOMPARE(QString::fromUtf8(g.err),
                 QStringLiteral("poolscope: ") + (window.isEmpty() ? cli : window) + QLatin1Char('\n'));
        QVERIFY(g.out.isEmpty());
    }

    // The same flags make the same scenario in both (the library is the one parser).
    void flagsOverridePresetAndDefaults()
    {
        const ScenarioFlags f({"--preset", "tutorial-cpu", "--workers", "2", "--submit", "submit"},
                              ScenarioFlags::specs());
        const Scenario s = f.scenario();
        QCOMPARE(s.workers, 2);
        QCOMPARE(QString::fromStdString(s.submit), QStringLiteral("submit"));
        QCOMPARE(s.chunksize, 1); // map's chunksize goes with --submit submit
        QCOMPARE(QString::fromStdString(s.name), QStringLiteral("tutorial-cpu+flags"));
        Scenario base;
        base.tasks = 12;
        const Scenario d = ScenarioFlags({"--workers=3"}, ScenarioFlags::specs()).scenario({}, base);
        QCOMPARE(d.tasks, std::int64_t(12));
        QCOMPARE(d.workers, 3);
    }
};

QTEST_GUILESS_MAIN(TestScenarioFlags)
#include "tst_scenarioflags.moc"
