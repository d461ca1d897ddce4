// poolscope-cli: JSON shape, counts, and bad-input handling (exit 2 and a message naming the flag).
#include <QtTest>

#include "tests/cli/clitesthelpers.h"

using poolscope::clitest::CliResult;
using poolscope::clitest::runCli;

class TestCli : public QObject
{
    Q_OBJECT
private slots:
    void jsonHasTheDocumentedKeys_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("tasks");
        QTest::newRow("noop submit") << QStringList{QStringLiteral("--tasks"), QStringLiteral("500")} << 500;
        QTest::newRow("sleep map") << QStringList{QStringLiteral("--tasks"),    QStringLiteral("20"),
                                                  QStringLiteral("--workload"), QStringLiteral("sleep"),
                                                  QStringLiteral("--task-ms"),  QStringLiteral("1"),
                                                  QStringLiteral("--submit"),   QStringLiteral("map")}
                                   << 20;
        QTest::newRow("spin 4 workers")
            << QStringList{QStringLiteral("--tasks=8"), QStringLiteral("--workers=4"),
                           QStringLiteral("--workload=spin"), QStringLiteral("--task-ms=2")}
            << 8;
    }
    void jsonHasTheDocumentedKeys()
    {
        QFETCH(QStringList, args);
        QFETCH(int, tasks);
        const CliResult r = runCli(QStringList{QStringLiteral("run"), QStringLiteral("--pool"),
                                               QStringLiteral("thread"), QStringLiteral("--json")} +
                                   args);
        QCOMPARE(r.exitCode, 0);
        QJsonParseError perr{};
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &perr);
        QVERIFY2(perr.error == QJsonParseError::NoError, r.out.constData());
        QVERIFY(doc.isObject());
        const QJsonObject o = doc.object();
        for (const char* key : {"pool", "workers", "workload", "tasks", "completed", "failed", "cancelled",
                                "wall_s", "tasks_per_s", "events_total", "events_by_kind", "error"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        QCOMPARE(o.value(QStringLiteral("tasks")).toInt(), tasks);
        QCOMPARE(o.value(QStringLiteral("completed")).toInt() + o.value(QStringLiteral("failed")).toInt() +
                     o.value(QStringLiteral("cancelled")).toInt(),
                 tasks);
        const QJsonObject byKind = o.value(QStringLiteral("events_by_kind")).toObject();
        QCOMPARE(byKind.value(QStringLiteral("TaskStart")).toInt(), tasks);
        qint64 sum = 0;
        for (auto it = byKind.begin(); it != byKind.end(); ++it)
            sum += it.value().toInteger();
        QCOMPARE(sum, o.value(QStringLiteral("events_total")).toInteger());
        QVERIFY(o.value(QStringLiteral("error")).isNull());
    }

    void recordingOffRecordsNothing()
    {
        const CliResult r = runCli({QStringLiteral("run"), QStringLiteral("--tasks"), QStringLiteral("100"),
                                    QStringLiteral("--no-record"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("events_total")).toInt(), 0);
        QCOMPARE(o.value(QStringLiteral("completed")).toInt(), 100);
    }

    void humanSummary()
    {
        const CliResult r = runCli({QStringLiteral("run"), QStringLiteral("--tasks"), QStringLiteral("10")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("completed   10"));
    }

    void badInputExitsTwoNamingTheProblem_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const auto s = [](const char* t) { return QString::fromLatin1(t); };
        QTest::newRow("unknown flag")
            << QStringList{s("run"), s("--frobnicate")} << s("--frobnicate: unknown flag");
        QTest::newRow("workers not a number") << QStringList{s("run"), s("--workers"), s("two")}
                                              << s("--workers: must be an integer from 1 to 1024, got 'two'");
        QTest::newRow("workers zero") << QStringList{s("run"), s("--workers"), s("0")}
                                      << s("--workers: must be an integer from 1 to 1024, got '0'");
        QTest::newRow("tasks negative") << QStringList{s("run"), s("--tasks=-5")}
                                        << s("--tasks: must be an integer from 0 to 100000000, got '-5'");
        QTest::newRow("unknown workload") << QStringList{s("run"), s("--workload"), s("dance")}
                                          << s("--workload: must be one of noop, sleep, spin, http, file, "
                                               "factorial, primes, hash, mixed, got 'dance'");
        QTest::newRow("task-ms garbage") << QStringList{s("run"), s("--task-ms"), s("1.5x")}
                                         << s("--task-ms: must be a number from 0 to 3600000, got '1.5x'");
        QTest::newRow("missing value") << QStringList{s("run"), s("--tasks")} << s("--tasks: needs a value");
        QTest::newRow("stray word") << QStringList{s("run"), s("fast")} << s("unexpected argument 'fast'");
        QTest::newRow("repeated flag")
            << QStringList{s("run"), s("--tasks=1"), s("--tasks=2")} << s("--tasks: given twice");
        QTest::newRow("value on a switch")
            << QStringList{s("run"), s("--json=yes")} << s("--json: takes no value");
        QTest::newRow("unknown command")
            << QStringList{s("launch")} << s("unknown command 'launch' (see 'poolscope-cli help')");
    }
    void badInputExitsTwoNamingTheProblem()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliResult r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        // Exactly one line (docs/cli.md), naming the flag.
        QCOMPARE(QString::fromUtf8(r.err), QStringLiteral("poolscope-cli: ") + message + QLatin1Char('\n'));
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
