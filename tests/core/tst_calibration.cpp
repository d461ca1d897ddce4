// Sizing CPU workloads by time: the fitted model grows with the target, the cache file round-trips
// and is read instead of measuring again, a bad cache is ignored with one line naming the file, and
// a scenario's target_ms resolves into the n that then runs and is recorded.

#include "core/run/calibration.h"
#include "core/run/runner.h"
#include "core/run/scenario.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <QTemporaryDir>
#include <QtTest>
#include <sstream>
#include <time.h>

using namespace poolscope;

namespace {

std::string slurp(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

WorkloadSpec spec(const char* name)
{
    WorkloadSpec w;
    w.name = name;
    return w;
}

} // namespace

class TestCalibration : public QObject
{
    Q_OBJECT

private slots:
    void sizeGrowsWithTheTarget_data()
    {
        QTest::addColumn<QString>("workload");
        QTest::newRow("factorial") << QStringLiteral("factorial");
        QTest::newRow("primes") << QStringLiteral("primes");
        QTest::newRow("hash") << QStringLiteral("hash");
    }
    void sizeGrowsWithTheTarget()
    {
        QFETCH(QString, workload);
        const WorkloadSpec w = spec(workload.toUtf8().constData());
        const CalibrationModel m = measureModel(w);
        QVERIFY2(m.n >= 1 && m.ms > 0, "a model from a measurement");
        std::int64_t last = 0;
        for (double ms : {1.0, 5.0, 20.0, 80.0, 320.0}) {
            const std::int64_t n = sizeForMs(m, ms, w.name);
            QVERIFY2(n > last,
                     qPrintable(QStringLiteral("%1 ms gives %2, not more than %3").arg(ms).arg(n).arg(last)));
            last = n;
        }
    }

    void resolvedSizeTakesAboutTheTarget()
    {
        // Thread CPU time, so a busy machine only slows the wall clock; a factor 3 either way
        // still tells "sized by time" from "sized by a fixed n" (4.6 ms against 100 ms).
        QTemporaryDir dir;
        CalibrationOptions o;
        o.cachePath = dir.filePath(QStringLiteral("calibration.json")).toStdString();
        const WorkloadSpec w = spec("factorial");
        const std::int64_t n = sizeForMs(calibrationModel(w, o), 60.0, "factorial");
        const double t0 = threadCpuMs();
        const std::string r = factorialBytes(n);
        const double took = threadCpuMs() - t0;
        QVERIFY(!r.empty());
        QVERIFY2(took > 20.0 && took < 180.0,
                 qPrintable(QStringLiteral("%1! took %2 ms for 60").arg(n).arg(took)));
    }

    void cacheRoundTrips()
    {
        QTemporaryDir dir;
        CalibrationOptions first;
        first.cachePath = dir.filePath(QStringLiteral("a/calibration.json")).toStdString();
        const CalibrationModel measured = calibrationModel(spec("primes"), first);
        const auto j = nlohmann::json::parse(slurp(first.cachePath));
        QCOMPARE(j["format"].get<std::string>(), std::string("poolscope-calibration"));
        QVERIFY(j["machines"][machineId()].contains("primes"));
        // Another file with the same content gives the same model (read, not measured again).
        CalibrationOptions second;
        second.cachePath = dir.filePath(QStringLiteral("b.json")).toStdString();
        write(second.cachePath, slurp(first.cachePath));
        QCOMPARE(calibrationModel(spec("primes"), second), measured);
    }

    void cacheIsReadInsteadOfMeasuring()
    {
        QTemporaryDir dir;
        CalibrationOptions o;
        o.cachePath = dir.filePath(QStringLiteral("calibration.json")).toStdString();
        nlohmann::json j{
            {"format", "poolscope-calibration"},
            {"version", 1},
            {"machines", {{machineId(), {{"factorial", {{"n", 1000}, {"ms", 10.0}, {"exponent", 1.0}}}}}}}};
        write(o.cachePath, j.dump());
        const CalibrationModel m = calibrationModel(spec("factorial"), o);
        QCOMPARE(m, (CalibrationModel{1000, 10.0, 1.0}));
        QCOMPARE(sizeForMs(m, 40.0, "factorial"), std::int64_t(4000));
    }

    void badCacheIsIgnoredWithOneLine_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("says");
        QTest::newRow("not JSON") << QByteArray("{\"format\": ") << QStringLiteral("not valid JSON");
        QTest::newRow("another format")
            << QByteArray(R"({"format": "x", "machines": {}})") << QStringLiteral("format:");
        QTest::newRow("a NUL byte") << QByteArray("{\"a\": 1}\0", 9) << QStringLiteral("");
        QTest::newRow("a bad entry") << QByteArray() << QStringLiteral(": must be");
    }
    void badCacheIsIgnoredWithOneLine()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, says);
        QTemporaryDir dir;
        CalibrationOptions o;
        o.cachePath = dir.filePath(QStringLiteral("calibration.json")).toStdString();
        std::vector<std::string> lines;
        o.warn = [&lines](const std::string& l) { lines.push_back(l); };
        if (text.isEmpty()) {
            nlohmann::json j{
                {"format", "poolscope-calibration"},
                {"machines",
                 {{machineId(), {{"hash/bytes=65536", {{"n", -3}, {"ms", 1}, {"exponent", 1}}}}}}}};
            write(o.cachePath, j.dump());
        } else {
            write(o.cachePath, text.toStdString());
        }
        const CalibrationModel m = calibrationModel(spec("hash"), o);
        QVERIFY(m.n >= 1);
        QCOMPARE(lines.size(), std::size_t(1));
        QVERIFY2(lines[0].rfind(o.cachePath + ":", 0) == 0, lines[0].c_str());
        QVERIFY2(lines[0].find(says.toStdString()) != std::string::npos, lines[0].c_str());
        QVERIFY2(lines[0].find('\n') == std::string::npos, lines[0].c_str());
        // Written afresh: the next process reads it without a word.
        const auto j = nlohmann::json::parse(slurp(o.cachePath));
        QVERIFY(j["machines"][machineId()]["hash/bytes=65536"]["n"].get<std::int64_t>() >= 1);
    }

    void defaultCachePathFollowsXdg()
    {
        QTemporaryDir dir;
        qputenv("XDG_CACHE_HOME", dir.path().toUtf8());
        QCOMPARE(QString::fromStdString(calibrationCachePath()),
                 dir.filePath(QStringLiteral("poolscope/calibration.json")));
        qunsetenv("XDG_CACHE_HOME");
        qputenv("HOME", dir.path().toUtf8());
        QCOMPARE(QString::fromStdString(calibrationCachePath()),
                 dir.filePath(QStringLiteral(".cache/poolscope/calibration.json")));
    }

    void scenarioResolvesTargetMs_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<bool>("resolves");
        QTest::newRow("factorial by time")
            << QStringLiteral(R"({"workload": {"name": "factorial", "target_ms": 5}})") << true;
        QTest::newRow("hash by time")
            << QStringLiteral(R"({"workload": {"name": "hash", "target_ms": 5}})") << true;
        QTest::newRow("explicit n wins")
            << QStringLiteral(R"({"workload": {"name": "factorial", "n": 777, "target_ms": 5}})") << false;
        QTest::newRow("inputs win")
            << QStringLiteral(R"({"workload": {"name": "primes", "inputs": [5, 6], "target_ms": 5}})")
            << false;
        QTest::newRow("spin has task_ms")
            << QStringLiteral(R"({"workload": {"name": "spin", "target_ms": 5}})") << false;
        QTest::newRow("no target") << QStringLiteral(R"({"workload": {"name": "factorial"}})") << false;
    }
    void scenarioResolvesTargetMs()
    {
        QFETCH(QString, json);
        QFETCH(bool, resolves);
        QTemporaryDir dir;
        CalibrationOptions o;
        o.cachePath = dir.filePath(QStringLiteral("calibration.json")).toStdString();
        Scenario s = scenarioFromJson(json.toStdString());
        const Scenario before = s;
        QCOMPARE(resolveTargetMs(s, o), resolves);
        if (!resolves) {
            QCOMPARE(s, before);
            return;
        }
        const std::int64_t size = s.workload.name == "hash" ? s.workload.rounds : s.workload.n;
        QVERIFY(size >= 1);
        // What ran is what the scenario says: its JSON carries the size and the target beside it,
        // and resolving again changes nothing (a replay runs the same n).
        const Scenario again = scenarioFromJson(scenarioToJson(s));
        QCOMPARE(again, s);
        Scenario twice = again;
        QVERIFY(!resolveTargetMs(twice, o));
        QCOMPARE(twice, s);
    }

    void targetMsIsCheckedLikeEveryField()
    {
        try {
            (void)scenarioFromJson(R"({"workload": {"name": "factorial", "target_ms": -1}})");
            QFAIL("accepted a negative target_ms");
        } catch (const ScenarioError& e) {
            QVERIFY2(std::string(e.what()).rfind("scenario.workload.target_ms: ", 0) == 0, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestCalibration)
#include "tst_calibration.moc"
