#include "ui/shell/replayactions.h"

#include "ui/run/runcontroller.h"

#include <QActionGroup>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>

namespace poolscope::ui {

ReplayActions::ReplayActions(QMainWindow* window, RunController* controller)
    : QObject(window), m_window(window), m_controller(controller)
{
}

QList<double> ReplayActions::speeds()
{
    return {0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0};
}

QAction* ReplayActions::add(const QString& text, const QKeySequence& key, const QString& tip)
{
    auto* a = new QAction(text, m_window);
    a->setShortcut(key);
    a->setShortcutContext(Qt::WindowShortcut);
    a->setToolTip(tip);
    m_window->addAction(a); // shortcuts work with the menu bar hidden too
    m_all << a;
    return a;
}

void ReplayActions::build(QMenuBar* bar)
{
    RunController* c = m_controller;
    QMenu* menu = bar->addMenu(tr("Re&play"));
    menu->setObjectName(QStringLiteral("replayMenu"));
    m_stepBack =
        add(tr("Step back"), QKeySequence(Qt::Key_Left), tr("Show the run one event earlier (Left)"));
    connect(m_stepBack, &QAction::triggered, c, &RunController::stepBack);
    menu->addAction(m_stepBack);
    menu->addSeparator();
    QAction* prevStage =
        add(tr("Previous stage of the selected task"), QKeySequence(Qt::SHIFT | Qt::Key_Left),
            tr("Back to the event that moved the selected task into its current stage"));
    connect(prevStage, &QAction::triggered, c, [c] { c->seekTaskStage(false); });
    QAction* nextStage = add(tr("Next stage of the selected task"), QKeySequence(Qt::SHIFT | Qt::Key_Right),
                             tr("On to the next event that moves the selected task"));
    connect(nextStage, &QAction::triggered, c, [c] { c->seekTaskStage(true); });
    menu->addAction(prevStage);
    menu->addAction(nextStage);
    menu->addSeparator();
    QAction* start =
        add(tr("Go to the start"), QKeySequence(Qt::Key_Home), tr("The run before its first event"));
    connect(start, &QAction::triggered, c, [c] { c->seek(0); });
    m_live = add(tr("Back to live / the end"), QKeySequence(Qt::Key_End), tr("Follow the run again (End)"));
    connect(m_live, &QAction::triggered, c, &RunController::returnToLive);
    menu->addAction(start);
    menu->addAction(m_live);
    const std::pair<RunHistory::Mark, std::pair<QString, Qt::Key>> marks[] = {
        {RunHistory::Mark::Submit, {tr("Next submit"), Qt::Key_N}},
        {RunHistory::Mark::Completion, {tr("Next completion"), Qt::Key_C}},
        {RunHistory::Mark::Error, {tr("Next error"), Qt::Key_E}},
        {RunHistory::Mark::WorkerDeath, {tr("Next worker death"), Qt::Key_D}},
    };
    for (const auto& [mark, what] : marks) {
        QAction* a = add(what.first, QKeySequence(what.second), what.first);
        connect(a, &QAction::triggered, c, [c, mark = mark] { c->seekNext(mark); });
        menu->addAction(a);
    }
    menu->addSeparator();
    m_play = add(tr("Play the history"), QKeySequence(Qt::Key_P),
                 tr("Play the recorded run again at the replay speed, without running anything (P)"));
    connect(m_play, &QAction::triggered, c, &RunController::toggleReplay);
    menu->addAction(m_play);
    QMenu* speed = menu->addMenu(tr("Replay speed"));
    auto* group = new QActionGroup(this);
    for (double s : speeds()) {
        QAction* a = speed->addAction(tr("×%1").arg(s));
        a->setCheckable(true);
        a->setData(s);
        group->addAction(a);
        connect(a, &QAction::triggered, c, [c, s] { c->setReplaySpeed(s); });
        m_speedActions << a;
    }
    connect(c, &RunController::cursorChanged, this, &ReplayActions::update);
    connect(c, &RunController::replayChanged, this, &ReplayActions::update);
    connect(c, &RunController::frameApplied, this, &ReplayActions::update);
    update();
}

void ReplayActions::update()
{
    const bool any = !m_controller->history().empty();
    for (QAction* a : m_all)
        a->setEnabled(any);
    m_stepBack->setEnabled(m_controller->cursor() > 0);
    m_live->setEnabled(!m_controller->atLive());
    m_play->setText(m_controller->replayPlaying() ? tr("Pause the replay") : tr("Play the history"));
    for (QAction* a : m_speedActions)
        a->setChecked(std::abs(a->data().toDouble() - m_controller->replaySpeed()) < 1e-9);
}

} // namespace poolscope::ui
