#pragma once
// What the compare and sweep views share around their background job: a title, a bar of "N rounds",
// Run, Cancel and a progress bar, and a status line, wired to the job the same way in both: its
// progress fills the bar, a failure shows in the status line, its end turns the buttons back.

#include <QString>

class QHBoxLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QWidget;

namespace poolscope::ui {

class BackgroundJob;

struct JobControls
{
    QLabel* title = nullptr;
    QSpinBox* repeat = nullptr;
    QPushButton* run = nullptr;
    QPushButton* cancel = nullptr;
    QProgressBar* progress = nullptr;
    QLabel* status = nullptr; // the view adds it at the bottom

    // Children of `view`; the repeat box (1 to 9, labelled `repeatLabel`), Run and Cancel and the
    // progress bar are added to `bar`.
    static JobControls make(QWidget* view, BackgroundJob* job, QHBoxLayout* bar, const QString& repeatLabel,
                            const QString& repeatTip, const QString& runText);
    // Run off, Cancel on, the bar empty of `total` steps, `text` in the status line.
    void started(int total, const QString& text) const;
};

} // namespace poolscope::ui
