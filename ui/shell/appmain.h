#pragma once
// The poolscope executable's logic, in the library so tests can drive it:
// command-line options and headless screenshots (the benchmarks: replaybench, renderbench).

#include "ui/run/runsession.h"

#include <QByteArray>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

namespace poolscope::ui {

class MainWindow;

struct AppOptions
{
    RunSpec spec;
    bool specGiven = false;
    bool autorun = false;
    bool sweep =
        false; // open View > Speedup sweep (--autorun: sweep at once; --screenshot: of it, when done)
    bool compare = false;             // open View > Compare the pools (--autorun: compare at once)
    QStringList compareFiles;         // ... or two run files as a comparison
    QString comparePair;              // ... of this pair (CompareView::pairNames()), "" the default
    std::optional<Scenario> compareB; // ... of the scenario (side A) and this one (a second --scenario)
    bool compareTogether = false;     // ... the two pools at the same time
    QString screenshot;               // write a PNG of the window and quit
    int afterMs = 1500;               // ... this long after start
    bool pause = false;               // pause the run before the screenshot
    int steps = -1;                   // start paused and step this many events
    std::int64_t select = -1;         // select this task number before the screenshot
    QSize size{1440, 900};
    bool sizeGiven = false;
    bool presenter = false; // start in presenter mode
    QSize screen;           // the offscreen platform's screen (a projector of this size)
    double scale = 0;       // QT_SCALE_FACTOR for it (0: none)
    QString theme;          // system | light | dark
    QString language;       // en | zh_CN | system
    QString open;           // a run file (.pstrace) to open straight into replay
    std::int64_t seek = -1; // ... with the cursor at this position (-1: the end)
    bool benchRender = false;
    bool benchReplay = false;
    bool json = false;
    bool help = false;
    bool version = false;
};

// Parses the arguments after argv[0]. On a bad flag or value, returns nullopt
// and sets `error` to a message naming the flag and what is wrong.
std::optional<AppOptions> parseAppOptions(const QStringList& args, QString* error);
QString appUsage();
// "poolscope VERSION\n", what --version prints.
QString appVersionText();

// The offscreen platform's configuration (Qt's `-platform offscreen:configfile=`) for one
// screen of `screen` device pixels.
QByteArray offscreenScreenConfig(QSize screen);

int appMain(int argc, char** argv);

} // namespace poolscope::ui
