#pragma once
// The status bar's message reads whole on a small screen (a 1280x720 projector, 1920x1080 at x2): the
// CPython note beside it takes its short form, and a message still too long for one line wraps onto
// a second (or third) line of the status bar rather than being cut.

#include <QObject>
#include <QString>

class QLabel;
class QStatusBar;

namespace poolscope::ui {

class StatusFit : public QObject
{
    Q_OBJECT
public:
    // `message` is the bar's stretching label; `note` a permanent one with a long and a short form.
    StatusFit(QStatusBar* bar, QLabel* message, QLabel* note, QString noteLong, QString noteShort);

    // Lines the message takes now (1 when it fits beside the other labels).
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
    QString m_fitted; // the message and the width it was fitted to
    int m_fittedWidth = -1;
    int m_lines = 1;
    bool m_busy = false;
};

} // namespace poolscope::ui
