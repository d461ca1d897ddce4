#include "mainwindow.h"

#include <QApplication>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PoolScope"));
    QApplication::setOrganizationName(QStringLiteral("PoolScope"));
    poolscope::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
