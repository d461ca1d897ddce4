#include "scenariopanel.h"

#include "runcontroller.h"
#include "theme.h"
#include "workload.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <cmath>

namespace poolscope::ui {

// ---------------------------------------------------------------- validators

OptionalNumberValidator::OptionalNumberValidator(QString field, double min, double max, bool integer,
                                                 QObject* parent)
    : QValidator(parent), m_field(std::move(field)), m_min(min), m_max(max), m_integer(integer)
{
}

QValidator::State OptionalNumberValidator::validate(QString& input, int&) const
{
    const QString t = input.trimmed();
    if (t.isEmpty() || t == QLatin1String("None"))
        return Acceptable;
    if (QStringLiteral("None").startsWith(t))
        return Intermediate; // typing "None"
    bool ok = false;
    const double v = m_integer ? static_cast<double>(t.toLongLong(&ok)) : t.toDouble(&ok);
    if (!ok) {
        // A lone "." or "-" may still become a number; anything else is refused here.
        if (!m_integer && (t == QLatin1String(".") || t.endsWith(QLatin1Char('e'))))
            return Intermediate;
        Q_EMIT refused(m_integer ? tr("%1: whole numbers only, or None").arg(m_field)
                                 : tr("%1: a number, or None").arg(m_field));
        return Invalid;
    }
    if (v > m_max) {
        Q_EMIT refused(tr("%1: at most %2").arg(m_field).arg(m_max));
        return Invalid;
    }
    if (v < m_min || (v <= 0 && m_min <= 0 && !m_integer)) {
        // "0" can still become "0.5": not refused, but not accepted either.
        Q_EMIT refused(m_integer ? tr("%1: must be at least %2, or None").arg(m_field).arg(m_min)
                                 : tr("%1: must be more than 0 seconds, or None").arg(m_field));
        return v < 0 ? Invalid : Intermediate;
    }
    Q_EMIT refused(QString());
    return Acceptable;
}

std::optional<double> OptionalNumberValidator::value(const QString& text) const
{
    const QString t = text.trimmed();
    if (t.isEmpty() || t == QLatin1String("None"))
        return std::nullopt;
    bool ok = false;
    const double v = t.toDouble(&ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

CheckedSpinBox::CheckedSpinBox(QString field, int min, int max, QWidget* parent)
    : QSpinBox(parent), m_field(std::move(field))
{
    setRange(min, max);
    setAccelerated(true);
}

QValidator::State CheckedSpinBox::validate(QString& input, int& pos) const
{
    const QValidator::State s = QSpinBox::validate(input, pos);
    if (s == QValidator::Acceptable)
        Q_EMIT refused(QString());
    else
        Q_EMIT refused(tr("%1: a whole number from %2 to %3").arg(m_field).arg(minimum()).arg(maximum()));
    return s;
}

// ---------------------------------------------------------------- panel

const std::vector<double>& ScenarioPanel::speeds()
{
    static const std::vector<double> s = {1.0, 0.5, 0.25, 0.1, 0.05};
    return s;
}

ScenarioPanel::ScenarioPanel(RunController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("scenario"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(6, 6, 6, 6);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);

    m_pool = new QComboBox(this);
    m_pool->addItem(QStringLiteral("ThreadPoolExecutor"), static_cast<int>(PoolKind::Thread));
    m_pool->addItem(QStringLiteral("ProcessPoolExecutor"), static_cast<int>(PoolKind::Process));
    if (!RunSession::processPoolAvailable()) {
        if (auto* model = qobject_cast<QStandardItemModel*>(m_pool->model())) {
            model->item(1)->setEnabled(false);
            model->item(1)->setToolTip(tr("Not available in this build"));
        }
    }
    form->addRow(tr("Pool"), m_pool);

    m_workers = new CheckedSpinBox(QStringLiteral("max_workers"), 1, RunSpec::kMaxWorkers, this);
    m_workers->setToolTip(tr("max_workers: threads or processes in the pool"));
    form->addRow(tr("Workers"), m_workers);

    m_workload = new QComboBox(this);
    for (const std::string& name : workloadNames())
        m_workload->addItem(QString::fromStdString(name));
    m_workload->setToolTip(
        tr("What each task does: noop returns at once, sleep waits (I/O-like), spin burns CPU"));
    form->addRow(tr("Workload"), m_workload);

    m_taskMs = new QDoubleSpinBox(this);
    m_taskMs->setRange(0, RunSpec::kMaxTaskMs);
    m_taskMs->setDecimals(1);
    m_taskMs->setSuffix(QStringLiteral(" ms"));
    m_taskMs->setToolTip(tr("How long one task sleeps or spins (task_ms)"));
    form->addRow(tr("Task duration"), m_taskMs);

    m_tasks = new CheckedSpinBox(QStringLiteral("tasks"), 1, static_cast<int>(RunSpec::kMaxTasks), this);
    form->addRow(tr("Tasks"), m_tasks);

    m_submit = new QComboBox(this);
    m_submit->addItem(tr("submit + as_completed"), static_cast<int>(SubmitStyle::AsCompleted));
    m_submit->addItem(tr("map"), static_cast<int>(SubmitStyle::Map));
    m_submit->addItem(tr("submit + wait"), static_cast<int>(SubmitStyle::Wait));
    form->addRow(tr("Submission"), m_submit);

    m_chunksize = new CheckedSpinBox(QStringLiteral("chunksize"), 1, 10'000, this);
    m_chunksize->setToolTip(tr("map(chunksize=...): ProcessPoolExecutor sends chunks as one call item; "
                               "ThreadPoolExecutor ignores it"));
    form->addRow(tr("Chunksize"), m_chunksize);

    m_timeout = new QLineEdit(this);
    m_timeout->setPlaceholderText(QStringLiteral("None"));
    m_timeoutValidator = new OptionalNumberValidator(QStringLiteral("timeout"), 0, 86'400, false, m_timeout);
    m_timeout->setValidator(m_timeoutValidator);
    m_timeout->setToolTip(tr("Seconds for as_completed / map / wait, or None"));
    form->addRow(tr("Timeout (s)"), m_timeout);

    m_gil = new QCheckBox(tr("Model the GIL"), this);
    m_gil->setToolTip(tr("CPU work holds one global lock, as in CPython; off = free-threaded (PEP 703)"));
    form->addRow(tr("GIL"), m_gil);

    m_switchInterval = new QDoubleSpinBox(this);
    m_switchInterval->setRange(0.1, 1000);
    m_switchInterval->setDecimals(1);
    m_switchInterval->setSuffix(QStringLiteral(" ms"));
    m_switchInterval->setToolTip(
        tr("sys.getswitchinterval(): how long a waiting thread waits before asking for the GIL"));
    form->addRow(tr("Switch interval"), m_switchInterval);

    m_maxTasksPerChild = new QLineEdit(this);
    m_maxTasksPerChild->setPlaceholderText(QStringLiteral("None"));
    m_maxTasksValidator = new OptionalNumberValidator(QStringLiteral("max_tasks_per_child"), 1, 1'000'000,
                                                      true, m_maxTasksPerChild);
    m_maxTasksPerChild->setValidator(m_maxTasksValidator);
    form->addRow(tr("Max tasks per child"), m_maxTasksPerChild);

    m_speed = new QComboBox(this);
    for (double s : speeds())
        m_speed->addItem(s >= 1 ? tr("real time") : tr("slow motion ×%1").arg(std::lround(1 / s)), s);
    m_speed->setToolTip(
        tr("Slow motion makes every task take longer and paces the events so a class can follow"));
    form->addRow(tr("Speed"), m_speed);
    outer->addLayout(form);

    m_refusal = new QLabel(this);
    m_refusal->setWordWrap(true);
    m_refusal->setObjectName(QStringLiteral("refusal"));
    QPalette rp = m_refusal->palette();
    rp.setColor(QPalette::WindowText, theme::broken());
    m_refusal->setPalette(rp);
    outer->addWidget(m_refusal);

    auto* codeLabel = new QLabel(tr("The Python this run mirrors:"), this);
    outer->addWidget(codeLabel);
    m_code = new QPlainTextEdit(this);
    m_code->setReadOnly(true);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(font().pointSizeF() * 0.9);
    m_code->setFont(mono);
    m_code->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_code->setMinimumHeight(120);
    outer->addWidget(m_code, 1);

    setSpec(controller->spec());

    for (CheckedSpinBox* s : {m_workers, m_tasks, m_chunksize})
        connect(s, &CheckedSpinBox::refused, this, &ScenarioPanel::showRefusal);
    connect(m_timeoutValidator, &OptionalNumberValidator::refused, this, &ScenarioPanel::showRefusal);
    connect(m_maxTasksValidator, &OptionalNumberValidator::refused, this, &ScenarioPanel::showRefusal);
    for (QComboBox* c : {m_pool, m_workload, m_submit, m_speed})
        connect(c, &QComboBox::currentIndexChanged, this, &ScenarioPanel::edited);
    for (QSpinBox* s : {static_cast<QSpinBox*>(m_workers), static_cast<QSpinBox*>(m_tasks),
                        static_cast<QSpinBox*>(m_chunksize)})
        connect(s, &QSpinBox::valueChanged, this, &ScenarioPanel::edited);
    for (QDoubleSpinBox* s : {m_taskMs, m_switchInterval})
        connect(s, &QDoubleSpinBox::valueChanged, this, &ScenarioPanel::edited);
    connect(m_gil, &QCheckBox::toggled, this, &ScenarioPanel::edited);
    for (QLineEdit* e : {m_timeout, m_maxTasksPerChild})
        connect(e, &QLineEdit::textChanged, this, [this, e] {
            if (e->hasAcceptableInput())
                edited();
        });
    connect(this, &ScenarioPanel::specEdited, controller, &RunController::setSpec);
    connect(controller, &RunController::specChanged, this, [this](const RunSpec& s) {
        if (!m_updating && s != spec())
            setSpec(s);
    });
}

QString ScenarioPanel::lastRefusal() const
{
    return m_refusal->text();
}

void ScenarioPanel::showRefusal(const QString& why)
{
    m_refusal->setText(why);
    Q_EMIT refusalShown(why);
}

ScenarioPanel::~ScenarioPanel()
{
    // Children validate (and may report) while they are destroyed after this
    // object's destructor has run: stop listening first.
    for (QObject* o : std::initializer_list<QObject*>{m_workers, m_tasks, m_chunksize, m_timeoutValidator,
                                                      m_maxTasksValidator})
        disconnect(o, nullptr, this, nullptr);
}

RunSpec ScenarioPanel::spec() const
{
    RunSpec s;
    s.pool = static_cast<PoolKind>(m_pool->currentData().toInt());
    s.workers = m_workers->value();
    s.workload = m_workload->currentText().toStdString();
    s.taskMs = m_taskMs->value();
    s.tasks = m_tasks->value();
    s.submit = static_cast<SubmitStyle>(m_submit->currentData().toInt());
    s.chunksize = m_chunksize->value();
    s.timeoutS =
        m_timeout->hasAcceptableInput() ? m_timeoutValidator->value(m_timeout->text()) : std::nullopt;
    s.gil = m_gil->isChecked();
    s.switchIntervalMs = m_switchInterval->value();
    if (m_maxTasksPerChild->hasAcceptableInput()) {
        const auto v = m_maxTasksValidator->value(m_maxTasksPerChild->text());
        s.maxTasksPerChild = v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
    }
    s.speed = m_speed->currentData().toDouble();
    return s;
}

void ScenarioPanel::setSpec(const RunSpec& s)
{
    m_updating = true;
    m_pool->setCurrentIndex(std::max(0, m_pool->findData(static_cast<int>(s.pool))));
    m_workers->setValue(s.workers);
    m_workload->setCurrentIndex(std::max(0, m_workload->findText(QString::fromStdString(s.workload))));
    m_taskMs->setValue(s.taskMs);
    m_tasks->setValue(static_cast<int>(s.tasks));
    m_submit->setCurrentIndex(std::max(0, m_submit->findData(static_cast<int>(s.submit))));
    m_chunksize->setValue(s.chunksize);
    m_timeout->setText(s.timeoutS ? QString::number(*s.timeoutS) : QString());
    m_gil->setChecked(s.gil);
    m_switchInterval->setValue(s.switchIntervalMs);
    m_maxTasksPerChild->setText(s.maxTasksPerChild ? QString::number(*s.maxTasksPerChild) : QString());
    int speedIndex = 0;
    for (int i = 0; i < m_speed->count(); ++i)
        if (std::abs(m_speed->itemData(i).toDouble() - s.speed) < 1e-9)
            speedIndex = i;
    m_speed->setCurrentIndex(speedIndex);
    m_updating = false;
    updateEnabled();
    updateCode();
}

void ScenarioPanel::edited()
{
    if (m_updating)
        return;
    updateEnabled();
    updateCode();
    m_updating = true;
    Q_EMIT specEdited(spec());
    m_updating = false;
}

void ScenarioPanel::updateEnabled()
{
    const bool process = static_cast<PoolKind>(m_pool->currentData().toInt()) == PoolKind::Process;
    const bool timed = m_workload->currentText() != QLatin1String("noop");
    m_taskMs->setEnabled(timed);
    m_chunksize->setEnabled(static_cast<SubmitStyle>(m_submit->currentData().toInt()) == SubmitStyle::Map);
    m_maxTasksPerChild->setEnabled(process);
    m_gil->setEnabled(!process && RunSession::gilModelAvailable());
    m_switchInterval->setEnabled(!process && m_gil->isChecked() && RunSession::gilModelAvailable());
    if (!RunSession::gilModelAvailable())
        m_gil->setToolTip(tr("Not available in this build: threads run without a GIL"));
}

QString ScenarioPanel::pythonCode() const
{
    return m_code->toPlainText();
}

void ScenarioPanel::updateCode()
{
    // Short lines: the panel is narrow and the code must read without wrapping.
    const RunSpec s = spec();
    const bool process = s.pool == PoolKind::Process;
    const QString pool =
        process ? QStringLiteral("ProcessPoolExecutor") : QStringLiteral("ThreadPoolExecutor");
    const QString timeout = s.timeoutS ? QString::number(*s.timeoutS) : QStringLiteral("None");
    QStringList lines;
    lines << QStringLiteral("from concurrent.futures import (");
    QString names = QStringLiteral("    ") + pool;
    if (s.submit == SubmitStyle::AsCompleted)
        names += QStringLiteral(", as_completed");
    else if (s.submit == SubmitStyle::Wait)
        names += QStringLiteral(", wait");
    lines << names + QLatin1Char(')');
    if (s.workload == "sleep")
        lines << QStringLiteral("import time");
    lines << QString() << QStringLiteral("def task(i):");
    const QString secs = QString::number(s.taskMs / 1000.0, 'g', 4);
    if (s.workload == "sleep")
        lines << QStringLiteral("    time.sleep(%1)").arg(secs);
    else if (s.workload == "spin")
        lines << QStringLiteral("    busy_cpu(%1)  # seconds of CPU").arg(secs);
    lines << QStringLiteral("    return i") << QString();
    lines << QStringLiteral("with %1(").arg(pool) << QStringLiteral("        max_workers=%1").arg(s.workers);
    if (process && s.maxTasksPerChild)
        lines.back() += QStringLiteral(",\n        max_tasks_per_child=%1").arg(*s.maxTasksPerChild);
    lines << QStringLiteral("        ) as ex:");
    switch (s.submit) {
    case SubmitStyle::AsCompleted:
        lines << QStringLiteral("    fs = [ex.submit(task, i)")
              << QStringLiteral("          for i in range(%1)]").arg(s.tasks)
              << QStringLiteral("    for f in as_completed(")
              << QStringLiteral("            fs, timeout=%1):").arg(timeout)
              << QStringLiteral("        f.result()");
        break;
    case SubmitStyle::Map:
        lines << QStringLiteral("    it = ex.map(task, range(%1),").arg(s.tasks)
              << QStringLiteral("                timeout=%1%2)")
                     .arg(timeout, process ? QStringLiteral(", chunksize=%1").arg(s.chunksize) : QString())
              << QStringLiteral("    results = list(it)");
        break;
    case SubmitStyle::Wait:
        lines << QStringLiteral("    fs = [ex.submit(task, i)")
              << QStringLiteral("          for i in range(%1)]").arg(s.tasks)
              << QStringLiteral("    done, not_done = wait(")
              << QStringLiteral("        fs, timeout=%1)").arg(timeout)
              << QStringLiteral("    for f in done:") << QStringLiteral("        f.result()");
        break;
    }
    if (s.speed < 1)
        lines << QString() << QStringLiteral("# slow motion x%1: task time and").arg(std::lround(1 / s.speed))
              << QStringLiteral("# timeout scaled, events paced");
    if (!process && RunSession::gilModelAvailable())
        lines << QStringLiteral("# GIL: %1")
                     .arg(s.gil ? QStringLiteral("on, switch interval %1 ms").arg(s.switchIntervalMs)
                                : QStringLiteral("off (free-threaded)"));
    m_code->setPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace poolscope::ui
