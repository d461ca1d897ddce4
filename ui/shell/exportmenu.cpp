#include "ui/shell/exportmenu.h"

#include "core/run/csvexport.h"
#include "core/run/trace.h"
#include "ui/diagram/diagramview.h"
#include "ui/run/runcontroller.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSvgGenerator>

#include <algorithm>

namespace poolscope::ui {

namespace {
std::vector<Event> bySeq(std::vector<Event> events)
{
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& x, const Event& y) { return x.seq < y.seq; });
    return events;
}

bool writeText(const QString& path, const std::string& text, QString* error)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
        f.write(text.data(), static_cast<qint64>(text.size())) == static_cast<qint64>(text.size()))
        return true;
    if (error)
        *error = QObject::tr("%1: could not write the file").arg(path);
    return false;
}
} // namespace

ExportMenu::ExportMenu(QObject* parent, QMainWindow* window, RunController* controller,
                       std::function<void(const QString&)> message)
    : QObject(parent), m_window(window), m_controller(controller), m_message(std::move(message))
{
}

void ExportMenu::build(QMenu* menu)
{
    QMenu* exportMenu = menu->addMenu(tr("Export"));
    const struct
    {
        QString entry, title, name, filter;
        Write write;
    } entries[] = {
        {tr("Diagram at the cursor as PNG…"), tr("Export the diagram"), QStringLiteral("diagram.png"),
         tr("PNG images (*.png)"), &ExportMenu::diagramPng},
        {tr("Diagram at the cursor as SVG…"), tr("Export the diagram"), QStringLiteral("diagram.svg"),
         tr("SVG images (*.svg)"), &ExportMenu::diagramSvg},
        {tr("Chrome trace (Perfetto)…"), tr("Export a Chrome trace"), QStringLiteral("trace.json"),
         tr("Chrome traces (*.json)"), &ExportMenu::chromeTrace},
        {tr("Task stages as CSV…"), tr("Export the task stages"), QStringLiteral("stages.csv"),
         tr("CSV files (*.csv)"), &ExportMenu::stagesCsv},
        {tr("Event log as CSV…"), tr("Export the event log"), QStringLiteral("events.csv"),
         tr("CSV files (*.csv)"), &ExportMenu::eventsCsv},
    };
    for (const auto& e : entries)
        exportMenu->addAction(e.entry, this, [this, e] { exportVia(e.title, e.name, e.filter, e.write); });
}

bool ExportMenu::diagramPng(const QString& path, QString* error)
{
    auto* diagram = m_window->findChild<DiagramView*>();
    QImage image(diagram->size() * diagram->devicePixelRatioF(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(diagram->devicePixelRatioF());
    {
        QPainter p(&image);
        diagram->paintTo(p);
    }
    if (!image.save(path, "PNG")) {
        if (error)
            *error = tr("%1: could not write the file").arg(path);
        return false;
    }
    return true;
}

bool ExportMenu::diagramSvg(const QString& path, QString* error)
{
    auto* diagram = m_window->findChild<DiagramView*>();
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(diagram->size());
    svg.setViewBox(QRect(QPoint(0, 0), diagram->size()));
    svg.setTitle(QStringLiteral("PoolScope diagram at event %1").arg(m_controller->cursor()));
    QPainter p;
    if (!p.begin(&svg)) {
        if (error)
            *error = tr("%1: could not write the file").arg(path);
        return false;
    }
    diagram->paintTo(p);
    p.end();
    return QFileInfo(path).size() > 0;
}

bool ExportMenu::chromeTrace(const QString& path, QString* error)
{
    try {
        writeChromeTrace(path.toStdString(), m_controller->history().events());
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    return true;
}

bool ExportMenu::stagesCsv(const QString& path, QString* error)
{
    return writeText(path, ::poolscope::stagesCsv(bySeq(m_controller->history().events())), error);
}

bool ExportMenu::eventsCsv(const QString& path, QString* error)
{
    return writeText(path, ::poolscope::eventsCsv(bySeq(m_controller->history().events())), error);
}

void ExportMenu::exportVia(const QString& title, const QString& name, const QString& filter, Write write)
{
    const QString path = QFileDialog::getSaveFileName(m_window, title, name, filter);
    QString error;
    if (!path.isEmpty() && !(this->*write)(path, &error))
        QMessageBox::warning(m_window, title, error);
    else if (!path.isEmpty())
        m_message(tr("Exported %1").arg(path));
}

} // namespace poolscope::ui
