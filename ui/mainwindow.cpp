#include "mainwindow.h"

#include <QLabel>
#include <QStatusBar>

namespace poolscope::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("PoolScope"));
    m_placeholder = new QLabel(tr("PoolScope: watch concurrent.futures at work"), this);
    m_placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(m_placeholder);
    statusBar()->showMessage(tr("Idle"));
    resize(1280, 800);
}

} // namespace poolscope::ui
