#include "ui/panels/scenariopanel.h"

#include "core/workload/workload.h"
#include "ui/run/runcontroller.h"
#include "ui/shell/theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <cmath>

namespace poolscope::ui {

namespace {
QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

QDoubleSpinBox* msBox(QWidget* parent, double max, const QString& tip)
{
    auto* b = new QDoubleSpinBox(parent);
    b->setRange(0, max);
    b->setDecimals(1);
    b->setSuffix(QStringLiteral(" ms"));
    b->setToolTip(tip);
    return b;
}

QString numberOrEmpty(std::int64_t v, std::int64_t emptyBelow)
{
    return v < emptyBelow ? QString() : QString::number(v);
}
} // namespace

const std::vector<double>& ScenarioPanel::speeds()
{
    static const std::vector<double> s = {1.0, 0.5, 0.25, 0.1, 0.05};
    return s;
}

QLineEdit* ScenarioPanel::optionalField(const QString& field, double min, double max, bool integer,
                                        const QString& none)
{
    auto* e = new QLineEdit(this);
    e->setObjectName(field);
    // A number has no space: Space still runs/pauses while this field has focus.
    e->setProperty("poolscopeNumeric", true);
    e->setPlaceholderText(none);
    auto* v = new OptionalNumberValidator(field, min, max, integer, e);
    e->setValidator(v);
    connect(v, &OptionalNumberValidator::refused, this, &ScenarioPanel::showRefusal);
    connect(e, &QLineEdit::textChanged, this, [this, e] {
        if (e->hasAcceptableInput())
            edited();
    });
    return e;
}

ScenarioPanel::ScenarioPanel(RunController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("scenario"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(6, 6, 6, 6);

    auto* top = new QFormLayout;
    m_preset = new QComboBox(this);
    m_preset->addItem(tr("(custom)"), QString());
    for (const Preset& p : presets()) {
        m_preset->addItem(q(p.name), q(p.name));
        m_preset->setItemData(m_preset->count() - 1, q(p.summary), Qt::ToolTipRole);
    }
    m_preset->setToolTip(tr("Start from one of the tutorial's examples"));
    top->addRow(tr("Preset"), m_preset);
    outer->addLayout(top);

    // ---- the executor
    auto* execBox = new QGroupBox(tr("Executor"), this);
    m_form = new QFormLayout(execBox);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_pool = new QComboBox(this);
    m_pool->setObjectName(QStringLiteral("pool"));
    m_pool->addItem(QStringLiteral("ThreadPoolExecutor"), QStringLiteral("thread"));
    m_pool->addItem(QStringLiteral("ProcessPoolExecutor"), QStringLiteral("process"));
    m_form->addRow(tr("Pool"), m_pool);
    m_workers = new CheckedSpinBox(QStringLiteral("max_workers"), 1, RunSpec::kMaxWorkers, this);
    m_workers->setToolTip(tr("max_workers: threads or processes in the pool"));
    m_form->addRow(tr("Workers"), m_workers);
    m_tasks = new CheckedSpinBox(QStringLiteral("tasks"), 1, static_cast<int>(RunSpec::kMaxTasks), this);
    m_form->addRow(tr("Tasks"), m_tasks);
    m_submit = new QComboBox(this);
    m_submit->addItem(tr("submit + result"), QStringLiteral("submit"));
    m_submit->addItem(tr("submit + as_completed"), QStringLiteral("as_completed"));
    m_submit->addItem(tr("submit + wait"), QStringLiteral("wait"));
    m_submit->addItem(tr("map"), QStringLiteral("map"));
    m_form->addRow(tr("Submission"), m_submit);
    m_chunksize = new CheckedSpinBox(QStringLiteral("chunksize"), 1, 10'000, this);
    m_chunksize->setToolTip(tr("map(chunksize=...): ProcessPoolExecutor sends chunks as one call item; "
                               "ThreadPoolExecutor ignores it"));
    m_form->addRow(tr("Chunksize"), m_chunksize);
    m_timeout = optionalField(QStringLiteral("timeout"), 0, 86'400, false, QStringLiteral("None"));
    m_timeout->setToolTip(tr("Seconds for as_completed / map / wait / result, or None"));
    m_form->addRow(tr("Timeout (s)"), m_timeout);
    m_onTimeout = new QComboBox(this);
    m_onTimeout->setObjectName(QStringLiteral("onTimeout"));
    for (const std::string& a : onTimeoutActions())
        m_onTimeout->addItem(q(a), q(a));
    m_onTimeout->setToolTip(tr("What happens after TimeoutError while workers still compute: wait (the "
                               "with-block waits), cancel (cancel_futures), terminate / kill the workers "
                               "(process pool)"));
    m_form->addRow(tr("On timeout"), m_onTimeout);
    m_gil = new QCheckBox(tr("Model the GIL"), this);
    m_gil->setToolTip(tr("CPU work holds one global lock, as in CPython; off = free-threaded (PEP 703)"));
    m_form->addRow(tr("GIL"), m_gil);
    m_switchInterval = msBox(this, 10'000,
                             tr("sys.getswitchinterval(): how long a waiting thread waits "
                                "before asking for the GIL"));
    m_switchInterval->setMinimum(0.1);
    m_form->addRow(tr("Switch interval"), m_switchInterval);
    m_maxTasksPerChild =
        optionalField(QStringLiteral("max_tasks_per_child"), 1, 1'000'000, true, QStringLiteral("None"));
    m_form->addRow(tr("Max tasks per child"), m_maxTasksPerChild);
    m_extraQueuedCalls = new CheckedSpinBox(QStringLiteral("extra_queued_calls"), 0, 64, this);
    m_extraQueuedCalls->setToolTip(
        tr("Call-queue slots beyond max_workers (CPython: 1). More raises "
           "throughput, but more futures turn RUNNING early and cannot be cancelled."));
    m_form->addRow(tr("Extra queued calls"), m_extraQueuedCalls);
    outer->addWidget(execBox);

    // ---- the work
    auto* workBox = new QGroupBox(tr("Workload"), this);
    m_workloadForm = new QFormLayout(workBox);
    m_workloadForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_workload = new QComboBox(this);
    for (const auto& [name, help] : workloadHelp()) {
        m_workload->addItem(q(name), q(name));
        m_workload->setItemData(m_workload->count() - 1, q(help), Qt::ToolTipRole);
    }
    m_workloadForm->addRow(tr("Task"), m_workload);
    m_taskMs = msBox(this, 600'000, tr("How long one task sleeps or spins (task_ms)"));
    m_workloadForm->addRow(tr("Duration"), m_taskMs);
    m_n = optionalField(QStringLiteral("n"), 1, 2e9, true, tr("default"));
    m_n->setToolTip(tr("factorial: n!; primes: count the primes below n"));
    m_workloadForm->addRow(QStringLiteral("n"), m_n);
    m_inputs = new QLineEdit(this);
    m_inputs->setObjectName(QStringLiteral("inputs"));
    m_inputs->setPlaceholderText(tr("none: every task uses n"));
    m_inputs->setToolTip(
        tr("One n per task, cycled (the tutorial's task_list), e.g. 1297337, 1116281, 104395303"));
    auto* listValidator = new IntegerListValidator(QStringLiteral("inputs"), 1, 2'000'000'000, m_inputs);
    m_inputs->setValidator(listValidator);
    connect(listValidator, &IntegerListValidator::refused, this, &ScenarioPanel::showRefusal);
    connect(m_inputs, &QLineEdit::textChanged, this, [this] {
        if (m_inputs->hasAcceptableInput())
            edited();
    });
    m_workloadForm->addRow(tr("Inputs"), m_inputs);
    m_rounds = optionalField(QStringLiteral("rounds"), 1, 1e9, true, tr("default"));
    m_workloadForm->addRow(tr("Rounds"), m_rounds);
    m_bytes = optionalField(QStringLiteral("bytes"), 0, 1 << 30, true, tr("default"));
    m_bytes->setToolTip(tr("Size of the buffer, file or HTTP body"));
    m_workloadForm->addRow(tr("Bytes"), m_bytes);
    m_latencyMs = msBox(this, 600'000, tr("Server-side latency of each HTTP request"));
    m_workloadForm->addRow(tr("Latency"), m_latencyMs);
    m_ioMs = msBox(this, 600'000, tr("mixed: server latency of the I/O part"));
    m_workloadForm->addRow(tr("I/O part"), m_ioMs);
    m_cpuMs = msBox(this, 600'000, tr("mixed: CPU time of the compute part"));
    m_workloadForm->addRow(tr("CPU part"), m_cpuMs);
    m_payload = optionalField(QStringLiteral("payload"), 0, 1 << 30, true, QStringLiteral("0"));
    m_payload->setToolTip(tr("Bytes of argument and of result: what serialization and the pipes carry"));
    m_workloadForm->addRow(tr("Payload"), m_payload);
    outer->addWidget(workBox);

    auto* speedForm = new QFormLayout;
    m_speed = new QComboBox(this);
    for (double s : speeds())
        m_speed->addItem(s >= 1 ? tr("real time") : tr("slow motion ×%1").arg(std::lround(1 / s)), s);
    m_speed->setToolTip(
        tr("Slow motion makes every task take longer and paces the events so a class can follow"));
    speedForm->addRow(tr("Speed"), m_speed);
    outer->addLayout(speedForm);

    m_refusal = new QLabel(this);
    m_refusal->setWordWrap(true);
    m_refusal->setObjectName(QStringLiteral("refusal"));
    m_invalid = new QLabel(this);
    m_invalid->setWordWrap(true);
    for (QLabel* l : {m_refusal, m_invalid}) {
        QPalette rp = l->palette();
        rp.setColor(QPalette::WindowText, theme::brokenOn(rp));
        l->setPalette(rp);
        outer->addWidget(l);
    }

    outer->addWidget(new QLabel(tr("The Python this run mirrors:"), this));
    m_code = new QPlainTextEdit(this);
    m_code->setReadOnly(true);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(font().pointSizeF() * 0.9);
    m_code->setFont(mono);
    m_code->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_code->setMinimumHeight(150);
    outer->addWidget(m_code, 1);

    setSpec(controller->spec());

    for (CheckedSpinBox* s : {m_workers, m_tasks, m_chunksize, m_extraQueuedCalls})
        connect(s, &CheckedSpinBox::refused, this, &ScenarioPanel::showRefusal);
    for (QComboBox* c : {m_pool, m_workload, m_submit, m_speed})
        connect(c, &QComboBox::currentIndexChanged, this, &ScenarioPanel::edited);
    connect(m_onTimeout, &QComboBox::currentIndexChanged, this, [this] {
        if (m_updating)
            return;
        m_onTimeoutChosen = m_onTimeout->currentData().toString();
        edited();
    });
    for (QSpinBox* s : {static_cast<QSpinBox*>(m_workers), static_cast<QSpinBox*>(m_tasks),
                        static_cast<QSpinBox*>(m_chunksize), static_cast<QSpinBox*>(m_extraQueuedCalls)})
        connect(s, &QSpinBox::valueChanged, this, &ScenarioPanel::edited);
    for (QDoubleSpinBox* s : {m_taskMs, m_switchInterval, m_latencyMs, m_ioMs, m_cpuMs})
        connect(s, &QDoubleSpinBox::valueChanged, this, &ScenarioPanel::edited);
    connect(m_gil, &QCheckBox::toggled, this, &ScenarioPanel::edited);
    connect(m_preset, &QComboBox::activated, this, [this](int i) {
        const QString name = m_preset->itemData(i).toString();
        if (!name.isEmpty())
            loadPreset(name);
    });
    connect(this, &ScenarioPanel::specEdited, controller, &RunController::setSpec);
    connect(controller, &RunController::specChanged, this, [this](const RunSpec& s) {
        if (!m_updating && s != spec())
            setSpec(s);
    });
}

ScenarioPanel::~ScenarioPanel()
{
    // Children validate (and may report) while they are destroyed after this
    // object's destructor has run: stop listening first.
    for (QObject* o : findChildren<QObject*>())
        disconnect(o, nullptr, this, nullptr);
}

bool ScenarioPanel::loadPreset(const QString& name)
{
    const std::optional<Scenario> s = presetScenario(name.toStdString());
    if (!s)
        return false;
    RunSpec spec = this->spec();
    spec.scenario = *s;
    const std::string bad = spec.validate();
    if (!bad.empty()) {
        showRefusal(tr("preset %1: %2").arg(name, q(bad)));
        return false;
    }
    setSpec(spec);
    m_updating = true;
    Q_EMIT specEdited(this->spec());
    m_updating = false;
    return true;
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

RunSpec ScenarioPanel::spec() const
{
    RunSpec r;
    Scenario& s = r.scenario;
    s.name = m_name;
    s.description = m_description;
    s.pool = m_pool->currentData().toString().toStdString();
    s.workers = m_workers->value();
    s.tasks = m_tasks->value();
    s.submit = m_submit->currentData().toString().toStdString();
    s.chunksize = s.submit == "map" ? m_chunksize->value() : 1;
    if (m_timeout->hasAcceptableInput()) {
        const QString t = m_timeout->text().trimmed();
        if (t.isEmpty() || t == QLatin1String("None"))
            s.timeoutS.reset();
        else
            s.timeoutS = t.toDouble();
    }
    // The scenario's own choice, even while a thread pool shows it as cancel: loading a
    // file or a preset does not rewrite it (poolscope-cli falls back the same way).
    s.onTimeout = m_onTimeoutChosen.toStdString();
    s.gil = m_gil->isChecked();
    s.switchIntervalMs = m_switchInterval->value();
    s.maxTasksPerChild = 0;
    if (s.pool == "process" && m_maxTasksPerChild->hasAcceptableInput() &&
        !m_maxTasksPerChild->text().trimmed().isEmpty() &&
        m_maxTasksPerChild->text().trimmed() != QLatin1String("None"))
        s.maxTasksPerChild = m_maxTasksPerChild->text().trimmed().toInt();
    s.extraQueuedCalls = m_extraQueuedCalls->value();
    s.killWorkerAfter = s.pool == "process" ? m_killWorkerAfter : std::nullopt;

    WorkloadSpec& w = s.workload;
    w.name = m_workload->currentData().toString().toStdString();
    w.taskMs = m_taskMs->value();
    auto integer = [](const QLineEdit* e, std::int64_t empty) -> std::int64_t {
        bool ok = false;
        const qlonglong v = e->text().trimmed().toLongLong(&ok);
        return ok && e->hasAcceptableInput() ? v : empty;
    };
    w.n = integer(m_n, 0);
    w.inputs = m_inputs->hasAcceptableInput() ? IntegerListValidator::parse(m_inputs->text())
                                              : std::vector<std::int64_t>();
    w.rounds = integer(m_rounds, 0);
    w.bytes = integer(m_bytes, -1);
    w.latencyMs = m_latencyMs->value();
    w.ioMs = m_ioMs->value();
    w.cpuMs = m_cpuMs->value();
    w.payload = integer(m_payload, 0);
    w.targetMs = m_targetMs;
    r.speed = m_speed->currentData().toDouble();
    return r;
}

void ScenarioPanel::setSpec(const RunSpec& r)
{
    m_updating = true;
    const Scenario& s = r.scenario;
    m_name = s.name;
    m_description = s.description;
    m_killWorkerAfter = s.killWorkerAfter;
    m_targetMs = s.workload.targetMs; // no field of its own: kept, an n typed in wins over it
    const int preset = m_preset->findData(q(s.name));
    m_preset->setCurrentIndex(preset >= 0 ? preset : 0);
    m_pool->setCurrentIndex(std::max(0, m_pool->findData(q(s.pool))));
    m_workers->setValue(s.workers);
    m_tasks->setValue(static_cast<int>(s.tasks));
    m_submit->setCurrentIndex(std::max(0, m_submit->findData(q(s.submit))));
    m_chunksize->setValue(s.chunksize);
    m_timeout->setText(s.timeoutS ? QString::number(*s.timeoutS) : QString());
    m_onTimeoutChosen = q(s.onTimeout);
    m_onTimeout->setCurrentIndex(std::max(0, m_onTimeout->findData(m_onTimeoutChosen)));
    m_gil->setChecked(s.gil);
    m_switchInterval->setValue(s.switchIntervalMs);
    m_maxTasksPerChild->setText(s.maxTasksPerChild > 0 ? QString::number(s.maxTasksPerChild) : QString());
    m_extraQueuedCalls->setValue(s.extraQueuedCalls);
    const WorkloadSpec& w = s.workload;
    m_workload->setCurrentIndex(std::max(0, m_workload->findData(q(w.name))));
    m_taskMs->setValue(w.taskMs);
    m_n->setText(numberOrEmpty(w.n, 1));
    QStringList inputs;
    for (std::int64_t v : w.inputs)
        inputs << QString::number(v);
    m_inputs->setText(inputs.join(QStringLiteral(", ")));
    m_rounds->setText(numberOrEmpty(w.rounds, 1));
    m_bytes->setText(numberOrEmpty(w.bytes, 0));
    m_latencyMs->setValue(w.latencyMs);
    m_ioMs->setValue(w.ioMs);
    m_cpuMs->setValue(w.cpuMs);
    m_payload->setText(numberOrEmpty(w.payload, 1));
    int speedIndex = 0;
    for (int i = 0; i < m_speed->count(); ++i)
        if (std::abs(m_speed->itemData(i).toDouble() - r.speed) < 1e-9)
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
    // Any edit makes it a custom scenario (a preset's name would claim otherwise).
    if (m_preset->currentIndex() > 0) {
        m_name = "custom";
        m_description.clear();
        m_preset->setCurrentIndex(0);
    }
    updateEnabled();
    updateCode();
    m_updating = true;
    Q_EMIT specEdited(spec());
    m_updating = false;
}

void ScenarioPanel::updateEnabled()
{
    const bool process = m_pool->currentData().toString() == QLatin1String("process");
    // terminate / kill act on worker processes; threads cannot be terminated (the run would
    // fall back to cancel), so the thread pool does not offer them.
    if (auto* model = qobject_cast<QStandardItemModel*>(m_onTimeout->model())) {
        for (int i = 0; i < m_onTimeout->count(); ++i) {
            const QString a = m_onTimeout->itemData(i).toString();
            if (QStandardItem* item = model->item(i))
                item->setEnabled(process || (a != QLatin1String("terminate") && a != QLatin1String("kill")));
        }
        // Showing what the run does is no edit: the scenario keeps m_onTimeoutChosen.
        const bool workersOnly =
            m_onTimeoutChosen == QLatin1String("terminate") || m_onTimeoutChosen == QLatin1String("kill");
        const QString shown = !process && workersOnly ? QStringLiteral("cancel") : m_onTimeoutChosen;
        const bool was = m_updating;
        m_updating = true;
        m_onTimeout->setCurrentIndex(std::max(0, m_onTimeout->findData(shown)));
        m_updating = was;
    }
    const QString w = m_workload->currentData().toString();
    // Only the parameters the chosen workload reads are shown.
    auto show = [](QFormLayout* form, QWidget* field, bool on) { form->setRowVisible(field, on); };
    show(m_workloadForm, m_taskMs, w == QLatin1String("sleep") || w == QLatin1String("spin"));
    show(m_workloadForm, m_n, w == QLatin1String("factorial") || w == QLatin1String("primes"));
    show(m_workloadForm, m_inputs, w == QLatin1String("factorial") || w == QLatin1String("primes"));
    show(m_workloadForm, m_rounds, w == QLatin1String("hash"));
    show(m_workloadForm, m_bytes,
         w == QLatin1String("hash") || w == QLatin1String("file") || w == QLatin1String("http") ||
             w == QLatin1String("mixed"));
    show(m_workloadForm, m_latencyMs, w == QLatin1String("http"));
    show(m_workloadForm, m_ioMs, w == QLatin1String("mixed"));
    show(m_workloadForm, m_cpuMs, w == QLatin1String("mixed"));
    m_workload->setToolTip(m_workload->itemData(m_workload->currentIndex(), Qt::ToolTipRole).toString());
    m_chunksize->setEnabled(m_submit->currentData().toString() == QLatin1String("map"));
    m_form->setRowVisible(m_maxTasksPerChild, process);
    m_form->setRowVisible(m_extraQueuedCalls, process);
    m_form->setRowVisible(m_gil, !process);
    m_form->setRowVisible(m_switchInterval, !process);
    m_switchInterval->setEnabled(m_gil->isChecked());
    m_onTimeout->setEnabled(m_timeout->hasAcceptableInput() && !m_timeout->text().trimmed().isEmpty() &&
                            m_timeout->text().trimmed() != QLatin1String("None"));
    // Whole-scenario checks (field combinations) say what is wrong too.
    const std::string bad = spec().validate();
    m_invalid->setText(bad.empty() ? QString() : tr("Cannot run: %1").arg(q(bad)));
}

QString ScenarioPanel::pythonCode() const
{
    return m_code->toPlainText();
}

void ScenarioPanel::updateCode()
{
    // Short lines: the panel is narrow and the code must read without wrapping.
    const RunSpec r = spec();
    const Scenario& s = r.scenario;
    const WorkloadSpec& w = s.workload;
    const bool process = s.pool == "process";
    const QString pool =
        process ? QStringLiteral("ProcessPoolExecutor") : QStringLiteral("ThreadPoolExecutor");
    const QString timeout = s.timeoutS ? QString::number(*s.timeoutS) : QStringLiteral("None");
    const QString secs = [](double ms) { return QString::number(ms / 1000.0, 'g', 4); }(w.taskMs);
    QStringList lines;
    lines << QStringLiteral("from concurrent.futures import (");
    QString names = QStringLiteral("    ") + pool;
    if (s.submit == "as_completed")
        names += QStringLiteral(", as_completed");
    else if (s.submit == "wait")
        names += QStringLiteral(", wait");
    lines << names + QLatin1Char(')');
    if (w.name == "sleep")
        lines << QStringLiteral("import time");
    else if (w.name == "factorial")
        lines << QStringLiteral("import math");
    else if (w.name == "http" || w.name == "mixed")
        lines << QStringLiteral("import urllib.request");
    else if (w.name == "hash")
        lines << QStringLiteral("import hashlib");
    lines << QString();
    const QString n =
        w.inputs.empty() ? QStringLiteral("n") : QStringLiteral("task_list[i % %1]").arg(w.inputs.size());
    if (!w.inputs.empty()) {
        QStringList in;
        for (std::int64_t v : w.inputs)
            in << QString::number(v);
        lines << QStringLiteral("task_list = [%1]").arg(in.join(QStringLiteral(", ")));
    }
    lines << QStringLiteral("def task(i):");
    if (w.name == "sleep") {
        lines << QStringLiteral("    time.sleep(%1)").arg(secs);
    } else if (w.name == "spin") {
        lines << QStringLiteral("    busy_loop(%1)  # s of CPU").arg(secs);
    } else if (w.name == "factorial") {
        lines << QStringLiteral("    return math.factorial(") + n + QLatin1Char(')');
    } else if (w.name == "primes") {
        lines << QStringLiteral("    return count_primes_below(") + n + QLatin1Char(')');
    } else if (w.name == "hash") {
        lines << QStringLiteral("    h = data") << QStringLiteral("    for _ in range(rounds):")
              << QStringLiteral("        h = hashlib.sha256(h).digest()") << QStringLiteral("    return h");
    } else if (w.name == "http" || w.name == "mixed") {
        lines << QStringLiteral("    with urllib.request.urlopen(url) as c:")
              << QStringLiteral("        body = c.read()");
        if (w.name == "mixed")
            lines << QStringLiteral("    busy_loop(%1)  # s of CPU")
                         .arg(QString::number(w.cpuMs / 1000.0, 'g', 4));
        lines << QStringLiteral("    return body");
    } else if (w.name == "file") {
        lines << QStringLiteral("    write_fsync_read(path, nbytes)");
    }
    if (w.name == "sleep" || w.name == "spin" || w.name == "noop" || w.name == "file")
        lines << QStringLiteral("    return i");
    lines << QString();
    lines << QStringLiteral("with %1(").arg(pool) << QStringLiteral("        max_workers=%1").arg(s.workers);
    if (process && s.maxTasksPerChild > 0)
        lines.back() += QStringLiteral(",\n        max_tasks_per_child=%1").arg(s.maxTasksPerChild);
    lines << QStringLiteral("        ) as ex:");
    if (s.submit == "as_completed") {
        lines << QStringLiteral("    fs = [ex.submit(task, i)")
              << QStringLiteral("          for i in range(%1)]").arg(s.tasks)
              << QStringLiteral("    for f in as_completed(")
              << QStringLiteral("            fs, timeout=%1):").arg(timeout)
              << QStringLiteral("        f.result()");
    } else if (s.submit == "map") {
        lines << QStringLiteral("    it = ex.map(task, range(%1),").arg(s.tasks)
              << QStringLiteral("                timeout=%1%2)")
                     .arg(timeout, process ? QStringLiteral(", chunksize=%1").arg(s.chunksize) : QString())
              << QStringLiteral("    results = list(it)");
    } else if (s.submit == "wait") {
        lines << QStringLiteral("    fs = [ex.submit(task, i)")
              << QStringLiteral("          for i in range(%1)]").arg(s.tasks)
              << QStringLiteral("    done, not_done = wait(")
              << QStringLiteral("        fs, timeout=%1)").arg(timeout)
              << QStringLiteral("    for f in done:") << QStringLiteral("        f.result()");
    } else {
        lines << QStringLiteral("    fs = [ex.submit(task, i)")
              << QStringLiteral("          for i in range(%1)]").arg(s.tasks)
              << QStringLiteral("    for f in fs:")
              << QStringLiteral("        f.result(timeout=%1)").arg(timeout);
    }
    if (s.timeoutS && s.onTimeout != "wait")
        lines << QStringLiteral("# on TimeoutError: %1")
                     .arg(s.onTimeout == "cancel" ? QStringLiteral("ex.shutdown(cancel_futures=True)")
                          : process ? QStringLiteral("ex.%1_workers()  # 3.14").arg(q(s.onTimeout))
                                    : QStringLiteral("shutdown(cancel_futures=True)"));
    if (!process)
        lines << QStringLiteral("# GIL: %1")
                     .arg(s.gil ? QStringLiteral("on, switch interval %1 ms").arg(s.switchIntervalMs)
                                : QStringLiteral("off (free-threaded)"));
    if (r.speed < 1)
        lines << QStringLiteral("# slow motion x%1: durations and").arg(std::lround(1 / r.speed))
              << QStringLiteral("# timeout scaled, events paced");
    m_code->setPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace poolscope::ui
