#pragma once
// The status bar's message reads whole on a small screen (a 1280x720 projector, 1920x1080 at x2): the
// CPython note beside it takes its short form, and a message still too long for its line (what
// on_timeout did) moves to the notice row above the status bar, as wide as the window, wrapped onto as
// many lines as it needs; the status bar keeps its one line (wrapped there, between the state and the
// counts, it took three lines of a presenter's 720 and crowded both).

#include <QObject>
#include <QString>

class QLabel;
class QStatusBar;

namespace poolscope::ui {

class StatusFit : public QObject
{
    Q_OBJECT
public:
    // `message` is the bar's stretching label; `note` a permanent one with a long and a short form;
    // `notice` a word-wrapped label in the window's full-width row `noticeRow` (shown only while used).
    StatusFit(QStatusBar* bar, QLabel* message, QLabel* note, QString noteLong, QString noteShort,
              QLabel* notice, QWidget* noticeRow);

    // Lines the message takes now (1 when it fits beside the other labels; more in the notice row).
    int messageLines() const noexcept { return m_lines; }
    void refit();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QStatusBar* m_bar;
    QLabel* m_message;
    QLabel* m_note;
    QString m_noteLong;
    QString m_noteShort;
    QLabel* m_notice;
    QWidget* m_noticeRow;
    QString m_fitted; // the message, the width and the other labels' width it was fitted to
    int m_fittedWidth = -1;
    int m_fittedOthers = -1;
    int m_lines = 1;
    bool m_busy = false;
};

} // namespace poolscope::ui
