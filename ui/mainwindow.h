#pragma once

#include <QMainWindow>

class QLabel;

namespace poolscope::ui {

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

private:
    QLabel* m_placeholder = nullptr;
};

} // namespace poolscope::ui
