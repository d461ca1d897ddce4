#pragma once
// Presenter mode (View ▸ Presenter mode, F5): the window full screen for a projector, only the
// docks the teacher chose beside the diagram, text and diagram scaled, thick lines and high
// contrast. The dock choice and the scale are remembered in QSettings. While it is on,
// Ctrl++ / Ctrl+- / Ctrl+0 scale the presentation; outside it they zoom the timeline.

#include <QByteArray>
#include <QFont>
#include <QObject>
#include <QStringList>

class QAction;
class QLabel;
class QMainWindow;
class QMenu;

namespace poolscope::ui {

class PresenterMode : public QObject
{
    Q_OBJECT
public:
    static constexpr double kMinScale = 1.0;
    static constexpr double kMaxScale = 3.0;
    static constexpr double kDefaultScale = 1.5;

    // `persist`: read and write the choice and the scale in QSettings.
    PresenterMode(QMainWindow* window, bool persist);

    // Adds the mode and its scale to the View menu. `timelineZoom` are the actions that own
    // Ctrl++ / Ctrl+- outside presenter mode: they are disabled while it is on.
    void build(QMenu* view, const QList<QAction*>& timelineZoom);

    bool isActive() const noexcept { return m_active; }
    void setActive(bool on);
    double scale() const noexcept { return m_scale; }
    void setScale(double s);
    // Object names of the docks shown in presenter mode (none: the diagram and timeline only).
    QStringList chosenDocks() const { return m_docks; }
    void setChosenDocks(const QStringList& names);

    QAction* toggleAction() const noexcept { return m_toggle; }
    QAction* largerAction() const noexcept { return m_larger; }
    QAction* smallerAction() const noexcept { return m_smaller; }
    QAction* resetScaleAction() const noexcept { return m_reset; }
    // The status bar's "Presenter ×1.5 · F5 leaves" (hidden outside the mode).
    QLabel* statusLabel() const noexcept { return m_label; }

Q_SIGNALS:
    void activeChanged(bool on);

private:
    void applyScale();
    void applyDocks();
    void applyTimeline();
    void updateLabel();

    QMainWindow* m_window;
    bool m_persist;
    bool m_active = false;
    double m_scale = kDefaultScale;
    QStringList m_docks;
    QFont m_baseFont;
    bool m_ownFont = false;
    QByteArray m_normalState;
    QByteArray m_normalGeometry;
    QByteArray m_normalSplit; // the diagram / timeline split
    QAction* m_toggle = nullptr;
    QAction* m_leave = nullptr;
    QAction* m_larger = nullptr;
    QAction* m_smaller = nullptr;
    QAction* m_reset = nullptr;
    QList<QAction*> m_timelineZoom;
    QLabel* m_label = nullptr;
};

} // namespace poolscope::ui
