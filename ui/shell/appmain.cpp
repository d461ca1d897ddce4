#include "ui/shell/appmain.h"

#include "core/run/runfile.h"
#include "core/run/scenario.h"
#include "core/run/scenarioflags.h"
#include "core/version.h"
#include "core/workload/workload.h"
#include "ui/compare/compareview.h"
#include "ui/compare/sweepview.h"
#include "ui/panels/inspectorpanel.h"
#include "ui/shell/filemenu.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/presentermode.h"
#include "ui/shell/renderbench.h"
#include "ui/shell/replaybench.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QIcon>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTemporaryFile>
#include <QTimer>
#include <QTranslator>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>

namespace poolscope::ui {

namespace {

// What the window can draw: thread or process pools, up to these sizes.
ScenarioLimits windowLimits()
{
    ScenarioLimits l;
    l.pools = {"thread", "process"};
    l.maxWorkers = RunSpec::kMaxWorkers;
    l.minTasks = 1;
    l.maxTasks = RunSpec::kMaxTasks;
    return l;
}

} // namespace

QString appUsage()
{
    return QStringLiteral(
               "usage: poolscope [options]\n"
               "\n"
               "PoolScope animates a faithful C++ re-implementation of Python's concurrent.futures.\n"
               "\n"
               "  --help                   show this text and exit\n"
               "  --presenter              start in presenter mode (full screen, large text, high contrast)\n"
               "  --version                show the version and exit\n"
               "\n"
               "scenario (the same flags, JSON and presets as poolscope-cli):\n") +
           QString::fromStdString(ScenarioFlags::usage(windowLimits(), RunSpec::defaultScenario())) +
           QStringLiteral(
               "  --speed F                1 = real time, 0.1 = ten times slower (0 < F <= 1)\n"
               "\n"
               "headless:\n"
               "  --autorun                start the run at once\n"
               "  --sweep                  open the speedup sweep; with --autorun sweep at once and\n"
               "                           shoot it when done (--screenshot)\n"
               "  --compare                open the compare view (serial, threads, processes side by\n"
               "                           side); with --autorun compare at once and shoot it when done\n"
               "  --pair NAME              ... of this pair: pools (the default), gil, extra-queued-calls,\n"
               "                           chunksize, workers\n"
               "  --compare --scenario A.json --scenario B.json\n"
               "                           ... of two scenario files (other scenario flags set both)\n"
               "  --together               ... the two pools at the same time (for I/O-bound work)\n"
               "  --compare A.pstrace B.pstrace [SERIAL.pstrace]\n"
               "                           open the run files of poolscope-cli compare --trace as a\n"
               "                           comparison\n"
               "  --screenshot PATH        write a PNG of the window, then quit\n"
               "  --after MS               ... this many ms after start (default 1500)\n"
               "  --pause                  pause the run just before the screenshot\n"
               "  --step N                 start paused and step N events\n"
               "  --select N               select task N (inspector) before the screenshot\n"
               "  --size WxH               window size (default 1440x900)\n"
               "  --screen WxH             offscreen: a screen of this many pixels (a projector);\n"
               "                           the window fits it, --presenter fills it\n"
               "  --scale F                ... shown at this scale factor (1 to 4, e.g. 1.5 or 2)\n"
               "  --theme system|light|dark\n"
               "  --lang en|zh_CN|system\n"
               "  --bench-render [--json]  time offscreen frames: 16 workers, 10000 tasks flowing\n"
               "\n"
               "replay:\n"
               "  FILE.pstrace, --open FILE  open a recorded run (a run file) instead of running\n"
               "  --seek K                 ... with the cursor after its first K events\n"
               "  --bench-replay [--json]  time opening, seeking and scrubbing a 1,000,000-event run\n");
}

std::optional<AppOptions> parseAppOptions(const QStringList& args, QString* error)
{
    // The scenario's flags are poolscope-cli's (core/run/scenarioflags.h); the
    // window's own flags use the same parser and wording.
    std::vector<std::string> words;
    for (const QString& a : args)
        words.push_back(a == QLatin1String("-h") ? std::string("--help") : a.toStdString());
    // `poolscope run.pstrace`: a bare run file name is --open FILE (any other stray word stays an error).
    std::string positional;
    if (!words.empty() && words.front().ends_with(kRunFileExtension)) {
        positional = words.front();
        words.erase(words.begin());
    }
    // `--compare A.pstrace B.pstrace`: the words after --compare up to the next flag are its files.
    std::vector<std::string> compareFiles;
    if (const auto at = std::find(words.begin(), words.end(), std::string("--compare")); at != words.end()) {
        auto end = std::next(at);
        while (end != words.end() && end->rfind("--", 0) != 0)
            compareFiles.push_back(*end++);
        words.erase(std::next(at), end);
    }
    // `--compare --scenario A.json --scenario B.json`: the second file is side B; the first, and every
    // other flag, are parsed as usual (and parsed again with B's file for side B).
    std::vector<std::string> secondScenario;
    std::size_t scenarioFiles = 0;
    if (std::find(words.begin(), words.end(), std::string("--compare")) != words.end()) {
        for (std::size_t i = 0; i < words.size(); ++i) {
            const bool split = words[i] == "--scenario" && i + 1 < words.size();
            if (!split && words[i].rfind("--scenario=", 0) != 0)
                continue;
            if (++scenarioFiles >= 2) { // the third and later are an error below
                if (scenarioFiles == 2)
                    secondScenario.assign(words.begin() + static_cast<std::ptrdiff_t>(i),
                                          words.begin() + static_cast<std::ptrdiff_t>(i + (split ? 2 : 1)));
                words.erase(words.begin() + static_cast<std::ptrdiff_t>(i),
                            words.begin() + static_cast<std::ptrdiff_t>(i + (split ? 2 : 1)));
                --i;
            }
        }
    }
    std::vector<FlagSpec> known = ScenarioFlags::specs();
    for (const FlagSpec& f : std::vector<FlagSpec>{{"speed"},
                                                   {"autorun", false},
                                                   {"sweep", false},
                                                   {"compare", false},
                                                   {"pair"},
                                                   {"together", false},
                                                   {"screenshot"},
                                                   {"after"},
                                                   {"pause", false},
                                                   {"step"},
                                                   {"select"},
                                                   {"size"},
                                                   {"presenter", false},
                                                   {"screen"},
                                                   {"scale"},
                                                   {"theme"},
                                                   {"lang"},
                                                   {"bench-render", false},
                                                   {"bench-replay", false},
                                                   {"open"},
                                                   {"seek"},
                                                   {"json", false},
                                                   {"help", false},
                                                   {"version", false}})
        known.push_back(f);
    AppOptions o;
    try {
        const ScenarioFlags flags(words, known);
        o.help = flags.has("help");
        o.version = flags.has("version");
        if (flags.anyScenarioFlag() || flags.has("speed")) {
            o.specGiven = true;
            // Without --preset or --scenario, flags change the window's default run.
            o.spec.scenario = flags.scenario(windowLimits(), RunSpec::defaultScenario());
        }
        if (flags.has("speed")) {
            const std::string text = flags.text("speed", "");
            char* end = nullptr;
            const double speed = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || !(speed > 0 && speed <= 1))
                throw FlagError("--speed: must be a number above 0 and at most 1, got '" + text + "'");
            o.spec.speed = speed;
        }
        o.autorun = flags.has("autorun");
        o.sweep = flags.has("sweep");
        o.compare = flags.has("compare");
        for (const std::string& f : compareFiles)
            o.compareFiles << QString::fromStdString(f);
        if (o.compare && o.sweep)
            throw FlagError("--compare: not with --sweep (one view at a time)");
        if (!compareFiles.empty()) {
            if (compareFiles.size() != 2 && compareFiles.size() != 3)
                throw FlagError(
                    "--compare: give two run files (A.pstrace B.pstrace), or three with the serial "
                    "one, got " +
                    std::to_string(compareFiles.size()));
            if (o.autorun || flags.anyScenarioFlag())
                throw FlagError(
                    "--compare: two run files are replayed, not run: no --autorun or scenario flags");
        }
        if (scenarioFiles > 2)
            throw FlagError("--scenario: --compare takes two scenario files (A and B), got " +
                            std::to_string(scenarioFiles));
        if (!secondScenario.empty()) {
            if (!compareFiles.empty())
                throw FlagError("--scenario: not with run files after --compare");
            // Side B: the same words with B's file in place of A's.
            std::vector<std::string> other = words;
            for (std::size_t i = 0; i < other.size(); ++i)
                if (other[i] == "--scenario" || other[i].rfind("--scenario=", 0) == 0) {
                    other.erase(other.begin() + static_cast<std::ptrdiff_t>(i),
                                other.begin() +
                                    static_cast<std::ptrdiff_t>(other[i] == "--scenario" ? i + 2 : i + 1));
                    other.insert(other.begin() + static_cast<std::ptrdiff_t>(i), secondScenario.begin(),
                                 secondScenario.end());
                    break;
                }
            o.compareB = ScenarioFlags(other, known).scenario(windowLimits(), RunSpec::defaultScenario());
        }
        if (flags.has("pair")) {
            std::vector<std::string> pairs;
            for (const QString& p : CompareView::pairNames())
                if (p != QLatin1String("files"))
                    pairs.push_back(p.toStdString());
            o.comparePair = QString::fromStdString(flags.choice("pair", "pools", pairs));
            if (!o.compare || !compareFiles.empty() || o.compareB)
                throw FlagError(
                    "--pair: only with --compare of a scenario (not with run files or two scenarios)");
        }
        o.compareTogether = flags.has("together");
        if (o.compareTogether && (!o.compare || !compareFiles.empty()))
            throw FlagError("--together: only with --compare of a scenario (not with run files)");
        if (o.compare && (flags.has("open") || !positional.empty()))
            throw FlagError("--compare: not with --open (give the two run files after --compare)");
        o.screenshot = QString::fromStdString(flags.text("screenshot", ""));
        if (flags.has("screenshot") && o.screenshot.isEmpty())
            throw FlagError("--screenshot: must be a file path, got ''");
        o.afterMs = static_cast<int>(flags.integer("after", o.afterMs, 0, 600'000));
        o.pause = flags.has("pause");
        o.steps = static_cast<int>(flags.integer("step", o.steps, 0, 1'000'000));
        o.select = flags.integer("select", o.select, 0, RunSpec::kMaxTasks);
        auto dimensions = [&flags](const char* flag) {
            const QString value = QString::fromStdString(flags.text(flag, ""));
            const QStringList wh = value.split(QLatin1Char('x'));
            bool okW = false, okH = false;
            const int w = wh.size() == 2 ? wh[0].toInt(&okW) : 0;
            const int h = wh.size() == 2 ? wh[1].toInt(&okH) : 0;
            if (!okW || !okH || w < 320 || w > 8000 || h < 240 || h > 8000)
                throw FlagError(std::string("--") + flag +
                                ": must be WIDTHxHEIGHT from 320x240 to 8000x8000, e.g. 1440x900, got '" +
                                value.toStdString() + "'");
            return QSize(w, h);
        };
        if (flags.has("size")) {
            o.size = dimensions("size");
            o.sizeGiven = true;
        }
        o.presenter = flags.has("presenter");
        if (flags.has("screen"))
            o.screen = dimensions("screen");
        if (flags.has("scale")) {
            const std::string text = flags.text("scale", "");
            char* end = nullptr;
            const double scale = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || !(scale >= 1 && scale <= 4))
                throw FlagError("--scale: must be a number from 1 to 4, got '" + text + "'");
            if (!flags.has("screen"))
                throw FlagError("--scale: only with --screen");
            o.scale = scale;
        }
        if (o.screen.isValid() && o.screenshot.isEmpty() && !flags.has("bench-render"))
            throw FlagError("--screen: only with --screenshot or --bench-render (it runs offscreen)");
        if (flags.has("theme"))
            o.theme = QString::fromStdString(flags.choice("theme", "system", {"system", "light", "dark"}));
        if (flags.has("lang"))
            o.language = QString::fromStdString(flags.choice("lang", "system", {"en", "zh_CN", "system"}));
        o.benchRender = flags.has("bench-render");
        o.benchReplay = flags.has("bench-replay");
        o.json = flags.has("json");
        if (o.json && !o.benchRender && !o.benchReplay)
            throw FlagError("--json: only with --bench-render or --bench-replay");
        o.open = QString::fromStdString(flags.text("open", positional));
        if ((flags.has("open") && o.open.isEmpty()) || (flags.has("open") && !positional.empty()))
            throw FlagError("--open: give one run file, got '" + o.open.toStdString() + "'");
        o.seek = flags.integer("seek", -1, 0, std::numeric_limits<std::int32_t>::max());
        if (flags.has("seek") && o.open.isEmpty())
            throw FlagError("--seek: only with a run file (--open FILE)");
        const std::string bad = o.spec.validate();
        if (!bad.empty())
            throw FlagError(bad);
    } catch (const std::exception& e) { // FlagError, or a scenario file's ScenarioError
        if (error)
            *error = QString::fromStdString(e.what());
        return std::nullopt;
    }
    return o;
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

QByteArray offscreenScreenConfig(QSize screen)
{
    // The keys Qt's offscreen plugin reads (qoffscreenintegration.cpp, Qt 6).
    QJsonObject s;
    s[QStringLiteral("name")] = QStringLiteral("projector");
    s[QStringLiteral("x")] = 0;
    s[QStringLiteral("y")] = 0;
    s[QStringLiteral("width")] = screen.width();
    s[QStringLiteral("height")] = screen.height();
    s[QStringLiteral("logicalDpi")] = 96;
    s[QStringLiteral("logicalBaseDpi")] = 96;
    s[QStringLiteral("dpr")] = 1;
    QJsonObject c;
    c[QStringLiteral("synchronousWindowSystemEvents")] = false;
    c[QStringLiteral("windowFrameMargins")] = false;
    c[QStringLiteral("screens")] = QJsonArray{s};
    return QJsonDocument(c).toJson(QJsonDocument::Compact);
}

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
    // A bad flag is one line on stderr (docs/cli.md), so it is reported before
    // QApplication, whose start-up may warn (XDG_RUNTIME_DIR, the platform). Qt's
    // own options (one dash: -platform, -style, ...) are only known to Qt, so
    // with any of them the flags are read after it instead.
    QStringList raw;
    bool qtOptions = false;
    for (int i = 1; i < argc; ++i) {
        raw << QString::fromLocal8Bit(argv[i]);
        qtOptions =
            qtOptions || (raw.back().startsWith(QLatin1Char('-')) &&
                          !raw.back().startsWith(QLatin1String("--")) && raw.back() != QLatin1String("-h"));
    }
    if (!qtOptions) {
        QString early;
        if (!parseAppOptions(raw, &early)) {
            std::fprintf(stderr, "poolscope: %s\n", qPrintable(early));
            return 2;
        }
    }
    // --screen: the offscreen platform gets a screen of that size (read from a file when the
    // platform starts, removed right after), --scale its scale factor: what a projector shows.
    std::optional<AppOptions> first = qtOptions ? std::nullopt : parseAppOptions(raw, nullptr);
    QTemporaryFile screenConfig(QDir::temp().filePath(QStringLiteral("poolscope-screen-XXXXXX.json")));
    if (first && first->screen.isValid()) {
        if (!screenConfig.open() || screenConfig.write(offscreenScreenConfig(first->screen)) < 0 ||
            !screenConfig.flush()) {
            std::fprintf(stderr, "poolscope: --screen: cannot write a temporary file in %s\n",
                         qPrintable(QDir::tempPath()));
            return 1;
        }
        qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(screenConfig.fileName()));
        if (first->scale > 0)
            qputenv("QT_SCALE_FACTOR", QByteArray::number(first->scale));
    }
    QApplication app(argc, argv);
    // Only when it was opened: an unopened QTemporaryFile has no name, and remove() would warn on stderr.
    if (screenConfig.isOpen())
        screenConfig.remove();
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

    const bool headless = !o.screenshot.isEmpty() || o.benchRender || o.benchReplay;
    MainWindow window(!headless);
    if (!o.theme.isEmpty())
        window.setThemeChoice(theme::fromString(o.theme));
    // On a --screen the window fits it, as it fits the screen it opens on (MainWindow()).
    if (headless && (o.sizeGiven || !o.screen.isValid()))
        window.resize(o.size);
    if (o.presenter)
        window.presenter()->setActive(true);
    if (o.specGiven || headless)
        window.controller()->setSpec(o.spec);
    window.show();

    if (o.benchRender)
        return runRenderBench(window, o.specGiven ? &o.spec : nullptr, o.json);

    if (o.benchReplay) {
        // POOLSCOPE_BENCH_EVENTS: a shorter run for a quick look (the documented figures use the default).
        const qint64 target = qEnvironmentVariableIntValue("POOLSCOPE_BENCH_EVENTS");
        // POOLSCOPE_BENCH_REPLAY_FILE: open that run file instead of recording one.
        const ReplayBenchResult r =
            benchReplay(window, target > 0 ? static_cast<std::uint64_t>(target) : 1'000'000,
                        qEnvironmentVariable("POOLSCOPE_BENCH_REPLAY_FILE"));
        const QJsonObject j = replayBenchJson(r);
        if (o.json)
            std::printf("%s\n", QJsonDocument(j).toJson(QJsonDocument::Compact).constData());
        else
            std::printf("%s\n", QJsonDocument(j).toJson(QJsonDocument::Indented).constData());
        window.close();
        return r.events > 0 ? 0 : 1;
    }

    RunController* c = window.controller();
    if (!o.open.isEmpty()) {
        // A bad file: one line on stderr and exit 2 headless; a dialog in the window.
        QString why;
        if (!window.fileMenu()->openRunFile(o.open, &why, !headless)) {
            if (headless) {
                std::fprintf(stderr, "poolscope: %s\n", qPrintable(why));
                return 2;
            }
        } else if (o.seek >= 0) {
            c->seek(o.seek);
        }
    }
    if (o.compare) {
        // The compare view instead of a run; the screenshot is of it, once the comparison is shown.
        CompareView* compare = CompareView::showFor(c, &window);
        if (headless)
            compare->resize(window.size());
        if (!o.compareFiles.isEmpty()) {
            QString why;
            if (!compare->openFiles(o.compareFiles, &why)) {
                std::fprintf(stderr, "poolscope: %s\n", qPrintable(why));
                return 2;
            }
        } else {
            if (o.compareB)
                compare->setSides(o.spec.scenario, *o.compareB);
            else if (!o.comparePair.isEmpty())
                compare->setPair(o.comparePair);
            compare->setConcurrent(o.compareTogether);
            if (o.autorun)
                compare->start(1);
        }
        if (!o.screenshot.isEmpty()) {
            const QString path = o.screenshot;
            auto shoot = [compare, path](bool failed) {
                const bool ok = compare->grab().save(path, "PNG");
                if (!ok)
                    std::fprintf(stderr, "poolscope: --screenshot: could not write %s\n", qPrintable(path));
                if (failed)
                    std::fprintf(stderr, "poolscope: --compare: %s\n", qPrintable(compare->statusText()));
                QApplication::exit(ok && !failed ? 0 : 1);
            };
            if (o.autorun)
                QObject::connect(compare, &CompareView::finished, compare, [compare, shoot](bool cancelled) {
                    QTimer::singleShot(300, compare, [shoot, cancelled] { shoot(cancelled); });
                });
            else
                QTimer::singleShot(o.compareFiles.isEmpty() ? o.afterMs : 500, compare,
                                   [shoot] { shoot(false); });
        }
        const int rc = QApplication::exec();
        window.close();
        return rc;
    }
    if (o.sweep) {
        // The sweep window instead of a run; the screenshot is of it, once the sweep is done.
        SweepView* sweep = SweepView::showFor(c, &window);
        if (headless)
            sweep->resize(window.size());
        if (o.autorun)
            sweep->start(std::clamp(std::max(o.spec.scenario.workers, 4), 1, 16), 1);
        if (!o.screenshot.isEmpty()) {
            const QString path = o.screenshot;
            auto shoot = [sweep, path] {
                const bool ok = sweep->grab().save(path, "PNG");
                if (!ok)
                    std::fprintf(stderr, "poolscope: --screenshot: could not write %s\n", qPrintable(path));
                QApplication::exit(ok ? 0 : 1);
            };
            if (o.autorun)
                QObject::connect(sweep, &SweepView::finished, sweep,
                                 [shoot] { QTimer::singleShot(200, shoot); });
            else
                QTimer::singleShot(o.afterMs, sweep, shoot);
        }
        const int rc = QApplication::exec();
        window.close();
        return rc;
    }
    if (!o.open.isEmpty()) {
        // A recorded run: nothing to start.
    } else if (o.steps >= 0) {
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
