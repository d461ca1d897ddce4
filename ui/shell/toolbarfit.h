#pragma once
// The run toolbar keeps every action in view, whatever the window's width (a 1920x1080 screen at x2
// shows 960 px, presenter mode scales the text): rather than let Qt move the last buttons behind
// its » overflow menu, the buttons drop their text, least used first (the interventions, then Step
// and Reset and the Speed label, then Run), and each keeps its tooltip and shortcut.

#include <QList>
#include <QObject>

class QAction;
class QToolBar;

namespace poolscope::ui {

class ToolbarFit : public QObject
{
    Q_OBJECT
public:
    // `stages`: the bar's actions that lose their text together, in the order they lose it (an
    // action shown as a tool button drops its text; one of another widget, a label, is hidden).
    // `watch`: actions whose text changes the need (Run / Pause / Resume).
    ToolbarFit(QToolBar* bar, QList<QList<QAction*>> stages, const QList<QAction*>& watch);

    // How many stages have dropped their text (0: every button has its text).
    int level() const noexcept { return m_level; }
    // Fits the bar to its width now (also done on every resize, font or language change).
    void fit();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void apply(int level);

    QToolBar* m_bar;
    QList<QList<QAction*>> m_stages;
    int m_level = 0;
    int m_fittedWidth = -1;
    bool m_fitting = false;
};

} // namespace poolscope::ui
