#include "ui/compare/jobcontrols.h"

#include "ui/compare/backgroundjob.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>

namespace poolscope::ui {

JobControls JobControls::make(QWidget* view, BackgroundJob* job, QHBoxLayout* bar, const QString& repeatLabel,
                              const QString& repeatTip, const QString& runText)
{
    JobControls c;
    c.title = new QLabel(view);
    c.title->setWordWrap(true);
    bar->addWidget(new QLabel(repeatLabel, view));
    c.repeat = new QSpinBox(view);
    c.repeat->setRange(1, 9);
    c.repeat->setValue(1);
    c.repeat->setToolTip(repeatTip);
    c.repeat->setAccessibleName(repeatLabel);
    bar->addWidget(c.repeat);
    c.run = new QPushButton(runText, view);
    c.cancel = new QPushButton(QCoreApplication::translate("JobControls", "Cancel"), view);
    c.cancel->setEnabled(false);
    c.progress = new QProgressBar(view);
    c.progress->setRange(0, 1);
    c.progress->setValue(0);
    bar->addWidget(c.run);
    bar->addWidget(c.cancel);
    bar->addWidget(c.progress, 1);
    c.status = new QLabel(view);
    c.status->setWordWrap(true);
    QObject::connect(job, &BackgroundJob::progress, c.progress, [bar = c.progress](int done, int total) {
        bar->setRange(0, total);
        bar->setValue(done);
    });
    QObject::connect(job, &BackgroundJob::failed, c.status, &QLabel::setText);
    QObject::connect(job, &BackgroundJob::finished, c.run, [run = c.run, cancel = c.cancel] {
        run->setEnabled(true);
        cancel->setEnabled(false);
    });
    return c;
}

void JobControls::started(int total, const QString& text) const
{
    run->setEnabled(false);
    cancel->setEnabled(true);
    progress->setRange(0, total);
    progress->setValue(0);
    status->setText(text);
}

} // namespace poolscope::ui
