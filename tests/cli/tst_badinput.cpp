// Bad input files and sizes that cannot fit, given to poolscope-cli and to the window: each ends
// at once with exit status 2 and one line "FILE: field.path: what is wrong"; nothing crashes,
// hangs on a FIFO or reads /dev/zero until memory runs out.
#include <QtTest>

#include "clitesthelpers.h"
#include "core/workload/workload.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

#include <sys/stat.h>

namespace {

using poolscope::clitest::CliResult;
using poolscope::clitest::runCli;

QString s(const char* t)
{
    return QString::fromUtf8(t);
}

CliResult runWindow(const QStringList& args)
{
    QTemporaryDir runtime; // 0700, as Qt wants XDG_RUNTIME_DIR (else it warns on stderr)
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(s("QT_QPA_PLATFORM"), s("offscreen"));
    env.insert(s("XDG_RUNTIME_DIR"), runtime.path());
    p.setProcessEnvironment(env);
    p.start(s(POOLSCOPE_BIN_DIR "/poolscope"), args);
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QByteArray nested(int depth)
{
    return "{\"workload\":" + QByteArray("{\"a\":").repeated(depth) + "1" + QByteArray("}").repeated(depth) +
           "}";
}

} // namespace

class TestBadInput : public QObject
{
    Q_OBJECT
private slots:
    void badScenarioFileIsOneLine_data()
    {
        QTest::addColumn<QString>("path");    // FILE: the file below, FIFO: a FIFO, else as given
        QTest::addColumn<QByteArray>("file"); // what FILE holds
        QTest::addColumn<QString>("message"); // after "FILE: " (the path as given)
        QTest::newRow("overflowing number")
            << s("FILE") << QByteArray(R"({"tasks": 1e400})")
            << s("scenario.tasks: 1e400 is out of range (not a finite number)");
        QTest::newRow("nested 200000 deep")
            << s("FILE") << nested(200'000) << s("is 1200014 bytes, more than the 1 MiB this reader accepts");
        QTest::newRow("nested 100000 deep, under the size limit")
            << s("FILE") << nested(100'000)
            << s("scenario.workload.a.a.a.(24 levels).a.a.a.a: nested deeper than 32 levels");
        QTest::newRow("valid, then a NUL and garbage")
            << s("FILE") << QByteArray("{\"tasks\": 2}\0garbage", 20)
            << s("scenario: not valid JSON at line 1, column 13: a NUL byte");
        QTest::newRow("trailing garbage") << s("FILE") << QByteArray("{\"tasks\": 2} {")
                                          << s("scenario: not valid JSON at line 1, column 14");
        QTest::newRow("FIFO") << s("FIFO") << QByteArray() << s("is a FIFO (named pipe), not a regular file");
        QTest::newRow("directory") << s("/") << QByteArray() << s("is a directory, not a regular file");
        QTest::newRow("/dev/zero") << s("/dev/zero") << QByteArray()
                                   << s("is a character device, not a regular file");
        QTest::newRow("empty name") << QString() << QByteArray() << s("the file name is empty");
    }
    void badScenarioFileIsOneLine()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, file);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        if (path == s("FILE")) {
            path = dir.filePath(s("bad.json"));
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(file);
        } else if (path == s("FIFO")) {
            path = dir.filePath(s("pipe"));
            QCOMPARE(::mkfifo(path.toLocal8Bit().constData(), 0600), 0);
        }
        const QString expected = (path.isEmpty() ? s("''") : path) + s(": ") + message;
        for (const bool window : {false, true}) {
            QElapsedTimer t;
            t.start();
            const CliResult r = window ? runWindow({s("--scenario"), path})
                                       : runCli({s("run"), s("--scenario"), path, s("--no-progress")}, 30000);
            const QString prefix = window ? s("poolscope: ") : s("poolscope-cli: ");
            QVERIFY2(t.elapsed() < 10000, "must not block");
            QCOMPARE(r.exitCode, 2);
            QCOMPARE(QString::fromUtf8(r.err), prefix + expected + s("\n"));
            QVERIFY(r.out.isEmpty());
        }
    }

    void sizesThatCannotFitAreRefusedFirst_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        for (const char* pool : {"serial", "thread", "process"})
            QTest::newRow(QByteArray(QByteArray("factorial n too big, ") + pool).constData())
                << QStringList{s("--pool"),    s(pool),  s("--workload"),
                               s("factorial"), s("--n"), s("100000000000")}
                << s("scenario.workload.n: 100000000000 is out of range (0..2000000000)");
        QTest::newRow("factorial inputs too big")
            << QStringList{s("--workload"), s("factorial"), s("--inputs"), s("10,999999999999")}
            << s("scenario.workload.inputs[1]: 999999999999 is out of range (0..2000000000)");
        QTest::newRow("primes inputs too big")
            << QStringList{s("--workload"), s("primes"), s("--inputs"), s("999999999999")}
            << s("scenario.workload.inputs[0]: 999999999999 is out of range (0..100000000000)");
        QTest::newRow("100 million tasks") << QStringList{s("--tasks"), s("100000000")}
                                           << s("scenario.tasks: 100000000 tasks need about 38.0 GiB");
        QTest::newRow("payload results that cannot be kept")
            << QStringList{s("--tasks"), s("100000"), s("--payload"), s("1000000000")}
            << s("scenario.tasks: 100000 tasks need about");
    }
    void sizesThatCannotFitAreRefusedFirst()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QElapsedTimer t;
        t.start();
        const CliResult r = runCli(QStringList{s("run"), s("--no-progress")} + args, 30000);
        QVERIFY2(t.elapsed() < 10000, "refused before any task ran");
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).startsWith(s("poolscope-cli: ") + message), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }

    void badGateFlagIsOneLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("pause-at without pause-for")
            << QStringList{s("--pause-at"), s("3")} << s("--pause-at: needs --pause-for MS");
        QTest::newRow("pause-at 0") << QStringList{s("--pause-at"), s("0"), s("--pause-for"), s("10")}
                                    << s("--pause-at: must be an integer from 1 to 1000000000, got '0'");
        QTest::newRow("negative pause-for") << QStringList{s("--pause-at"), s("2"), s("--pause-for"), s("-1")}
                                            << s("--pause-for: must be a number from 0 to 3600000, got '-1'");
        QTest::newRow("step-ms without step-first")
            << QStringList{s("--step-ms"), s("5")} << s("--step-ms: needs --step-first N");
        QTest::newRow("speed above 1")
            << QStringList{s("--speed"), s("2")} << s("--speed: must be a number from 0.05 to 1, got '2'");
        QTest::newRow("speed not a number") << QStringList{s("--speed"), s("fast")}
                                            << s("--speed: must be a number from 0.05 to 1, got 'fast'");
        QTest::newRow("two ways combined")
            << QStringList{s("--speed"), s("0.5"), s("--step-first"), s("2"), s("--step-ms"), s("1")}
            << s("--step-first: cannot be combined with --speed");
        QTest::newRow("without the events") << QStringList{s("--speed"), s("0.5"), s("--no-record")}
                                            << s("--no-record: --pause-at, --step-first and --speed");
        QTest::newRow("serial pool") << QStringList{s("--speed"), s("0.5"), s("--pool"), s("serial")}
                                     << s("--pool: --pause-at, --step-first and --speed need");
    }
    void badGateFlagIsOneLine()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliResult r = runCli(QStringList{s("run"), s("--no-progress")} + args, 30000);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).startsWith(s("poolscope-cli: ") + message), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }
    void factorialThatCannotFitNamesTheMemory()
    {
        // 1000000000! is about 3.4 GB; computing it takes about six times that.
        const std::int64_t need = 6 * poolscope::factorialResultBytes(1'000'000'000);
        if (need <= poolscope::machineMemoryBytes() / 2)
            QSKIP("this machine has the memory for 1000000000!");
        for (const char* pool : {"serial", "thread", "process"}) {
            const CliResult r = runCli({s("run"), s("--no-progress"), s("--pool"), s(pool), s("--workload"),
                                        s("factorial"), s("--n"), s("1000000000"), s("--tasks"), s("1")},
                                       30000);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(QString::fromUtf8(r.err).startsWith(
                         s("poolscope-cli: scenario.workload.n: 1000000000! needs about ")),
                     r.err.constData());
            QVERIFY2(r.err.contains("while it runs, more than half of this machine's"), r.err.constData());
        }
    }

    void recorderBudgetEndsInANotice()
    {
        // 20000 tasks record about 220000 events (10 MB); with a 1 MiB budget the run still
        // completes, counts every event and says the recording stopped.
        const CliResult r = runCli({s("run"), s("--no-progress"), s("--json"), s("--tasks"), s("20000"),
                                    s("--record-budget-mb"), s("1")},
                                   60000);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.startsWith("poolscope-cli: notice: the recording stopped at "), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(s("completed")).toInt(), 20000);
        QVERIFY(o.value(s("events_not_recorded")).toDouble() > 0);
        QVERIFY(o.value(s("events_total")).toDouble() > 200000);
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
