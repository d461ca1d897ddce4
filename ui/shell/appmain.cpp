#include "ui/shell/appmain.h"

#include "core/run/scenario.h"
#include "core/version.h"
#include "core/workload/workload.h"
#include "ui/diagram/diagramview.h"
#include "ui/panels/inspectorpanel.h"
#include "ui/run/eventbridge.h"
#include "ui/shell/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QIcon>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTimer>
#include <QTranslator>

#include <algorithm>
#include <cstdio>
#include <map>
#include <thread>
#include <time.h>

namespace poolscope::ui {

QString appUsage()
{
    return QStringLiteral(
        "usage: poolscope [options]\n"
        "\n"
        "PoolScope animates a faithful C++ re-implementation of Python's concurrent.futures.\n"
        "\n"
        "  --help                 show this text and exit\n"
        "  --version              show the version and exit\n"
        "\n"
        "scenario (the same JSON and presets as poolscope-cli):\n"
        "  --preset NAME          start from a preset (poolscope-cli presets lists them)\n"
        "  --scenario FILE        start from a scenario JSON file\n"
        "  --pool thread|process  the executor\n"
        "  --workers N            max_workers, 1..64\n"
        "  --tasks N              number of tasks, 1..100000\n"
        "  --workload NAME        noop | sleep | spin | http | file | factorial | primes | hash | mixed\n"
        "  --task-ms MS           duration of one sleep/spin task\n"
        "  --submit STYLE         submit | as_completed | wait | map\n"
        "  --gil on|off           thread pool: model the GIL\n"
        "  --chunksize N          map() chunksize\n"
        "  --timeout S            seconds for as_completed/map/wait (default None)\n"
        "  --speed F              1 = real time, 0.1 = ten times slower (0 < F <= 1)\n"
        "\n"
        "headless:\n"
        "  --autorun              start the run at once\n"
        "  --screenshot PATH      write a PNG of the window, then quit\n"
        "  --after MS             ... this many ms after start (default 1500)\n"
        "  --pause                pause the run just before the screenshot\n"
        "  --step N               start paused and step N events\n"
        "  --select N             select task N (inspector) before the screenshot\n"
        "  --size WxH             window size (default 1440x900)\n"
        "  --theme system|light|dark\n"
        "  --lang en|zh_CN|system\n"
        "  --bench-render [--json]  time offscreen frames: 16 workers, 10000 tasks flowing\n");
}

namespace {

std::int64_t threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

bool toInt(const QString& v, qint64 lo, qint64 hi, qint64* out)
{
    bool ok = false;
    const qint64 x = v.toLongLong(&ok);
    if (!ok || x < lo || x > hi)
        return false;
    *out = x;
    return true;
}

bool toDouble(const QString& v, double lo, double hi, double* out, bool openLow = false)
{
    bool ok = false;
    const double x = v.toDouble(&ok);
    if (!ok || x > hi || (openLow ? x <= lo : x < lo))
        return false;
    *out = x;
    return true;
}

} // namespace

std::optional<AppOptions> parseAppOptions(const QStringList& args, QString* error)
{
    AppOptions o;
    auto fail = [error](const QString& msg) {
        if (error)
            *error = msg;
        return std::nullopt;
    };
    const QStringList valued = {
        QStringLiteral("--workers"), QStringLiteral("--tasks"),  QStringLiteral("--workload"),
        QStringLiteral("--task-ms"), QStringLiteral("--submit"), QStringLiteral("--chunksize"),
        QStringLiteral("--timeout"), QStringLiteral("--speed"),  QStringLiteral("--screenshot"),
        QStringLiteral("--after"),   QStringLiteral("--step"),   QStringLiteral("--select"),
        QStringLiteral("--size"),    QStringLiteral("--theme"),  QStringLiteral("--lang"),
        QStringLiteral("--pool"),    QStringLiteral("--preset"), QStringLiteral("--scenario"),
        QStringLiteral("--gil")};
    // Split into (flag, value) pairs first: a preset or scenario file is the base
    // the other scenario flags change, wherever it appears.
    std::vector<std::pair<QString, QString>> pairs;
    for (int i = 0; i < args.size(); ++i) {
        QString flag = args[i];
        QString value;
        const int eq = flag.indexOf(QLatin1Char('='));
        if (flag.startsWith(QLatin1String("--")) && eq > 0) {
            value = flag.mid(eq + 1);
            flag = flag.left(eq);
        } else if (valued.contains(flag)) {
            if (i + 1 >= args.size())
                return fail(QStringLiteral("%1: missing value").arg(flag));
            value = args[++i];
        }
        pairs.emplace_back(flag, value);
    }
    Scenario& sc = o.spec.scenario;
    for (const auto& [flag, value] : pairs) {
        if (flag == QLatin1String("--preset")) {
            const auto p = presetScenario(value.toStdString());
            if (!p) {
                QStringList names;
                for (const Preset& preset : presets())
                    names << QString::fromStdString(preset.name);
                return fail(QStringLiteral("--preset: unknown preset '%1' (one of %2)")
                                .arg(value, names.join(QStringLiteral(", "))));
            }
            sc = *p;
            o.specGiven = true;
        } else if (flag == QLatin1String("--scenario")) {
            try {
                sc = loadScenarioFile(value.toStdString());
            } catch (const std::exception& e) {
                return fail(QStringLiteral("--scenario: %1").arg(QString::fromStdString(e.what())));
            }
            o.specGiven = true;
        }
    }
    for (const auto& [flag, value] : pairs) {
        qint64 n = 0;
        double d = 0;
        if (flag == QLatin1String("--help") || flag == QLatin1String("-h")) {
            o.help = true;
        } else if (flag == QLatin1String("--version")) {
            o.version = true;
        } else if (flag == QLatin1String("--preset") || flag == QLatin1String("--scenario")) {
            // applied above
        } else if (flag == QLatin1String("--pool")) {
            if (value != QLatin1String("thread") && value != QLatin1String("process"))
                return fail(QStringLiteral("--pool: expected thread or process, got '%1'").arg(value));
            sc.pool = value.toStdString();
            if (sc.pool == "thread") {
                sc.maxTasksPerChild = 0;
                sc.killWorkerAfter.reset();
            }
            o.specGiven = true;
        } else if (flag == QLatin1String("--workers")) {
            if (!toInt(value, 1, RunSpec::kMaxWorkers, &n))
                return fail(QStringLiteral("--workers: expected a whole number from 1 to %1, got '%2'")
                                .arg(RunSpec::kMaxWorkers)
                                .arg(value));
            sc.workers = static_cast<int>(n);
            o.specGiven = true;
        } else if (flag == QLatin1String("--tasks")) {
            if (!toInt(value, 1, RunSpec::kMaxTasks, &n))
                return fail(QStringLiteral("--tasks: expected a whole number from 1 to %1, got '%2'")
                                .arg(RunSpec::kMaxTasks)
                                .arg(value));
            sc.tasks = n;
            o.specGiven = true;
        } else if (flag == QLatin1String("--workload")) {
            if (!isWorkload(value.toStdString())) {
                QStringList names;
                for (const auto& w : workloadNames())
                    names << QString::fromStdString(w);
                return fail(QStringLiteral("--workload: expected one of %1, got '%2'")
                                .arg(names.join(QStringLiteral(", ")), value));
            }
            sc.workload.name = value.toStdString();
            o.specGiven = true;
        } else if (flag == QLatin1String("--task-ms")) {
            if (!toDouble(value, 0, 600'000, &d))
                return fail(
                    QStringLiteral("--task-ms: expected a number from 0 to 600000, got '%1'").arg(value));
            sc.workload.taskMs = d;
            o.specGiven = true;
        } else if (flag == QLatin1String("--submit")) {
            if (!std::count(submitStyles().begin(), submitStyles().end(), value.toStdString()))
                return fail(QStringLiteral("--submit: expected submit, as_completed, wait or map, got '%1'")
                                .arg(value));
            sc.submit = value.toStdString();
            if (sc.submit != "map")
                sc.chunksize = 1;
            o.specGiven = true;
        } else if (flag == QLatin1String("--chunksize")) {
            if (!toInt(value, 1, 10'000, &n))
                return fail(QStringLiteral("--chunksize: expected a whole number from 1 to 10000, got '%1'")
                                .arg(value));
            sc.chunksize = static_cast<int>(n);
            o.specGiven = true;
        } else if (flag == QLatin1String("--timeout")) {
            if (value == QLatin1String("None")) {
                sc.timeoutS.reset();
            } else if (toDouble(value, 0, 86'400, &d, true)) {
                sc.timeoutS = d;
            } else {
                return fail(QStringLiteral("--timeout: expected seconds > 0 or None, got '%1'").arg(value));
            }
            o.specGiven = true;
        } else if (flag == QLatin1String("--gil")) {
            if (value != QLatin1String("on") && value != QLatin1String("off"))
                return fail(QStringLiteral("--gil: expected on or off, got '%1'").arg(value));
            sc.gil = value == QLatin1String("on");
            o.specGiven = true;
        } else if (flag == QLatin1String("--speed")) {
            if (!toDouble(value, 0, 1, &d, true))
                return fail(QStringLiteral("--speed: expected a number > 0 and <= 1, got '%1'").arg(value));
            o.spec.speed = d;
            o.specGiven = true;
        } else if (flag == QLatin1String("--autorun")) {
            o.autorun = true;
        } else if (flag == QLatin1String("--screenshot")) {
            if (value.isEmpty())
                return fail(QStringLiteral("--screenshot: expected a file path"));
            o.screenshot = value;
        } else if (flag == QLatin1String("--after")) {
            if (!toInt(value, 0, 600'000, &n))
                return fail(
                    QStringLiteral("--after: expected milliseconds from 0 to 600000, got '%1'").arg(value));
            o.afterMs = static_cast<int>(n);
        } else if (flag == QLatin1String("--pause")) {
            o.pause = true;
        } else if (flag == QLatin1String("--step")) {
            if (!toInt(value, 0, 1'000'000, &n))
                return fail(QStringLiteral("--step: expected a number of events, got '%1'").arg(value));
            o.steps = static_cast<int>(n);
        } else if (flag == QLatin1String("--select")) {
            if (!toInt(value, 0, RunSpec::kMaxTasks, &n))
                return fail(QStringLiteral("--select: expected a task number, got '%1'").arg(value));
            o.select = n;
        } else if (flag == QLatin1String("--size")) {
            const QStringList wh = value.split(QLatin1Char('x'));
            qint64 w = 0, h = 0;
            if (wh.size() != 2 || !toInt(wh[0], 320, 8000, &w) || !toInt(wh[1], 240, 8000, &h))
                return fail(
                    QStringLiteral("--size: expected WIDTHxHEIGHT, e.g. 1440x900, got '%1'").arg(value));
            o.size = QSize(static_cast<int>(w), static_cast<int>(h));
        } else if (flag == QLatin1String("--theme")) {
            if (value != QLatin1String("system") && value != QLatin1String("light") &&
                value != QLatin1String("dark"))
                return fail(QStringLiteral("--theme: expected system, light or dark, got '%1'").arg(value));
            o.theme = value;
        } else if (flag == QLatin1String("--lang")) {
            if (value != QLatin1String("system") && value != QLatin1String("en") &&
                value != QLatin1String("zh_CN"))
                return fail(QStringLiteral("--lang: expected en, zh_CN or system, got '%1'").arg(value));
            o.language = value;
        } else if (flag == QLatin1String("--bench-render")) {
            o.benchRender = true;
        } else if (flag == QLatin1String("--json")) {
            o.json = true;
        } else {
            return fail(QStringLiteral("%1: unknown option (see --help)").arg(flag));
        }
    }
    const std::string bad = o.spec.validate();
    if (!bad.empty())
        return fail(QString::fromStdString(bad));
    if (o.json && !o.benchRender)
        return fail(QStringLiteral("--json: only with --bench-render"));
    return o;
}

RenderBenchResult benchRender(MainWindow& window, const RunSpec& spec, double maxSeconds)
{
    RenderBenchResult r;
    RunController* c = window.controller();
    EventBridge* bridge = c->bridge();
    // Frames are driven here, one at a time, instead of by the bridge's timer.
    bridge->setFrameIntervalMs(0);
    int paints = 0;
    struct PaintCounter : QObject
    {
        int* n;
        explicit PaintCounter(int* counter) : n(counter) {}
        bool eventFilter(QObject*, QEvent* e) override
        {
            if (e->type() == QEvent::Paint)
                ++*n;
            return false;
        }
    } counter(&paints);
    window.diagram()->installEventFilter(&counter);

    c->setSpec(spec);
    for (const QString& name :
         qEnvironmentVariable("POOLSCOPE_BENCH_HIDE").split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (QWidget* w = window.findChild<QWidget*>(name))
            w->hide();
    QApplication::processEvents();
    std::vector<double> frames;
    frames.reserve(4096);
    std::vector<double> diagramPaints;
    std::vector<double> ingest;
    std::vector<double> cpu; // GUI-thread CPU time per frame: robust when the machine is busy
    QElapsedTimer wall;
    wall.start();
    c->run();
    const qint64 frameNs = 16'666'667;
    qint64 next = wall.nsecsElapsed();
    while (c->state() != RunState::Finished && wall.nsecsElapsed() < static_cast<qint64>(maxSeconds * 1e9)) {
        QElapsedTimer t;
        t.start();
        const std::int64_t cpu0 = threadCpuNs();
        const std::size_t backlog = bridge->backlog();
        bridge->flush(); // hand over this frame's events: the scene and models update
        ingest.push_back(static_cast<double>(threadCpuNs() - cpu0) / 1e6);
        QApplication::processEvents(); // timers, then the repaint of what changed
        frames.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        cpu.push_back(static_cast<double>(threadCpuNs() - cpu0) / 1e6);
        diagramPaints.push_back(static_cast<double>(window.diagram()->lastPaintNs()) / 1e6);
        if (qEnvironmentVariableIsSet("POOLSCOPE_BENCH_FRAMES"))
            std::fprintf(stderr, "frame %zu: %.2f ms wall, %.2f ms cpu, ingest %.2f ms, %zu events\n",
                         frames.size(), frames.back(), cpu.back(), ingest.back(), backlog);
        next += frameNs;
        const qint64 now = wall.nsecsElapsed();
        if (next > now)
            std::this_thread::sleep_for(std::chrono::nanoseconds(next - now));
        else
            next = now; // a late frame does not make the next ones rush
    }
    r.wallS = static_cast<double>(wall.nsecsElapsed()) / 1e9;
    bridge->setFrameIntervalMs(16);
    window.diagram()->removeEventFilter(&counter);
    r.frames = static_cast<int>(frames.size());
    if (!cpu.empty()) {
        std::sort(cpu.begin(), cpu.end());
        r.cpuMedianMs = cpu[cpu.size() / 2];
        r.cpuP99Ms =
            cpu[std::min(cpu.size() - 1, static_cast<std::size_t>(static_cast<double>(cpu.size()) * 0.99))];
    }
    if (!ingest.empty()) {
        std::sort(ingest.begin(), ingest.end());
        r.ingestMedianMs = ingest[ingest.size() / 2];
    }
    if (!diagramPaints.empty()) {
        std::sort(diagramPaints.begin(), diagramPaints.end());
        r.diagramPaintMedianMs = diagramPaints[diagramPaints.size() / 2];
    }
    r.paints = paints;
    r.events = c->scene().eventsApplied();
    r.tasksDone = c->scene().completed() + c->scene().failed() + c->scene().cancelled();
    if (!frames.empty()) {
        std::vector<double> sorted = frames;
        std::sort(sorted.begin(), sorted.end());
        r.medianMs = sorted[sorted.size() / 2];
        r.p99Ms = sorted[std::min(sorted.size() - 1,
                                  static_cast<std::size_t>(static_cast<double>(sorted.size()) * 0.99))];
        r.maxMs = sorted.back();
        double sum = 0;
        for (double f : frames)
            sum += f;
        r.meanMs = sum / static_cast<double>(frames.size());
    }
    return r;
}

namespace {

void installTranslators(QApplication& app, const QString& choice)
{
    QString lang = choice;
    if (lang.isEmpty())
        lang = QSettings().value(QStringLiteral("language"), QStringLiteral("system")).toString();
    const QLocale locale = lang == QLatin1String("system") ? QLocale::system() : QLocale(lang);
    if (locale.language() == QLocale::English || lang == QLatin1String("en"))
        return;
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto* own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("poolscope"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(own);
}

} // namespace

QString appVersionText()
{
    return QStringLiteral("poolscope %1\n").arg(QLatin1String(kVersion));
}

int appMain(int argc, char** argv)
{
    // --help and --version answer before QApplication exists: it aborts without a display, and
    // both must work on a terminal with none (help2man runs them to make the man page).
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--help" || a == "-h" || a == "--version") {
            std::fputs(qPrintable(a == "--version" ? appVersionText() : appUsage()), stdout);
            return 0;
        }
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PoolScope"));
    QApplication::setOrganizationName(QStringLiteral("PoolScope"));
    QApplication::setApplicationVersion(QLatin1String(kVersion));
    // The installed desktop entry and icon (packaging/): the window's icon, and its app id on Wayland.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.poolscope.PoolScope"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("poolscope")));

    QString error;
    const std::optional<AppOptions> parsed = parseAppOptions(QApplication::arguments().mid(1), &error);
    if (!parsed) {
        std::fprintf(stderr, "poolscope: %s\n", qPrintable(error));
        return 2;
    }
    const AppOptions& o = *parsed;
    if (o.help || o.version) {
        std::fputs(qPrintable(o.version ? appVersionText() : appUsage()), stdout);
        return 0;
    }
    installTranslators(app, o.language);

    const bool headless = !o.screenshot.isEmpty() || o.benchRender;
    MainWindow window(!headless);
    if (!o.theme.isEmpty())
        window.setThemeChoice(theme::fromString(o.theme));
    if (headless)
        window.resize(o.size);
    if (o.specGiven || headless)
        window.controller()->setSpec(o.spec);
    window.show();

    if (o.benchRender) {
        RunSpec spec;
        spec.scenario.workers = 16;
        spec.scenario.tasks = 10'000;
        spec.scenario.workload.name = "sleep";
        spec.scenario.workload.taskMs = 8.0; // 10,000 x 8 ms / 16 workers: about 5 s of frames
        spec.scenario.submit = "as_completed";
        if (o.specGiven)
            spec = o.spec;
        const RenderBenchResult r = benchRender(window, spec);
        if (o.json) {
            QJsonObject j;
            j[QStringLiteral("frames")] = r.frames;
            j[QStringLiteral("median_ms")] = r.medianMs;
            j[QStringLiteral("p99_ms")] = r.p99Ms;
            j[QStringLiteral("max_ms")] = r.maxMs;
            j[QStringLiteral("mean_ms")] = r.meanMs;
            j[QStringLiteral("cpu_median_ms")] = r.cpuMedianMs;
            j[QStringLiteral("cpu_p99_ms")] = r.cpuP99Ms;
            j[QStringLiteral("ingest_median_ms")] = r.ingestMedianMs;
            j[QStringLiteral("diagram_paint_median_ms")] = r.diagramPaintMedianMs;
            j[QStringLiteral("paints")] = r.paints;
            j[QStringLiteral("events")] = static_cast<double>(r.events);
            j[QStringLiteral("tasks")] = static_cast<double>(r.tasksDone);
            j[QStringLiteral("workers")] = spec.scenario.workers;
            j[QStringLiteral("wall_s")] = r.wallS;
            j[QStringLiteral("events_per_s")] = r.wallS > 0 ? static_cast<double>(r.events) / r.wallS : 0.0;
            std::printf("%s\n", QJsonDocument(j).toJson(QJsonDocument::Compact).constData());
        } else {
            std::printf(
                "frames %d  median %.3f ms  p99 %.3f ms  max %.3f ms  (%llu events, %lld tasks, %.1f s)\n",
                r.frames, r.medianMs, r.p99Ms, r.maxMs, static_cast<unsigned long long>(r.events),
                static_cast<long long>(r.tasksDone), r.wallS);
        }
        window.close();
        return r.frames > 0 ? 0 : 1;
    }

    RunController* c = window.controller();
    if (o.steps >= 0) {
        c->step(); // starts paused and lets the first event through
        for (int i = 1; i < o.steps; ++i)
            c->step();
    } else if (o.autorun) {
        c->run();
    }
    if (!o.screenshot.isEmpty()) {
        const QString path = o.screenshot;
        const int after = o.afterMs;
        QTimer::singleShot(after, &window, [&window, &o, path] {
            RunController* ctl = window.controller();
            if (o.pause)
                ctl->pause();
            auto shoot = [&window, &o, path] {
                RunController* ctl2 = window.controller();
                if (o.select >= 0 && static_cast<std::size_t>(o.select) < ctl2->scene().order().size())
                    ctl2->selectTask(ctl2->scene().order()[static_cast<std::size_t>(o.select)]);
                QTimer::singleShot(120, &window, [&window, path] {
                    const bool ok = window.grab().save(path, "PNG");
                    if (!ok)
                        std::fprintf(stderr, "poolscope: --screenshot: could not write %s\n",
                                     qPrintable(path));
                    QApplication::exit(ok ? 0 : 1);
                });
            };
            // Let the last frame and the chip animations land first.
            QTimer::singleShot(o.pause ? 500 : 0, &window, shoot);
        });
    }
    const int rc = QApplication::exec();
    window.close();
    return rc;
}

} // namespace poolscope::ui
