<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>EventText</name>
    <message>
        <source>max_workers=%1, %2</source>
        <translation>max_workers=%1，%2</translation>
    </message>
    <message>
        <source>submitted so far: %1</source>
        <translation>已提交 %1 个</translation>
    </message>
    <message>
        <source>refused: pool broken</source>
        <translation>被拒绝：池已损坏</translation>
    </message>
    <message>
        <source>refused: after shutdown</source>
        <translation>被拒绝：已调用 shutdown</translation>
    </message>
    <message>
        <source>depth %1</source>
        <translation>深度 %1</translation>
    </message>
    <message>
        <source>took the None sentinel; depth %1</source>
        <translation>取到 None 哨兵；深度 %1</translation>
    </message>
    <message>
        <source>threads now %1</source>
        <translation>现有线程 %1 个</translation>
    </message>
    <message>
        <source>processes now %1</source>
        <translation>现有进程 %1 个</translation>
    </message>
    <message>
        <source>idle semaphore %1</source>
        <translation>空闲信号量 %1</translation>
    </message>
    <message>
        <source>took %1</source>
        <translation>耗时 %1</translation>
    </message>
    <message>
        <source>, raised</source>
        <translation>，抛出异常</translation>
    </message>
    <message>
        <source>watching %1 futures</source>
        <translation>监视 %1 个 future</translation>
    </message>
    <message>
        <source>timeout=None</source>
        <translation>timeout=None</translation>
    </message>
    <message>
        <source>timeout %1</source>
        <translation>超时 %1</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>%1 (of %2) futures unfinished</source>
        <translation>%1 (of %2) futures unfinished</translation>
    </message>
    <message>
        <source>%1 futures cancelled</source>
        <translation>取消了 %1 个 future</translation>
    </message>
    <message>
        <source>%1 joined</source>
        <translation>已 join %1 个</translation>
    </message>
    <message>
        <source>initializer failed</source>
        <translation>初始化函数失败</translation>
    </message>
    <message>
        <source>a process died</source>
        <translation>有进程意外退出</translation>
    </message>
    <message>
        <source>terminated</source>
        <translation>被终止</translation>
    </message>
    <message>
        <source>%1 futures failed (%2)</source>
        <translation>%1 个 future 失败（%2）</translation>
    </message>
    <message>
        <source>%1 pending</source>
        <translation>待处理 %1 个</translation>
    </message>
    <message>
        <source>%1/%2 slots</source>
        <translation>%1/%2 槽</translation>
    </message>
    <message>
        <source>None sentinel, %1</source>
        <translation>None 哨兵，%1</translation>
    </message>
    <message>
        <source>call pipe</source>
        <translation>调用管道</translation>
    </message>
    <message>
        <source>result pipe</source>
        <translation>结果管道</translation>
    </message>
    <message>
        <source>wakeup pipe</source>
        <translation>唤醒管道</translation>
    </message>
    <message>
        <source>%1 on the %2</source>
        <translation>%1，写入%2</translation>
    </message>
    <message>
        <source>%1 fds</source>
        <translation>%1 个文件描述符</translation>
    </message>
    <message>
        <source>result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>wakeup</source>
        <translation>唤醒</translation>
    </message>
    <message>
        <source>sentinel</source>
        <translation>哨兵</translation>
    </message>
    <message>
        <source>max_tasks_per_child</source>
        <translation>max_tasks_per_child</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>崩溃</translation>
    </message>
    <message>
        <source>%1, signal %2</source>
        <translation>%1，信号 %2</translation>
    </message>
    <message>
        <source>%1, exit code %2</source>
        <translation>%1，退出码 %2</translation>
    </message>
    <message>
        <source>asked after %1</source>
        <translation>等待 %1 后请求</translation>
    </message>
    <message>
        <source>waited %1</source>
        <translation>等待了 %1</translation>
    </message>
    <message>
        <source>held %1</source>
        <translation>持有 %1</translation>
    </message>
    <message>
        <source>, forced by a drop request</source>
        <translation>，因释放请求而交出</translation>
    </message>
    <message>
        <source>%1 items, chunksize %2</source>
        <translation>%1 项，chunksize %2</translation>
    </message>
    <message>
        <source>%1 results</source>
        <translation>%1 个结果</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Futures and tasks</source>
        <translation>future 与任务</translation>
    </message>
    <message>
        <source>Queues and pipes</source>
        <translation>队列与管道</translation>
    </message>
    <message>
        <source>Workers and manager</source>
        <translation>工作者与管理线程</translation>
    </message>
    <message>
        <source>GIL</source>
        <translation>GIL</translation>
    </message>
    <message>
        <source>Shutdown and faults</source>
        <translation>关闭与故障</translation>
    </message>
    <message>
        <source>Caller (wait, result, map)</source>
        <translation>调用方（wait、result、map）</translation>
    </message>
    <message>
        <source>I/O part begins</source>
        <translation>I/O 部分开始</translation>
    </message>
    <message>
        <source>CPU part begins</source>
        <translation>CPU 部分开始</translation>
    </message>
</context>
<context>
    <name>JobControls</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>NoticeText</name>
    <message>
        <source>%1 µs</source>
        <translation>%1 微秒</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>cancel() returned True: the task will not run</source>
        <translation>cancel() 返回 True：该任务不会运行</translation>
    </message>
    <message>
        <source>cancel() returned False: the task is running or done, it cannot be cancelled</source>
        <translation>cancel() 返回 False：该任务正在运行或已完成，无法取消</translation>
    </message>
    <message>
        <source>Process %1 is not a live worker: nothing was killed</source>
        <translation>进程 %1 不是存活的工作进程：没有终止任何进程</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) still running when the caller gave up; this took %1</source>
        <translation>
            <numerusform>调用方放弃时仍有 %n 个任务在运行；此操作耗时 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>SIGKILL to every worker, then the with-block&apos;s shutdown(wait=True) reaped them instead of waiting for the running tasks</source>
        <translation>向每个工作进程发送 SIGKILL，随后 with 语句块的 shutdown(wait=True) 回收了它们，而不是等待正在运行的任务</translation>
    </message>
    <message>
        <source>SIGTERM to every worker, then the with-block&apos;s shutdown(wait=True) reaped them instead of waiting for the running tasks</source>
        <translation>向每个工作进程发送 SIGTERM，随后 with 语句块的 shutdown(wait=True) 回收了它们，而不是等待正在运行的任务</translation>
    </message>
    <message>
        <source>threads cannot be terminated: shutdown(wait=True, cancel_futures=True) waited for the running tasks to finish</source>
        <translation>线程无法被终止：shutdown(wait=True, cancel_futures=True) 等待正在运行的任务结束</translation>
    </message>
    <message>
        <source>shutdown(wait=True, cancel_futures=True) cancelled the queued tasks and waited for the running ones</source>
        <translation>shutdown(wait=True, cancel_futures=True) 取消了排队中的任务，并等待正在运行的任务</translation>
    </message>
    <message>
        <source>the with-block&apos;s shutdown(wait=True) ran every queued and running task to the end</source>
        <translation>with 语句块的 shutdown(wait=True) 把每个排队中和正在运行的任务都运行到了结束</translation>
    </message>
    <message>
        <source>on_timeout %1: %2 (%3)</source>
        <translation>on_timeout %1：%2（%3）</translation>
    </message>
    <message numerus="yes">
        <source>wait() returned with %n future(s) not done</source>
        <translation>
            <numerusform>wait() 返回时仍有 %n 个 future 未完成</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>kill_worker_after %1: SIGKILL to worker %2 while it ran a task, after %n result(s)</source>
        <translation>
            <numerusform>kill_worker_after %1：在得到 %n 个结果后，向正在运行任务的工作进程 %2 发送了 SIGKILL</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>%1: could not write the file</source>
        <translation>%1：无法写入文件</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::ChartsPanel</name>
    <message>
        <source>Completed / s</source>
        <translation>每秒完成数</translation>
    </message>
    <message>
        <source>completed/s</source>
        <translation>完成/秒</translation>
    </message>
    <message>
        <source>Queue depth</source>
        <translation>队列深度</translation>
    </message>
    <message>
        <source>Done / s</source>
        <translation>每秒完成</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>Busy %</source>
        <translation>忙碌率 %</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>work queue</source>
        <translation>工作队列</translation>
    </message>
    <message>
        <source>call Q</source>
        <translation>Call Q</translation>
    </message>
    <message>
        <source>items</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>Workers busy %</source>
        <translation>工作者忙碌率 %</translation>
    </message>
    <message>
        <source>busy %</source>
        <translation>忙碌 %</translation>
    </message>
    <message>
        <source>Latency submit → done</source>
        <translation>延迟：提交 → 完成</translation>
    </message>
    <message>
        <source>futures</source>
        <translation>future</translation>
    </message>
    <message>
        <source>ids</source>
        <translation>Ids</translation>
    </message>
    <message>
        <source>Share of the workers running a task, waits for the GIL included. A mixed task counts only its CPU part: while it waits on I/O it keeps no core busy.</source>
        <translation>正在运行任务的工作者所占比例，等待 GIL 的时间也计入。混合任务只计其 CPU 部分：它等待 I/O 时不占用任何核心。</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::CheckedSpinBox</name>
    <message>
        <source>%1: a whole number from %2 to %3</source>
        <translation>%1：必须是 %2 到 %3 之间的整数</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::ComparePane</name>
    <message>
        <source>Serial loop</source>
        <translation>串行循环</translation>
    </message>
    <message>
        <source>ProcessPoolExecutor</source>
        <translation>ProcessPoolExecutor</translation>
    </message>
    <message>
        <source>ThreadPoolExecutor (GIL on)</source>
        <translation>ThreadPoolExecutor（GIL 开启）</translation>
    </message>
    <message>
        <source>ThreadPoolExecutor (GIL off, free-threaded)</source>
        <translation>ThreadPoolExecutor（GIL 关闭，自由线程）</translation>
    </message>
    <message>
        <source>The serial loop runs the tasks one after another in the caller: no executor to draw.</source>
        <translation>串行循环在调用方中逐个运行任务：没有执行器可画。</translation>
    </message>
    <message>
        <source>1 worker</source>
        <translation>1 个工作者</translation>
    </message>
    <message numerus="yes">
        <source>%n workers</source>
        <translation>
            <numerusform>%n 个工作者</numerusform>
        </translation>
    </message>
    <message>
        <source>1 task</source>
        <translation>1 个任务</translation>
    </message>
    <message numerus="yes">
        <source>%n tasks</source>
        <translation>
            <numerusform>%n 个任务</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>%1: 1 worker, %2 s</source>
        <translation>%1：1 个工作者，%2 秒</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n workers, %2 s</source>
        <translation>
            <numerusform>%1：%n 个工作者，%2 秒</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>poolscope::ui::ComparePicker</name>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Pair to compare</source>
        <translation>要比较的一对</translation>
    </message>
    <message>
        <source>Side A from file…</source>
        <translation>从文件载入 A 方…</translation>
    </message>
    <message>
        <source>Side B from file…</source>
        <translation>从文件载入 B 方…</translation>
    </message>
    <message>
        <source>Load a scenario file (JSON) for side A</source>
        <translation>为 A 方载入场景文件（JSON）</translation>
    </message>
    <message>
        <source>Load a scenario file (JSON) for side B</source>
        <translation>为 B 方载入场景文件（JSON）</translation>
    </message>
    <message>
        <source>At the same time</source>
        <translation>同时运行</translation>
    </message>
    <message>
        <source>Run the two pools of a round at the same time instead of one after the other: fair for I/O-bound work only</source>
        <translation>每轮的两个池同时运行，而不是一个接一个：只对 I/O 密集型任务公平</translation>
    </message>
    <message>
        <source>Scenario file</source>
        <translation>场景文件</translation>
    </message>
    <message>
        <source>Scenario files (*.json);;All files (*)</source>
        <translation>场景文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>ThreadPoolExecutor against ProcessPoolExecutor</source>
        <translation>ThreadPoolExecutor 对比 ProcessPoolExecutor</translation>
    </message>
    <message>
        <source>The GIL on against off (threads)</source>
        <translation>GIL 开启对比关闭（线程）</translation>
    </message>
    <message>
        <source>extra_queued_calls 1 against 16 (processes)</source>
        <translation>extra_queued_calls 1 对比 16（进程）</translation>
    </message>
    <message>
        <source>map() chunksize 1 against 100 (processes)</source>
        <translation>map() chunksize 1 对比 100（进程）</translation>
    </message>
    <message>
        <source>%1 against %2 workers (%3)</source>
        <translation>%1 对比 %2 个工作者（%3）</translation>
    </message>
    <message>
        <source>processes</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <source>Side A against side B (scenario files)</source>
        <translation>A 方对比 B 方（场景文件）</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::CompareTable</name>
    <message>
        <source>wall time</source>
        <translation>墙钟时间</translation>
    </message>
    <message>
        <source>speedup against serial</source>
        <translation>相对串行的加速比</translation>
    </message>
    <message>
        <source>CPU utilization (cores busy)</source>
        <translation>CPU 利用率（忙碌的核数）</translation>
    </message>
    <message>
        <source>bytes through the pipes</source>
        <translation>经过管道的字节数</translation>
    </message>
    <message>
        <source>GIL wait share</source>
        <translation>GIL 等待占比</translation>
    </message>
    <message>
        <source>median %1 per task</source>
        <translation>每个任务%1的中位数</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>The larger of the two pools</source>
        <translation>两个池中较大的一个</translation>
    </message>
    <message>
        <source>%1 (%2 of %3 tasks)</source>
        <translation>%1（%3 个任务中的 %2 个）</translation>
    </message>
    <message>
        <source>none of %1 tasks</source>
        <translation>%1 个任务都没有等待</translation>
    </message>
    <message>
        <source>median %1 inside a task</source>
        <translation>任务之内的%1（中位数）</translation>
    </message>
    <message>
        <source>none of %1 tasks (the waits fell between tasks)</source>
        <translation>%1 个任务都没有等待（等待都发生在任务之间）</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::CompareView</name>
    <message>
        <source>The serial loop</source>
        <translation>串行循环</translation>
    </message>
    <message>
        <source>the serial loop</source>
        <translation>串行循环</translation>
    </message>
    <message>
        <source>Compare the pools</source>
        <translation>比较两种池</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Each run shown is the median of this many rounds (the machine is shared and noisy)</source>
        <translation>显示的每次运行取这么多轮的中位数（机器是共享的，计时有噪声）</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Comparing: run %1 of %2, one after another so the runs never share the cores</source>
        <translation>正在比较：第 %1 / %2 次运行，逐个进行，各次运行从不共享 CPU 核</translation>
    </message>
    <message>
        <source>Cancelled: the runs under way finished, nothing is left running</source>
        <translation>已取消：进行中的运行已结束，没有任何东西仍在运行</translation>
    </message>
    <message>
        <source>Recorded runs: %1</source>
        <translation>已记录的运行：%1</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>正在比较…</translation>
    </message>
    <message>
        <source>Cancelling: the run under way finishes first</source>
        <translation>正在取消：进行中的运行会先结束</translation>
    </message>
    <message>
        <source>--compare: give two run files (A.pstrace B.pstrace), or three with the serial one, got %1</source>
        <translation>--compare：请给出两个运行记录文件（A.pstrace B.pstrace），或加上串行的那个共三个，实际给了 %1 个</translation>
    </message>
    <message>
        <source>--compare: of three run files one must be the serial run (PREFIX-serial.pstrace), got none or more</source>
        <translation>--compare：三个运行记录文件中必须恰好有一个是串行运行（PREFIX-serial.pstrace），实际没有或不止一个</translation>
    </message>
    <message>
        <source>Replay only: Compare runs the first file&apos;s scenario again</source>
        <translation>仅回放：“比较”会重新运行第一个文件的场景</translation>
    </message>
    <message>
        <source>%1 finished %2 %3 tasks about as fast as %4 (%5x)</source>
        <translation>%1 完成 %2 个 %3 任务，与 %4 差不多快（%5x）</translation>
    </message>
    <message>
        <source>%1 finished %2 %3 tasks %4x faster than %5</source>
        <translation>%1 完成 %2 个 %3 任务，比 %5 快 %4x</translation>
    </message>
    <message>
        <source>: under the GIL, the threads took turns (they waited for it %1% of the time)</source>
        <translation>：在 GIL 下，线程轮流执行（它们有 %1% 的时间在等待 GIL）</translation>
    </message>
    <message>
        <source>, but other programs were using the cores, so this run does not tell which is faster: compare again when the machine is idle.</source>
        <translation>，但其他程序正在占用这些核，所以这次运行说明不了哪个更快：请在机器空闲时再比较一次。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>: the threads overlapped their waits for I/O</source>
        <translation>：线程的 I/O 等待相互重叠</translation>
    </message>
    <message>
        <source>: the tasks are so short that overhead dominates (%1 of overhead per task against %2 of work)</source>
        <translation>：任务太短，开销占了主导（每个任务 %1 开销，而工作只有 %2）</translation>
    </message>
    <message>
        <source>: the processes kept %1 cores busy</source>
        <translation>：进程让 %1 个核保持忙碌</translation>
    </message>
    <message>
        <source>.</source>
        <translation>。</translation>
    </message>
    <message>
        <source>process pool</source>
        <translation>进程池</translation>
    </message>
    <message>
        <source>thread pool</source>
        <translation>线程池</translation>
    </message>
    <message>
        <source>(%1 overhead ~%2/task outweighs %3 of work a task: start-up, queues and results cost more than the tasks; longer tasks (workload target_ms) or map() with a chunksize amortize it)</source>
        <translation>（%1开销约 %2/任务，超过了每个任务 %3 的工作：启动、队列和结果的代价比任务本身还大；更长的任务（workload target_ms）或带 chunksize 的 map() 可以摊薄它）</translation>
    </message>
    <message>
        <source>(%1 overhead ~%2/task is close to %3 of work a task: start-up, queues and results cost nearly as much as the tasks; longer tasks (workload target_ms) or map() with a chunksize amortize it)</source>
        <translation>（%1开销约 %2/任务，接近每个任务 %3 的工作：启动、队列和结果的代价几乎与任务本身相当；更长的任务（workload target_ms）或带 chunksize 的 map() 可以摊薄它）</translation>
    </message>
    <message>
        <source>Compare runs the scenario serially, on threads and on processes; the outcome shows here.</source>
        <translation>“比较”会以串行、线程和进程运行该场景；结论显示在这里。</translation>
    </message>
    <message>
        <source>Compare the pools…</source>
        <translation>比较两种池…</translation>
    </message>
    <message>
        <source>The scenario serially, on threads and on processes, side by side on one clock</source>
        <translation>该场景的串行、线程和进程运行，在同一时钟下并排显示</translation>
    </message>
    <message>
        <source>Run the serial loop and the two sides, one after another</source>
        <translation>依次运行串行循环和两方</translation>
    </message>
    <message>
        <source>Comparing: run %1 of %2, the two pools at the same time</source>
        <translation>正在比较：第 %1 / %2 次运行，两个池同时运行</translation>
    </message>
    <message>
        <source>Serial took %1 s. One round; the clock starts at each run&apos;s own first submit.</source>
        <translation>串行用时 %1 秒。一轮；时钟从每次运行自己的第一次 submit 开始。</translation>
    </message>
    <message numerus="yes">
        <source>Serial took %1 s. Each run is the median of %n rounds; the clock starts at each run&apos;s own first submit.</source>
        <translation>
            <numerusform>串行用时 %1 秒。每次运行取 %n 轮的中位数；时钟从每次运行自己的第一次 submit 开始。</numerusform>
        </translation>
    </message>
    <message>
        <source>At the same time, the two pools share the one core: with CPU-bound work each runs slower than it would alone, so the speedups understate both. Clear “At the same time” to measure them.</source>
        <translation>同时运行时，两个池共用这一个核：CPU 密集型任务下，每个池都比单独运行时慢，加速比因此都被低估。取消勾选“同时运行”才能测量它们。</translation>
    </message>
    <message numerus="yes">
        <source>At the same time, the two pools share the %n cores: with CPU-bound work each runs slower than it would alone, so the speedups understate both. Clear “At the same time” to measure them.</source>
        <translation>
            <numerusform>同时运行时，两个池共用这 %n 个核：CPU 密集型任务下，每个池都比单独运行时慢，加速比因此都被低估。取消勾选“同时运行”才能测量它们。</numerusform>
        </translation>
    </message>
    <message>
        <source>the two pools at the same time, after the serial run</source>
        <translation>串行运行之后，两个池同时运行</translation>
    </message>
    <message>
        <source>one run after another</source>
        <translation>依次运行</translation>
    </message>
    <message>
        <source>%1: %2 × %3 tasks, %4 workers, %5; %6 cores. Serially, on threads (GIL %7) and on processes, %8.</source>
        <translation>%1：%2 × %3 个任务，%4 个工作者，%5；%6 个核。以串行、线程（GIL %7）和进程运行，%8。</translation>
    </message>
    <message>
        <source>A: %1 × %2 tasks on %3. B: %4 × %5 tasks on %6. %7 cores; %8.</source>
        <translation>A：%1 × %2 个任务，在 %3 上。B：%4 × %5 个任务，在 %6 上。%7 个核；%8。</translation>
    </message>
    <message>
        <source>(other programs were using the cores: the serial loop kept %1 of a core busy, the %2&apos;s tasks had the CPU %3% of the time they ran; these times are the machine&apos;s, not the pools&apos;: compare again when it is idle)</source>
        <translation>（其他程序正在占用这些核：串行循环只让 %1 个核保持忙碌，%2的任务在运行期间只有 %3% 的时间得到 CPU；这些时间反映的是这台机器，而不是这两个池：请在机器空闲时再比较一次）</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::DiagramView</name>
    <message>
        <source>+%1 more</source>
        <translation>还有 %1 个</translation>
    </message>
    <message>
        <source>Futures</source>
        <translation>Futures</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>调用方</translation>
    </message>
    <message>
        <source>main thread</source>
        <translation>主线程</translation>
    </message>
    <message>
        <source>left the with-block</source>
        <translation>已离开 with 代码块</translation>
    </message>
    <message>
        <source>shutdown(wait=%1, cancel_futures=%2)</source>
        <translation>shutdown(wait=%1, cancel_futures=%2)</translation>
    </message>
    <message>
        <source>blocked in wait()</source>
        <translation>阻塞在 wait()</translation>
    </message>
    <message>
        <source>iterating as_completed()</source>
        <translation>正在遍历 as_completed()</translation>
    </message>
    <message>
        <source>blocked in result()</source>
        <translation>阻塞在 result()</translation>
    </message>
    <message>
        <source>map(): submitting</source>
        <translation>map()：正在提交</translation>
    </message>
    <message>
        <source>submit()…</source>
        <translation>submit()…</translation>
    </message>
    <message>
        <source>%1 submitted</source>
        <translation>已提交 %1 个</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <source>started</source>
        <translation>已启动</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>waiting for the GIL</source>
        <translation>等待 GIL</translation>
    </message>
    <message>
        <source>exited</source>
        <translation>已退出</translation>
    </message>
    <message>
        <source>died (exit %1)</source>
        <translation>意外退出（退出码 %1）</translation>
    </message>
    <message>
        <source>pid %1</source>
        <translation>pid %1</translation>
    </message>
    <message>
        <source>process %1</source>
        <translation>进程 %1</translation>
    </message>
    <message>
        <source>thread %1</source>
        <translation>线程 %1</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未启动</translation>
    </message>
    <message>
        <source>done %1</source>
        <translation>完成 %1</translation>
    </message>
    <message>
        <source>done %1 · %2</source>
        <translation>完成 %1 · %2</translation>
    </message>
    <message>
        <source>drop request</source>
        <translation>释放请求</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>in a pipe</source>
        <translation>在管道中</translation>
    </message>
    <message>
        <source>result ✓</source>
        <translation>结果 ✓</translation>
    </message>
    <message>
        <source>exception ✗</source>
        <translation>异常 ✗</translation>
    </message>
    <message>
        <source>cancelled ⊘</source>
        <translation>已取消 ⊘</translation>
    </message>
    <message>
        <source>Click a task or future to inspect it</source>
        <translation>点击任务或 future 查看详情</translation>
    </message>
    <message>
        <source>submitted %1 · ✓ %2 · ✗ %3 · ⊘ %4</source>
        <translation>已提交 %1 · ✓ %2 · ✗ %3 · ⊘ %4</translation>
    </message>
    <message>
        <source>Work queue</source>
        <translation>工作队列</translation>
    </message>
    <message>
        <source>get() ↑</source>
        <translation>get() ↑</translation>
    </message>
    <message>
        <source>put() ↓</source>
        <translation>put() ↓</translation>
    </message>
    <message>
        <source>Worker threads</source>
        <translation>工作线程</translation>
    </message>
    <message>
        <source>%1 of %2 started</source>
        <translation>已启动 %1/%2</translation>
    </message>
    <message>
        <source>submit</source>
        <translation>submit</translation>
    </message>
    <message>
        <source>get</source>
        <translation>get</translation>
    </message>
    <message>
        <source>set_result() / set_exception()</source>
        <translation>set_result() / set_exception()</translation>
    </message>
    <message>
        <source>free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>═══ in-process ═══</source>
        <translation>═══ 进程内 ═══</translation>
    </message>
    <message>
        <source>═══ out-of-process ═══</source>
        <translation>═══ 进程外 ═══</translation>
    </message>
    <message>
        <source>Work Ids</source>
        <translation>Work Ids</translation>
    </message>
    <message>
        <source>Work Items</source>
        <translation>Work Items</translation>
    </message>
    <message>
        <source>%1: call()</source>
        <translation>%1: call()</translation>
    </message>
    <message>
        <source>… +%1 more</source>
        <translation>… 还有 %1 个</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>管理线程</translation>
    </message>
    <message numerus="yes">
        <source>poll():
result pipe
wakeup pipe
%n sentinel(s)</source>
        <translation>
            <numerusform>poll()：
结果管道
唤醒管道
%n 个哨兵</numerusform>
        </translation>
    </message>
    <message>
        <source>woken by:</source>
        <translation>唤醒原因：</translation>
    </message>
    <message>
        <source>a result</source>
        <translation>结果到达</translation>
    </message>
    <message>
        <source>submit()</source>
        <translation>submit()</translation>
    </message>
    <message>
        <source>a process ended</source>
        <translation>进程结束</translation>
    </message>
    <message>
        <source>worker events</source>
        <translation>工作进程事件</translation>
    </message>
    <message>
        <source>Call Q</source>
        <translation>Call Q</translation>
    </message>
    <message>
        <source>%1/%2 slots</source>
        <translation>%1/%2 槽</translation>
    </message>
    <message>
        <source>Result Q</source>
        <translation>Result Q</translation>
    </message>
    <message>
        <source>pipe →</source>
        <translation>管道 →</translation>
    </message>
    <message>
        <source>← pipe</source>
        <translation>← 管道</translation>
    </message>
    <message>
        <source>Process Pool</source>
        <translation>进程池</translation>
    </message>
    <message>
        <source>put id</source>
        <translation>put id</translation>
    </message>
    <message>
        <source>put</source>
        <translation>put</translation>
    </message>
    <message>
        <source>Cancel future %1</source>
        <translation>取消 future %1</translation>
    </message>
    <message>
        <source>Kill process %1 (SIGKILL)</source>
        <translation>杀死进程 %1（SIGKILL）</translation>
    </message>
    <message>
        <source>terminated</source>
        <translation>被终止</translation>
    </message>
    <message>
        <source>killed</source>
        <translation>被杀死</translation>
    </message>
    <message>
        <source>task %1 (work id %2): %3</source>
        <translation>任务 %1（work id %2）：%3</translation>
    </message>
    <message>
        <source>task %1: %2</source>
        <translation>任务 %1：%2</translation>
    </message>
    <message>
        <source>set_result()/set_exception()</source>
        <translation>set_result()/set_exception()</translation>
    </message>
    <message>
        <source>set_result()</source>
        <translation>set_result()</translation>
    </message>
    <message>
        <source>in-process</source>
        <translation>进程内</translation>
    </message>
    <message>
        <source>out-of-process</source>
        <translation>进程外</translation>
    </message>
    <message>
        <source>poll()</source>
        <translation>poll()</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已结束</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::DocViewer</name>
    <message>
        <source>Back</source>
        <translation>后退</translation>
    </message>
    <message>
        <source>Open with another application</source>
        <translation>用其他应用打开</translation>
    </message>
    <message>
        <source>PoolScope documentation — %1</source>
        <translation>PoolScope 文档 — %1</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::EventLogModel</name>
    <message>
        <source>process pid %1</source>
        <translation>进程 pid %1</translation>
    </message>
    <message>
        <source>thread %1</source>
        <translation>线程 %1</translation>
    </message>
    <message>
        <source>seq %1 · value %2 · value2 %3
%4</source>
        <translation>seq %1 · value %2 · value2 %3
%4</translation>
    </message>
    <message>
        <source>seq</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>t (ms)</source>
        <translation>时间 (ms)</translation>
    </message>
    <message>
        <source>event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>worker</source>
        <translation>工作者</translation>
    </message>
    <message>
        <source>task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>value</source>
        <translation>value</translation>
    </message>
    <message>
        <source>value2</source>
        <translation>value2</translation>
    </message>
    <message>
        <source>meaning</source>
        <translation>含义</translation>
    </message>
    <message>
        <source>task %1 (work id %2)</source>
        <translation>任务 %1（work id %2）</translation>
    </message>
    <message>
        <source>task %1</source>
        <translation>任务 %1</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::EventLogPanel</name>
    <message>
        <source>Show events of these kinds</source>
        <translation>显示这些类型的事件</translation>
    </message>
    <message>
        <source>task #</source>
        <translation>任务号</translation>
    </message>
    <message>
        <source>Only events of this task (its number in the diagram); empty for all</source>
        <translation>只显示该任务（图中的编号）的事件；留空显示全部</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>Keep the newest event in view</source>
        <translation>始终显示最新事件</translation>
    </message>
    <message>
        <source>%1 of %2 events shown</source>
        <translation>显示 %1 / %2 个事件</translation>
    </message>
    <message>
        <source> (%1 oldest dropped)</source>
        <translation>（最早的 %1 个已丢弃）</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::FileMenu</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open scenario…</source>
        <translation>打开场景…</translation>
    </message>
    <message>
        <source>Save scenario as…</source>
        <translation>场景另存为…</translation>
    </message>
    <message>
        <source>Recent scenarios</source>
        <translation>最近的场景</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Save screenshot…</source>
        <translation>保存截图…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation>打开场景</translation>
    </message>
    <message>
        <source>Scenarios (*.json);;All files (*)</source>
        <translation>场景 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 no longer exists: removed from the recent scenarios.</source>
        <translation>%1 已不存在：已从最近的场景中移除。</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message numerus="yes">
        <source>Removed %n missing file(s) from the recent scenarios: %1</source>
        <translation>
            <numerusform>已从最近的场景中移除 %n 个不存在的文件：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>Save scenario</source>
        <translation>保存场景</translation>
    </message>
    <message>
        <source>Scenarios (*.json)</source>
        <translation>场景 (*.json)</translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation>保存截图</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Open run…</source>
        <translation>打开运行记录…</translation>
    </message>
    <message>
        <source>Open run</source>
        <translation>打开运行记录</translation>
    </message>
    <message>
        <source>Run files (*.pstrace);;All files (*)</source>
        <translation>运行记录文件 (*.pstrace);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save run…</source>
        <translation>保存运行记录…</translation>
    </message>
    <message>
        <source>Save run</source>
        <translation>保存运行记录</translation>
    </message>
    <message>
        <source>Run files (*.pstrace)</source>
        <translation>运行记录文件 (*.pstrace)</translation>
    </message>
    <message>
        <source>Recent runs</source>
        <translation>最近的运行记录</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Diagram at the cursor as PNG…</source>
        <translation>游标处的示意图（PNG）…</translation>
    </message>
    <message>
        <source>Export the diagram</source>
        <translation>导出示意图</translation>
    </message>
    <message>
        <source>Diagram at the cursor as SVG…</source>
        <translation>游标处的示意图（SVG）…</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>Chrome trace (Perfetto)…</source>
        <translation>Chrome 跟踪（Perfetto）…</translation>
    </message>
    <message>
        <source>Export a Chrome trace</source>
        <translation>导出 Chrome 跟踪</translation>
    </message>
    <message>
        <source>Chrome traces (*.json)</source>
        <translation>Chrome 跟踪 (*.json)</translation>
    </message>
    <message>
        <source>Task stages as CSV…</source>
        <translation>任务阶段（CSV）…</translation>
    </message>
    <message>
        <source>Export the task stages</source>
        <translation>导出任务阶段</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Event log as CSV…</source>
        <translation>事件日志（CSV）…</translation>
    </message>
    <message>
        <source>Export the event log</source>
        <translation>导出事件日志</translation>
    </message>
    <message numerus="yes">
        <source>Opened the run %1: %n event(s), %2; replay only (Run starts it again)</source>
        <translation>
            <numerusform>已打开运行记录 %1：%n 个事件，%2；仅回放（“运行”会重新运行它）</numerusform>
        </translation>
    </message>
    <message>
        <source>ended with %1 finished, %2 failed, %3 cancelled</source>
        <translation>结束时 %1 个完成、%2 个失败、%3 个取消</translation>
    </message>
    <message>
        <source>, %1 unfinished</source>
        <translation>、%1 个未完成</translation>
    </message>
    <message>
        <source>, the caller saw %1</source>
        <translation>，调用方遇到 %1</translation>
    </message>
    <message>
        <source>, the pool broken</source>
        <translation>，池已损坏</translation>
    </message>
    <message>
        <source>no outcome recorded</source>
        <translation>未记录结果</translation>
    </message>
    <message>
        <source>Saved the run to %1</source>
        <translation>运行记录已保存到 %1</translation>
    </message>
    <message>
        <source>%1: could not write the file</source>
        <translation>%1：无法写入文件</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message numerus="yes">
        <source>Removed %n missing file(s) from the recent runs: %1</source>
        <translation>
            <numerusform>已从最近的运行记录中移除 %n 个不存在的文件：%1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>poolscope::ui::GanttView</name>
    <message>
        <source>Wheel: zoom · drag: scroll · double-click: follow the run</source>
        <translation>滚轮：缩放 · 拖动：滚动 · 双击：跟随运行</translation>
    </message>
    <message>
        <source>pid %1</source>
        <translation>pid %1</translation>
    </message>
    <message>
        <source>thread %1</source>
        <translation>线程 %1</translation>
    </message>
    <message>
        <source>Each worker&apos;s timeline appears here when a run starts.</source>
        <translation>运行开始后，这里显示每个工作者的时间线。</translation>
    </message>
    <message>
        <source>following</source>
        <translation>跟随中</translation>
    </message>
    <message>
        <source>scrolled</source>
        <translation>已滚动</translation>
    </message>
    <message>
        <source>GIL wait</source>
        <translation>等待 GIL</translation>
    </message>
    <message>
        <source>raised</source>
        <translation>抛出异常</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>caller</source>
        <translation>调用方</translation>
    </message>
    <message>
        <source>CPU part</source>
        <translation>CPU 部分</translation>
    </message>
    <message>
        <source>I/O part</source>
        <translation>I/O 部分</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::HelpMenu</name>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Documentation</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Tutorial summary</source>
        <translation>教程摘要</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>About PoolScope</source>
        <translation>关于 PoolScope</translation>
    </message>
    <message>
        <source>Not found: PoolScope&apos;s package installs it in /usr/share/doc/poolscope</source>
        <translation>未找到：PoolScope 的软件包会将其安装到 /usr/share/doc/poolscope</translation>
    </message>
    <message>
        <source>%1: not found. PoolScope&apos;s package installs the documentation in /usr/share/doc/poolscope.</source>
        <translation>%1：未找到。PoolScope 的软件包会将文档安装到 /usr/share/doc/poolscope。</translation>
    </message>
    <message>
        <source>&lt;h3&gt;PoolScope %1&lt;/h3&gt;&lt;p&gt;PoolScope runs a faithful C++ re-implementation of Python&apos;s concurrent.futures and animates every internal step, from submit() to the future&apos;s result.&lt;/p&gt;&lt;p&gt;It %4: the behaviour of CPython 3.11-3.13 on Linux, checked against them by its differential suite. CPython 3.14 defaults to the forkserver start method (workers start lazily, one per submit) and adds InterpreterPoolExecutor, which PoolScope does not show.&lt;/p&gt;&lt;p&gt;Licence: %2. Built with Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;PoolScope %1&lt;/h3&gt;&lt;p&gt;PoolScope 运行 Python concurrent.futures 的忠实 C++ 重新实现，并以动画展示从 submit() 到 future 结果的每一个内部步骤。&lt;/p&gt;&lt;p&gt;它%4：即 Linux 上 CPython 3.11-3.13 的行为，并由差分测试套件与之核对。CPython 3.14 默认使用 forkserver 启动方式（worker 按需启动，每次 submit 一个）并新增 InterpreterPoolExecutor，PoolScope 不展示后者。&lt;/p&gt;&lt;p&gt;许可证：%2。基于 Qt %3 构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>mirrors CPython 3.12, fork start method</source>
        <translation>对应 CPython 3.12，fork 启动方式</translation>
    </message>
    <message>
        <source>CPython 3.12, fork</source>
        <translation>CPython 3.12，fork</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::InspectorPanel</name>
    <message>
        <source>Cancel this future</source>
        <translation>取消这个 future</translation>
    </message>
    <message>
        <source>future.cancel(): succeeds only while the future is PENDING</source>
        <translation>future.cancel()：只有在 future 仍为 PENDING 时才会成功</translation>
    </message>
    <message>
        <source>No task selected</source>
        <translation>未选择任务</translation>
    </message>
    <message>
        <source>Click a task chip, a future, a Gantt bar or an event to see its life here.</source>
        <translation>点击任务块、future、甘特图条或事件，在这里查看它的完整经历。</translation>
    </message>
    <message>
        <source>raised %1: %2</source>
        <translation>抛出 %1: %2</translation>
    </message>
    <message>
        <source>result set</source>
        <translation>已设置结果</translation>
    </message>
    <message>
        <source>result: %1</source>
        <translation>结果：%1</translation>
    </message>
    <message>
        <source>exception set</source>
        <translation>已设置异常</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>not done yet</source>
        <translation>尚未完成</translation>
    </message>
    <message>
        <source>Task %1 · work id %2 · %3</source>
        <translation>任务 %1 · work id %2 · %3</translation>
    </message>
    <message>
        <source>Task %1 · %2</source>
        <translation>任务 %1 · %2</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::IntegerListValidator</name>
    <message>
        <source>%1: whole numbers separated by commas</source>
        <translation>%1：用逗号分隔的整数</translation>
    </message>
    <message>
        <source>%1: each number at most %2</source>
        <translation>%1：每个数最大为 %2</translation>
    </message>
    <message>
        <source>%1: each number at least %2</source>
        <translation>%1：每个数至少为 %2</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::LockstepScrubber</name>
    <message>
        <source>%1 s of %2 s after the first submit</source>
        <translation>第一次 submit 之后 %1 秒（共 %2 秒）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Time after each run&apos;s first submit</source>
        <translation>每次运行第一次 submit 之后的时间</translation>
    </message>
    <message>
        <source>Playback speed (×1 = real time)</source>
        <translation>回放速度（×1 = 实时）</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::MainWindow</name>
    <message>
        <source>PoolScope — concurrent.futures, step by step</source>
        <translation>PoolScope — 一步一步看懂 concurrent.futures</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Let exactly one more event happen (Right)</source>
        <translation>只让下一个事件发生（→ 键）</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Stop this run and start over (Ctrl+R)</source>
        <translation>停止本次运行并重新开始（Ctrl+R）</translation>
    </message>
    <message>
        <source>Cancel future</source>
        <translation>取消 future</translation>
    </message>
    <message>
        <source>future.cancel() on the selected task (Del)</source>
        <translation>对所选任务调用 future.cancel()（Del）</translation>
    </message>
    <message>
        <source>Kill worker…</source>
        <translation>杀死工作进程…</translation>
    </message>
    <message>
        <source>SIGKILL one worker process: the pool breaks, as in CPython</source>
        <translation>向一个工作进程发送 SIGKILL：进程池会损坏，与 CPython 相同</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>Task inspector</source>
        <translation>任务检查器</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>事件日志</translation>
    </message>
    <message>
        <source>Live charts</source>
        <translation>实时图表</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Real time</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Slow motion ×%1</source>
        <translation>慢动作 ×%1</translation>
    </message>
    <message>
        <source>&amp;Intervene</source>
        <translation>干预(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Follow the timeline</source>
        <translation>跟随时间线</translation>
    </message>
    <message>
        <source>Zoom timeline in</source>
        <translation>放大时间线</translation>
    </message>
    <message>
        <source>Zoom timeline out</source>
        <translation>缩小时间线</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language changes the next time PoolScope starts.</source>
        <translation>语言将在下次启动 PoolScope 时生效。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source> Speed </source>
        <translation> 速度 </translation>
    </message>
    <message>
        <source>real time</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>slow ×%1</source>
        <translation>慢 ×%1</translation>
    </message>
    <message>
        <source>Slow motion: tasks take longer and events are paced</source>
        <translation>慢动作：任务耗时变长，事件按节奏逐个发生</translation>
    </message>
    <message>
        <source>Shutdown</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>executor.shutdown(wait, cancel_futures)</source>
        <translation>executor.shutdown(wait, cancel_futures)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Freeze the executor at its next event (Space)</source>
        <translation>让执行器停在下一个事件（空格）</translation>
    </message>
    <message>
        <source>Run the executor (Space)</source>
        <translation>运行执行器（空格）</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source> · %1 steps</source>
        <translation> · 已单步 %1 次</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source> · pool broken</source>
        <translation> · 池已损坏</translation>
    </message>
    <message>
        <source>events %1 · tasks %2/%3 done</source>
        <translation>事件 %1 · 任务完成 %2/%3</translation>
    </message>
    <message>
        <source> · finishing %1 earlier run(s)</source>
        <translation> · 正在收尾 %1 次之前的运行</translation>
    </message>
    <message>
        <source>Kill a worker</source>
        <translation>杀死一个工作进程</translation>
    </message>
    <message>
        <source>SIGKILL the worker process with pid:</source>
        <translation>向该 pid 的工作进程发送 SIGKILL：</translation>
    </message>
    <message numerus="yes">
        <source>Paused · %n thread(s)/process(es) held at their next event</source>
        <translation>
            <numerusform>已暂停 · %n 个线程/进程停在下一个事件</numerusform>
        </translation>
    </message>
    <message>
        <source> · the caller waits for ever: shutdown(cancel_futures=True) cancelled futures without notifying as_completed(), as in CPython (Reset ends it)</source>
        <translation> · 调用方将永远等待：shutdown(cancel_futures=True) 取消了 future 却不通知 as_completed()，与 CPython 相同（按“重置”结束）</translation>
    </message>
    <message>
        <source>the run ended while the dialog was open</source>
        <translation>对话框打开期间运行已结束</translation>
    </message>
    <message>
        <source>the pool is already broken</source>
        <translation>池已损坏</translation>
    </message>
    <message>
        <source>the pool is shutting down</source>
        <translation>池正在关闭</translation>
    </message>
    <message>
        <source>Worker %1 not killed: %2.</source>
        <translation>未杀死工作进程 %1：%2。</translation>
    </message>
    <message>
        <source>The executors behave as CPython 3.11-3.13 do on Linux, where the default start method is fork. CPython 3.14 defaults to forkserver (workers start lazily, one per submit) and adds InterpreterPoolExecutor; see docs/fidelity.md.</source>
        <translation>执行器的行为与 Linux 上的 CPython 3.11-3.13 相同，其默认启动方式为 fork。CPython 3.14 默认使用 forkserver（worker 按需启动，每次 submit 一个）并新增 InterpreterPoolExecutor；参见 docs/fidelity.md。</translation>
    </message>
    <message numerus="yes">
        <source> · %n GMP call(s) on a thread run on: one C call cannot be held</source>
        <translation>
            <numerusform> · 线程上的 %n 个 GMP 调用仍在运行：一次 C 调用无法暂停</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>poolscope::ui::OptionalNumberValidator</name>
    <message>
        <source>%1: whole numbers only, or None</source>
        <translation>%1：只能是整数或 None</translation>
    </message>
    <message>
        <source>%1: a number, or None</source>
        <translation>%1：必须是数字或 None</translation>
    </message>
    <message>
        <source>%1: at most %2</source>
        <translation>%1：最大为 %2</translation>
    </message>
    <message>
        <source>%1: must be at least %2, or None</source>
        <translation>%1：至少为 %2，或 None</translation>
    </message>
    <message>
        <source>%1: must be more than 0 seconds, or None</source>
        <translation>%1：必须大于 0 秒，或 None</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::PresenterMode</name>
    <message>
        <source>Presenter mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <source>Full screen for a projector: large text, thick lines, high contrast (F5)</source>
        <translation>适合投影仪的全屏：大字、粗线、高对比度（F5）</translation>
    </message>
    <message>
        <source>Presenter scale</source>
        <translation>演示缩放</translation>
    </message>
    <message>
        <source>Larger (in presenter mode)</source>
        <translation>放大（演示模式中）</translation>
    </message>
    <message>
        <source>Smaller (in presenter mode)</source>
        <translation>缩小（演示模式中）</translation>
    </message>
    <message>
        <source>Actual size (in presenter mode)</source>
        <translation>实际大小（演示模式中）</translation>
    </message>
    <message>
        <source>Leave presenter mode</source>
        <translation>退出演示模式</translation>
    </message>
    <message>
        <source>F5 or Esc leaves presenter mode; Ctrl++ / Ctrl+- / Ctrl+0 scale it</source>
        <translation>按 F5 或 Esc 退出演示模式；Ctrl++ / Ctrl+- / Ctrl+0 缩放</translation>
    </message>
    <message>
        <source>Presenter ×%1</source>
        <translation>演示 ×%1</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::ReplayActions</name>
    <message>
        <source>Re&amp;play</source>
        <translation>回放(&amp;P)</translation>
    </message>
    <message>
        <source>Step back</source>
        <translation>后退一步</translation>
    </message>
    <message>
        <source>Show the run one event earlier (Left)</source>
        <translation>显示早一个事件时的运行状态（左方向键）</translation>
    </message>
    <message>
        <source>Previous stage of the selected task</source>
        <translation>所选任务的上一阶段</translation>
    </message>
    <message>
        <source>Back to the event that moved the selected task into its current stage</source>
        <translation>回到使所选任务进入当前阶段的事件</translation>
    </message>
    <message>
        <source>Next stage of the selected task</source>
        <translation>所选任务的下一阶段</translation>
    </message>
    <message>
        <source>On to the next event that moves the selected task</source>
        <translation>前进到下一个推动所选任务的事件</translation>
    </message>
    <message>
        <source>Go to the start</source>
        <translation>回到开头</translation>
    </message>
    <message>
        <source>The run before its first event</source>
        <translation>第一个事件之前的运行状态</translation>
    </message>
    <message>
        <source>Back to live / the end</source>
        <translation>回到实时 / 结尾</translation>
    </message>
    <message>
        <source>Follow the run again (End)</source>
        <translation>重新跟随运行（End 键）</translation>
    </message>
    <message>
        <source>Next submit</source>
        <translation>下一个 submit</translation>
    </message>
    <message>
        <source>Next completion</source>
        <translation>下一个完成</translation>
    </message>
    <message>
        <source>Next error</source>
        <translation>下一个错误</translation>
    </message>
    <message>
        <source>Next worker death</source>
        <translation>下一个工作者退出</translation>
    </message>
    <message>
        <source>Play the history</source>
        <translation>播放历史</translation>
    </message>
    <message>
        <source>Play the recorded run again at the replay speed, without running anything (P)</source>
        <translation>以回放速度重新播放已记录的运行，不会真正运行任何任务（P）</translation>
    </message>
    <message>
        <source>Replay speed</source>
        <translation>回放速度</translation>
    </message>
    <message>
        <source>×%1</source>
        <translation>×%1</translation>
    </message>
    <message>
        <source>Pause the replay</source>
        <translation>暂停回放</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::RunController</name>
    <message>
        <source>Cannot run: %1</source>
        <translation>无法运行：%1</translation>
    </message>
    <message>
        <source>The caller saw %1: %2</source>
        <translation>调用方收到 %1: %2</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::ScenarioPanel</name>
    <message>
        <source>Pool</source>
        <translation>执行器</translation>
    </message>
    <message>
        <source>max_workers: threads or processes in the pool</source>
        <translation>max_workers：池中的线程或进程数</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>工作者数</translation>
    </message>
    <message>
        <source>Workload</source>
        <translation>任务负载</translation>
    </message>
    <message>
        <source>How long one task sleeps or spins (task_ms)</source>
        <translation>单个任务 sleep 或 spin 的时长（task_ms）</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务数</translation>
    </message>
    <message>
        <source>submit + as_completed</source>
        <translation>submit + as_completed</translation>
    </message>
    <message>
        <source>map</source>
        <translation>map</translation>
    </message>
    <message>
        <source>submit + wait</source>
        <translation>submit + wait</translation>
    </message>
    <message>
        <source>Submission</source>
        <translation>提交方式</translation>
    </message>
    <message>
        <source>map(chunksize=...): ProcessPoolExecutor sends chunks as one call item; ThreadPoolExecutor ignores it</source>
        <translation>map(chunksize=...)：ProcessPoolExecutor 把每块作为一个调用项发送；ThreadPoolExecutor 忽略它</translation>
    </message>
    <message>
        <source>Chunksize</source>
        <translation>Chunksize</translation>
    </message>
    <message>
        <source>Timeout (s)</source>
        <translation>超时（秒）</translation>
    </message>
    <message>
        <source>Model the GIL</source>
        <translation>模拟 GIL</translation>
    </message>
    <message>
        <source>CPU work holds one global lock, as in CPython; off = free-threaded (PEP 703)</source>
        <translation>CPU 工作持有一把全局锁，与 CPython 相同；关闭即自由线程（PEP 703）</translation>
    </message>
    <message>
        <source>GIL</source>
        <translation>GIL</translation>
    </message>
    <message>
        <source>sys.getswitchinterval(): how long a waiting thread waits before asking for the GIL</source>
        <translation>sys.getswitchinterval()：等待的线程在请求 GIL 之前等待多久</translation>
    </message>
    <message>
        <source>Switch interval</source>
        <translation>切换间隔</translation>
    </message>
    <message>
        <source>Max tasks per child</source>
        <translation>每个子进程最多任务数</translation>
    </message>
    <message>
        <source>real time</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>slow motion ×%1</source>
        <translation>慢动作 ×%1</translation>
    </message>
    <message>
        <source>Slow motion makes every task take longer and paces the events so a class can follow</source>
        <translation>慢动作让每个任务耗时更长，并让事件按节奏发生，方便课堂跟上</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>The Python this run mirrors:</source>
        <translation>本次运行对应的 Python 代码：</translation>
    </message>
    <message>
        <source>(custom)</source>
        <translation>（自定义）</translation>
    </message>
    <message>
        <source>Start from one of the tutorial&apos;s examples</source>
        <translation>从教程中的示例开始</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Executor</source>
        <translation>执行器</translation>
    </message>
    <message>
        <source>submit + result</source>
        <translation>submit + result</translation>
    </message>
    <message>
        <source>Seconds for as_completed / map / wait / result, or None</source>
        <translation>as_completed / map / wait / result 的秒数，或 None</translation>
    </message>
    <message>
        <source>What happens after TimeoutError while workers still compute: wait (the with-block waits), cancel (cancel_futures), terminate / kill the workers (process pool)</source>
        <translation>调用方收到 TimeoutError 而工作者仍在计算时怎么办：wait（with 代码块等待）、cancel（cancel_futures）、terminate / kill 工作进程（进程池）</translation>
    </message>
    <message>
        <source>On timeout</source>
        <translation>超时后</translation>
    </message>
    <message>
        <source>Call-queue slots beyond max_workers (CPython: 1). More raises throughput, but more futures turn RUNNING early and cannot be cancelled.</source>
        <translation>max_workers 之外的调用队列槽位（CPython：1）。越多吞吐越高，但更多 future 会提前变为 RUNNING，无法再取消。</translation>
    </message>
    <message>
        <source>Extra queued calls</source>
        <translation>额外排队调用</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>factorial: n!; primes: count the primes below n</source>
        <translation>factorial：n!；primes：统计小于 n 的素数</translation>
    </message>
    <message>
        <source>none: every task uses n</source>
        <translation>留空：每个任务都用 n</translation>
    </message>
    <message>
        <source>One n per task, cycled (the tutorial&apos;s task_list), e.g. 1297337, 1116281, 104395303</source>
        <translation>每个任务一个 n，循环使用（即教程中的 task_list），例如 1297337, 1116281, 104395303</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Size of the buffer, file or HTTP body</source>
        <translation>缓冲区、文件或 HTTP 响应体的大小</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节数</translation>
    </message>
    <message>
        <source>Server-side latency of each HTTP request</source>
        <translation>每个 HTTP 请求的服务端延迟</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>mixed: server latency of the I/O part</source>
        <translation>mixed：I/O 部分的服务端延迟</translation>
    </message>
    <message>
        <source>I/O part</source>
        <translation>I/O 部分</translation>
    </message>
    <message>
        <source>mixed: CPU time of the compute part</source>
        <translation>mixed：计算部分的 CPU 时间</translation>
    </message>
    <message>
        <source>CPU part</source>
        <translation>CPU 部分</translation>
    </message>
    <message>
        <source>Bytes of argument and of result: what serialization and the pipes carry</source>
        <translation>参数和结果的字节数：序列化与管道要传输的数据量</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>负载</translation>
    </message>
    <message>
        <source>preset %1: %2</source>
        <translation>预设 %1：%2</translation>
    </message>
    <message>
        <source>Cannot run: %1</source>
        <translation>无法运行：%1</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::SweepView</name>
    <message>
        <source>Speedup sweep</source>
        <translation>加速比扫描</translation>
    </message>
    <message>
        <source>Workers 1 to</source>
        <translation>工作者数 1 到</translation>
    </message>
    <message>
        <source>Largest worker count</source>
        <translation>最大工作者数</translation>
    </message>
    <message>
        <source>Runs per point</source>
        <translation>每点运行次数</translation>
    </message>
    <message>
        <source>Each point is the median of this many runs (the machine is shared and noisy)</source>
        <translation>每个点取这么多次运行的中位数（机器是共享的，有噪声）</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Speedup against serial</source>
        <translation>相对串行的加速比</translation>
    </message>
    <message>
        <source>max_workers</source>
        <translation>max_workers</translation>
    </message>
    <message>
        <source>speedup (serial wall time / wall time)</source>
        <translation>加速比（串行墙钟时间 / 墙钟时间）</translation>
    </message>
    <message>
        <source>Export the sweep as CSV</source>
        <translation>将扫描导出为 CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export the chart as PNG</source>
        <translation>将图表导出为 PNG</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>Sweeping: run %1 of %2, one after another so the runs never share the cores</source>
        <translation>扫描中：第 %1 次运行，共 %2 次，逐个运行，互不共享 CPU 核心</translation>
    </message>
    <message>
        <source>%1: %2 × %3 tasks, %4; %5 cores</source>
        <translation>%1：%2 × %3 个任务，%4；%5 个核心</translation>
    </message>
    <message>
        <source>Mixed work: each task waits %1 ms for I/O, then computes %2 ms. The CPU saturates at cores × (1 + I/O / CPU) = %3 × (1 + %1 / %2) = %4 workers; more workers only wait.</source>
        <translation>混合任务：每个任务先等待 I/O %1 毫秒，再计算 %2 毫秒。CPU 在 核心数 × (1 + I/O / CPU) = %3 × (1 + %1 / %2) = %4 个工作者时饱和；更多的工作者只会等待。</translation>
    </message>
    <message>
        <source>I/O work: waiting releases the GIL, so every pool overlaps the waits.</source>
        <translation>I/O 任务：等待时释放 GIL，所以每种池都能让等待相互重叠。</translation>
    </message>
    <message>
        <source>Sweeping…</source>
        <translation>扫描中…</translation>
    </message>
    <message>
        <source>Cancelling: the run under way finishes first</source>
        <translation>正在取消：当前运行先完成</translation>
    </message>
    <message>
        <source>threads, GIL on</source>
        <translation>线程，GIL 开</translation>
    </message>
    <message>
        <source>threads, GIL off (free-threaded)</source>
        <translation>线程，GIL 关（自由线程）</translation>
    </message>
    <message>
        <source>processes</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>ideal (= workers)</source>
        <translation>理想（= 工作者数）</translation>
    </message>
    <message>
        <source>CPU saturates at %1 workers</source>
        <translation>CPU 在 %1 个工作者时饱和</translation>
    </message>
    <message>
        <source>%1: cannot write: %2</source>
        <translation>%1：无法写入：%2</translation>
    </message>
    <message>
        <source>%1: cannot write the PNG</source>
        <translation>%1：无法写入 PNG</translation>
    </message>
    <message>
        <source>The run at %1 workers (%2) was not kept: its recording was over the sweep&apos;s budget</source>
        <translation>%1 个工作者（%2）的那次运行没有保留：其记录超出了扫描的预算</translation>
    </message>
    <message>
        <source>The window cannot show that run: %1</source>
        <translation>窗口无法显示该次运行：%1</translation>
    </message>
    <message>
        <source>Opened the run at %1 workers (%2, %3 s) in replay</source>
        <translation>已在回放中打开 %1 个工作者（%2，%3 秒）的那次运行</translation>
    </message>
    <message>
        <source>Speedup sweep…</source>
        <translation>加速比扫描…</translation>
    </message>
    <message>
        <source>Speedup against max_workers for threads with and without the GIL and for processes</source>
        <translation>有 GIL 与无 GIL 的线程以及进程的加速比随 max_workers 的变化</translation>
    </message>
    <message>
        <source>Cancelled: 1 point measured</source>
        <translation>已取消：已测得 1 个点</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled: %n points measured</source>
        <translation>
            <numerusform>已取消：已测得 %n 个点</numerusform>
        </translation>
    </message>
    <message>
        <source>Serial took %1 s. Each point is one run; click a point to open that run in replay.</source>
        <translation>串行用时 %1 秒。每个点是一次运行；点击一个点即可在回放中打开那次运行。</translation>
    </message>
    <message numerus="yes">
        <source>Serial took %1 s. Each point is the median of %n runs; click a point to open that run in replay.</source>
        <translation>
            <numerusform>串行用时 %1 秒。每个点取 %n 次运行的中位数；点击一个点即可在回放中打开那次运行。</numerusform>
        </translation>
    </message>
    <message>
        <source>CPU work: one core can compute at a time; threads under the GIL take turns.</source>
        <translation>CPU 任务：同一时刻只有一个核能计算；受 GIL 约束的线程轮流执行。</translation>
    </message>
    <message numerus="yes">
        <source>CPU work: at most %n cores can compute at once; threads under the GIL take turns.</source>
        <translation>
            <numerusform>CPU 任务：最多 %n 个核能同时计算；受 GIL 约束的线程轮流执行。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>poolscope::ui::TaskStagesModel</name>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>waiting for a slot</source>
        <translation>等待槽位</translation>
    </message>
    <message>
        <source>call queue → pipe</source>
        <translation>调用队列 → 管道</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>GIL wait</source>
        <translation>等待 GIL</translation>
    </message>
    <message>
        <source>result pipe</source>
        <translation>结果管道</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>%1 (so far)</source>
        <translation>%1（进行中）</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>pid %1</source>
        <translation>pid %1</translation>
    </message>
    <message>
        <source>thread %1</source>
        <translation>线程 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n wait(s), total</source>
        <translation>
            <numerusform>共等待 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>at (ms)</source>
        <translation>开始 (ms)</translation>
    </message>
    <message>
        <source>for (ms)</source>
        <translation>持续 (ms)</translation>
    </message>
    <message>
        <source>detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>I/O %1 ms</source>
        <translation>I/O 部分 %1 ms</translation>
    </message>
    <message>
        <source>CPU %1 ms</source>
        <translation>CPU 部分 %1 ms</translation>
    </message>
    <message>
        <source>A mixed task waits on I/O first, then computes: the time of each part, in ms</source>
        <translation>mixed 任务先等待 I/O，再计算：每部分所用的时间（ms）</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::TimelineScrubber</name>
    <message>
        <source>Replay: click or drag to see the run at any event; Left / Right step, Home / End jump to the start / back to live</source>
        <translation>回放：单击或拖动以查看任一事件时的运行状态；左 / 右方向键单步，Home / End 跳到开头 / 回到实时</translation>
    </message>
    <message>
        <source>event %1 / %2 · +%3 ms</source>
        <translation>事件 %1 / %2 · +%3 ms</translation>
    </message>
    <message>
        <source> · LIVE</source>
        <translation> · 实时</translation>
    </message>
    <message>
        <source> · replay ×%1</source>
        <translation> · 回放 ×%1</translation>
    </message>
</context>
</TS>
