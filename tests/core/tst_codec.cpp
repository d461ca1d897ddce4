// The serialization codec (pickle's counterpart) and the task registry.

#include "core/process/codec.h"
#include "core/process/taskregistry.h"

#include <QtTest>

#include <functional>
#include <mutex>

using namespace poolscope;

Q_DECLARE_METATYPE(std::any)

namespace {

std::int64_t triple(std::int64_t x)
{
    return 3 * x;
}
POOLSCOPE_TASK(triple);

std::int64_t neverRegistered(std::int64_t x)
{
    return x;
}

struct Opaque
{
    int x = 1;
};

std::any roundTrip(const std::any& v)
{
    const Bytes frame = encodeValue(v);
    return decodeValue(frame.data() + kFrameHeader, frame.size() - kFrameHeader);
}

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

class TestCodec : public QObject
{
    Q_OBJECT

private slots:
    void roundTripCanonical_data()
    {
        QTest::addColumn<std::any>("value");
        QTest::addColumn<std::any>("expected");
        QTest::newRow("None stays None") << std::any() << std::any();
        QTest::newRow("int64 stays int64") << std::any(std::int64_t{-42}) << std::any(std::int64_t{-42});
        QTest::newRow("int widens to int64") << std::any(7) << std::any(std::int64_t{7});
        QTest::newRow("unsigned char widens to int64")
            << std::any(static_cast<unsigned char>(200)) << std::any(std::int64_t{200});
        QTest::newRow("uint64 above INT64_MAX stays uint64")
            << std::any(std::uint64_t{18'000'000'000'000'000'000ULL})
            << std::any(std::uint64_t{18'000'000'000'000'000'000ULL});
        QTest::newRow("double stays double") << std::any(2.5) << std::any(2.5);
        QTest::newRow("float widens to double") << std::any(0.5f) << std::any(0.5);
        QTest::newRow("string stays string")
            << std::any(std::string("héllo")) << std::any(std::string("héllo"));
        QTest::newRow("const char* becomes string")
            << std::any(static_cast<const char*>("abc")) << std::any(std::string("abc"));
        QTest::newRow("bool stays bool") << std::any(true) << std::any(true);
        QTest::newRow("bytes stay bytes") << std::any(std::vector<std::uint8_t>{0, 255, 7})
                                          << std::any(std::vector<std::uint8_t>{0, 255, 7});
        QTest::newRow("vector<int> becomes list")
            << std::any(std::vector<int>{1, 2})
            << std::any(std::vector<std::any>{std::int64_t{1}, std::int64_t{2}});
        QTest::newRow("nested list keeps its shape")
            << std::any(std::vector<std::any>{std::string("a"), std::vector<std::any>{1.5, std::any()}})
            << std::any(std::vector<std::any>{std::string("a"), std::vector<std::any>{1.5, std::any()}});
    }
    void roundTripCanonical()
    {
        QFETCH(std::any, value);
        QFETCH(std::any, expected);
        const std::any got = roundTrip(value);
        QCOMPARE(qs(valueTypeName(got)), qs(valueTypeName(expected)));
        QCOMPARE(encodeValue(got), encodeValue(expected)); // same bytes: same value
    }

    void unserializableValueFailsWithTypeError_data()
    {
        QTest::addColumn<std::any>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("shared_ptr<std::mutex> (like a _thread.lock)")
            << std::any(std::make_shared<std::mutex>())
            << QStringLiteral("cannot pickle 'std::shared_ptr<std::mutex>' object");
        QTest::newRow("raw pointer") << std::any(static_cast<int*>(nullptr))
                                     << QStringLiteral("cannot pickle 'int*' object");
        QTest::newRow("user struct") << std::any(Opaque{})
                                     << QStringLiteral(
                                            "cannot pickle '(anonymous namespace)::Opaque' object");
        QTest::newRow("deep inside a list")
            << std::any(std::vector<std::any>{std::int64_t{1}, std::vector<std::any>{Opaque{}}})
            << QStringLiteral("cannot pickle '(anonymous namespace)::Opaque' object");
    }
    void unserializableValueFailsWithTypeError()
    {
        QFETCH(std::any, value);
        QFETCH(QString, message);
        try {
            encodeValue(value);
            QFAIL("no exception");
        } catch (const TypeError& e) {
            QCOMPARE(qs(e.pyType()), QStringLiteral("TypeError"));
            QCOMPARE(qs(e.what()), message);
        }
    }

    void functionsCrossByName_data()
    {
        QTest::addColumn<bool>("byPointer");
        QTest::addColumn<bool>("registered");
        QTest::addColumn<QString>("error");
        QTest::newRow("registered pointer becomes its name") << true << true << QString();
        QTest::newRow("registered name stays") << false << true << QString();
        QTest::newRow("unregistered pointer: PicklingError")
            << true << false << QStringLiteral("it is not registered in the task registry");
        QTest::newRow("unknown name: PicklingError, attribute lookup failed")
            << false << false << QStringLiteral("attribute lookup no_such_task on <task registry> failed");
    }
    void functionsCrossByName()
    {
        QFETCH(bool, byPointer);
        QFETCH(bool, registered);
        QFETCH(QString, error);
        const TaskTablePtr table = TaskRegistry::global().snapshot();
        FunctionRef fn = byPointer
                             ? (registered ? FunctionRef::of(&triple) : FunctionRef::of(&neverRegistered))
                             : FunctionRef::named(registered ? "triple" : "no_such_task");
        CallItem item{5, fn, {std::int64_t{2}}};
        try {
            const Bytes frame = encodeCall(item, table.get());
            QVERIFY(error.isEmpty());
            const CallMessage m = decodeCall(frame.data() + kFrameHeader, frame.size() - kFrameHeader);
            QVERIFY(!m.sentinel);
            QCOMPARE(m.item.workId, 5);
            QCOMPARE(qs(m.item.fn.name), QStringLiteral("triple"));
            QCOMPARE(std::any_cast<std::int64_t>(runTask(*table, m.item.fn, m.item.args)), 6);
        } catch (const PyError& e) {
            QVERIFY2(!error.isEmpty(), e.what());
            QCOMPARE(qs(e.pyType()), QStringLiteral("PicklingError"));
            QVERIFY2(qs(e.what()).contains(error), e.what());
            QVERIFY(qs(e.what()).startsWith(QStringLiteral("Can't pickle <function")));
        }
    }

    void frameHeaderIsBigEndianLength()
    {
        const Bytes frame = encodeValue(std::string(300, 'x'));
        QCOMPARE(frame.size(), 4u + 3u + 300u); // str16 header is 3 bytes
        QCOMPARE(static_cast<unsigned char>(frame[0]), 0u);
        QCOMPARE(static_cast<unsigned char>(frame[1]), 0u);
        QCOMPARE(static_cast<unsigned char>(frame[2]), 1u);
        QCOMPARE(static_cast<unsigned char>(frame[3]), 303u - 256u);
        QCOMPARE(frameLength(frame.data()), 303u);
    }

    void sentinelAndPidMessages()
    {
        const Bytes none = encodeSentinel();
        QVERIFY(decodeCall(none.data() + 4, none.size() - 4).sentinel);
        const Bytes pid = encodePid(12345);
        const ResultMessage m = decodeResult(pid.data() + 4, pid.size() - 4);
        QVERIFY(m.isPid);
        QCOMPARE(m.pid, 12345);
    }

    void resultItemRoundTrip_data()
    {
        QTest::addColumn<bool>("raised");
        QTest::addColumn<bool>("exitPid");
        QTest::newRow("value, worker stays") << false << false;
        QTest::newRow("value, worker exits (max_tasks_per_child)") << false << true;
        QTest::newRow("exception with traceback") << true << false;
    }
    void resultItemRoundTrip()
    {
        QFETCH(bool, raised);
        QFETCH(bool, exitPid);
        ResultItem r;
        r.workId = 77;
        if (raised)
            r.exception = RemoteError{"ValueError", "bad 3", "Traceback (most recent call last):\n..."};
        else
            r.result = std::string("ok");
        if (exitPid)
            r.exitPid = 4242;
        const Bytes frame = encodeResult(r, nullptr);
        const ResultMessage m = decodeResult(frame.data() + 4, frame.size() - 4);
        QVERIFY(!m.isPid);
        QCOMPARE(m.item.workId, 77);
        QCOMPARE(m.item.exception.has_value(), raised);
        if (raised) {
            QCOMPARE(qs(m.item.exception->type), QStringLiteral("ValueError"));
            QCOMPARE(qs(m.item.exception->message), QStringLiteral("bad 3"));
            QVERIFY(qs(m.item.exception->traceback).startsWith(QStringLiteral("Traceback")));
        } else {
            QCOMPARE(qs(std::any_cast<std::string>(m.item.result)), QStringLiteral("ok"));
        }
        QCOMPARE(m.item.exitPid.has_value(), exitPid);
        if (exitPid)
            QCOMPARE(*m.item.exitPid, 4242);
    }

    // Every msgpack encoding of a value decodes to what the shortest one does (the decoders
    // read the hot path's shapes directly and must accept what msgpack's unpacker accepts).
    void longerEncodingsDecodeAlike_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<std::any>("expected");
        QTest::newRow("int 8 holding 5 is the int 5")
            << QByteArray("\xd0\x05", 2) << std::any(std::int64_t{5});
        QTest::newRow("int 16 holding -256") << QByteArray("\xd1\xff\x00", 3) << std::any(std::int64_t{-256});
        QTest::newRow("int 64 holding 7")
            << QByteArray("\xd3\0\0\0\0\0\0\0\x07", 9) << std::any(std::int64_t{7});
        QTest::newRow("uint 32 holding 70000")
            << QByteArray("\xce\0\x01\x11\x70", 5) << std::any(std::int64_t{70000});
        QTest::newRow("uint 64 above INT64_MAX stays uint64")
            << QByteArray("\xcf\xff\xff\xff\xff\xff\xff\xff\xff", 9) << std::any(~std::uint64_t{0});
        QTest::newRow("negative fixint -3") << QByteArray("\xfd", 1) << std::any(std::int64_t{-3});
        QTest::newRow("float 32 widens to double") << QByteArray("\xca\x3f\0\0\0", 5) << std::any(0.5);
        QTest::newRow("str 8") << QByteArray("\xd9\x02hi", 4) << std::any(std::string("hi"));
        QTest::newRow("str 16") << QByteArray("\xda\0\x01z", 4) << std::any(std::string("z"));
        QTest::newRow("array 16 of one")
            << QByteArray("\xdc\0\x01\x01", 4) << std::any(std::vector<std::any>{std::int64_t{1}});
        QTest::newRow("bin 8") << QByteArray("\xc4\x02\x00\x07", 4)
                               << std::any(std::vector<std::uint8_t>{0, 7});
        QTest::newRow("false") << QByteArray("\xc2", 1) << std::any(false);
        QTest::newRow("ext 8 function reference") << QByteArray("\xc7\x03\x01"
                                                                "abc",
                                                                6)
                                                  << std::any(FunctionRef::named("abc"));
        QTest::newRow("fixext 4 function reference") << QByteArray("\xd6\x01"
                                                                   "abcd",
                                                                   6)
                                                     << std::any(FunctionRef::named("abcd"));
    }
    void longerEncodingsDecodeAlike()
    {
        QFETCH(QByteArray, payload);
        QFETCH(std::any, expected);
        const std::any got = decodeValue(payload.constData(), static_cast<std::size_t>(payload.size()));
        QCOMPARE(qs(valueTypeName(got)), qs(valueTypeName(expected)));
        QCOMPARE(encodeValue(got), encodeValue(expected));

        // The same value as a call item's argument and as a result item's result.
        QByteArray call("\x93\x01\xd4\x01x\x91", 6);
        call += payload;
        const CallMessage m = decodeCall(call.constData(), static_cast<std::size_t>(call.size()));
        QCOMPARE(m.item.workId, std::int64_t{1});
        QCOMPARE(qs(m.item.fn.name), QStringLiteral("x"));
        QCOMPARE(encodeValue(m.item.args.at(0)), encodeValue(expected));
        QByteArray result("\x94\xd0\x02\xc0", 4);
        result += payload;
        result += QByteArray("\xcd\x01\x00", 3);
        const ResultMessage r = decodeResult(result.constData(), static_cast<std::size_t>(result.size()));
        QCOMPARE(r.item.workId, std::int64_t{2});
        QCOMPARE(encodeValue(r.item.result), encodeValue(expected));
        QCOMPARE(r.item.exitPid.value_or(0), 256);
    }

    void itemSizesAreSmall()
    {
        // CPython: a trivial _CallItem pickles to 123 B and a _ResultItem to 113 B.
        const TaskTablePtr table = TaskRegistry::global().snapshot();
        const Bytes call =
            encodeCall(CallItem{1, FunctionRef::named("identity_int"), {std::int64_t{1}}}, table.get());
        ResultItem r;
        r.workId = 1;
        r.result = std::int64_t{1};
        const Bytes result = encodeResult(r, nullptr);
        QVERIFY2(call.size() < 40, qPrintable(QString::number(call.size())));
        QVERIFY2(result.size() < 16, qPrintable(QString::number(result.size())));
    }

    void malformedPayloadIsUnpicklingError_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<bool>("asCall");
        QTest::newRow("truncated array") << QByteArray("\x93\x01", 2) << true;
        QTest::newRow("trailing bytes") << QByteArray("\xc0\xc0", 2) << true;
        QTest::newRow("map is not a value") << QByteArray("\x81\x01\x02", 3) << false;
        QTest::newRow("call item with wrong arity") << QByteArray("\x92\x01\x02", 3) << true;
        QTest::newRow("result item with a string work id") << QByteArray("\x94\xa1x\xc0\xc0\xc0", 6) << false;
    }
    void malformedPayloadIsUnpicklingError()
    {
        QFETCH(QByteArray, payload);
        QFETCH(bool, asCall);
        try {
            if (asCall)
                decodeCall(payload.constData(), static_cast<std::size_t>(payload.size()));
            else
                decodeResult(payload.constData(), static_cast<std::size_t>(payload.size()));
            QFAIL("no exception");
        } catch (const PyError& e) {
            QCOMPARE(qs(e.pyType()), QStringLiteral("UnpicklingError"));
        }
    }

    // Headers that claim billions of elements or bytes in a payload of a few hundred
    // bytes: refused by the unpack limits, with a line saying which, before any
    // allocation (they once asked for 32 GiB).
    void hostilePayloadIsRefusedUpFront_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("message");
        const auto padded = [](const char* head, int n) {
            QByteArray b(head, n);
            b.append(QByteArray(220 - n, '\xc0'));
            return b;
        };
        QTest::newRow("list of 2^32-1 at the top")
            << padded("\xdd\xff\xff\xff\xff", 5) << QStringLiteral("a list claims more elements");
        QTest::newRow("args list of 2^32-1")
            << padded("\x93\x01\xc0\xdd\xff\xff\xff\xff", 8) << QStringLiteral("a list claims more elements");
        QTest::newRow("string of 4 GiB")
            << padded("\x94\x01\xc0\xdb\xff\xff\xff\xff", 8)
            << QStringLiteral("a value runs past the end of the payload (payload of 220 bytes)");
        QTest::newRow("bytes of 4 GiB")
            << padded("\xc6\xff\xff\xff\xff", 5)
            << QStringLiteral("a value runs past the end of the payload (payload of 220 bytes)");
        QTest::newRow("extension of 4 GiB")
            << padded("\xc9\xff\xff\xff\xff\x01", 6)
            << QStringLiteral("a value runs past the end of the payload (payload of 220 bytes)");
        QTest::newRow("map of 2^32-1 pairs")
            << padded("\xdf\xff\xff\xff\xff", 5) << QStringLiteral("maps are not a PoolScope value");
        QTest::newRow("100,000 nested lists") << (QByteArray(100000, '\x91') + QByteArray(1, '\xc0'))
                                              << QStringLiteral("nested deeper than 64 levels");
        QTest::newRow("a value then trailing bytes")
            << QByteArray("\xc0\x01\x02", 3) << QStringLiteral("trailing bytes after the payload: 2 of 3");
    }
    void hostilePayloadIsRefusedUpFront()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QString, message);
        const auto size = static_cast<std::size_t>(payload.size());
        const std::function<void()> decoders[] = {[&] { decodeCall(payload.constData(), size); },
                                                  [&] { decodeResult(payload.constData(), size); },
                                                  [&] { decodeValue(payload.constData(), size); }};
        for (const auto& decode : decoders) {
            try {
                decode();
                QFAIL("no exception");
            } catch (const PyError& e) {
                QCOMPARE(qs(e.pyType()), QStringLiteral("UnpicklingError"));
                QVERIFY2(qs(e.what()).contains(message), e.what());
            }
        }
    }

    // Nesting up to the limit still decodes: the limit costs real values nothing.
    void nestingWithinTheLimitDecodes()
    {
        const QByteArray payload = QByteArray(60, '\x91') + QByteArray(1, '\x05');
        std::any v = decodeValue(payload.constData(), static_cast<std::size_t>(payload.size()));
        for (int i = 0; i < 60; ++i) {
            const auto* list = std::any_cast<std::vector<std::any>>(&v);
            QVERIFY(list && list->size() == 1);
            v = std::any((*list)[0]);
        }
        QCOMPARE(valueAs<std::int64_t>(v), std::int64_t{5});
    }

    void valueAsConverts_data()
    {
        QTest::addColumn<std::any>("value");
        QTest::addColumn<QString>("error");
        QTest::newRow("int64 fits int") << std::any(std::int64_t{5}) << QString();
        QTest::newRow("int64 too big for int")
            << std::any(std::int64_t{1} << 40) << QStringLiteral("int 1099511627776 out of range for int");
        QTest::newRow("str is not an int")
            << std::any(std::string("5")) << QStringLiteral("expected int, got 'str'");
        QTest::newRow("None is not an int") << std::any() << QStringLiteral("expected int, got 'NoneType'");
    }
    void valueAsConverts()
    {
        QFETCH(std::any, value);
        QFETCH(QString, error);
        try {
            const int v = valueAs<int>(value);
            QVERIFY(error.isEmpty());
            QCOMPARE(v, 5);
        } catch (const PyError& e) {
            QCOMPARE(qs(e.what()), error);
        }
    }

    void registryWrapsTypedFunctions_data()
    {
        QTest::addColumn<int>("argc");
        QTest::addColumn<QString>("error");
        QTest::newRow("right count") << 1 << QString();
        QTest::newRow("too many, like Python's TypeError")
            << 2 << QStringLiteral("triple() takes 1 positional argument but 2 were given");
        QTest::newRow("none given") << 0
                                    << QStringLiteral(
                                           "triple() takes 1 positional argument but 0 were given");
    }
    void registryWrapsTypedFunctions()
    {
        QFETCH(int, argc);
        QFETCH(QString, error);
        const TaskTablePtr table = TaskRegistry::global().snapshot();
        std::vector<std::any> args(static_cast<std::size_t>(argc), std::any(std::int64_t{4}));
        try {
            QCOMPARE(std::any_cast<std::int64_t>(runTask(*table, FunctionRef::named("triple"), args)), 12);
            QVERIFY(error.isEmpty());
        } catch (const TypeError& e) {
            QCOMPARE(qs(e.what()), error);
        }
    }

    void snapshotIsImmutable()
    {
        // What a forked worker sees: the registry as it was when it was forked.
        const TaskTablePtr before = TaskRegistry::global().snapshot();
        TaskRegistry::global().add("late_task", [](const std::vector<std::any>&) -> std::any { return {}; });
        QVERIFY(!before->contains("late_task"));
        QVERIFY(TaskRegistry::global().snapshot()->contains("late_task"));
        QVERIFY(TaskRegistry::global().remove("late_task"));
        QVERIFY(!TaskRegistry::global().snapshot()->contains("late_task"));
        QVERIFY(!TaskRegistry::global().remove("late_task"));
    }

    void unknownTaskIsAttributeError()
    {
        const TaskTablePtr table = TaskRegistry::global().snapshot();
        try {
            runTask(*table, FunctionRef::named("nope"), {});
            QFAIL("no exception");
        } catch (const PyError& e) {
            QCOMPARE(qs(e.pyType()), QStringLiteral("AttributeError"));
            QCOMPARE(qs(e.what()), QStringLiteral("Can't get attribute 'nope' on <task registry>"));
        }
    }

    void processChunkRunsEachCall()
    {
        const TaskTablePtr table = TaskRegistry::global().snapshot();
        std::vector<std::any> chunk;
        for (std::int64_t i = 0; i < 4; ++i)
            chunk.emplace_back(std::vector<std::any>{i});
        const std::any out =
            runTask(*table, FunctionRef::named(kProcessChunk), {FunctionRef::named("square"), chunk});
        const auto list = valueAs<std::vector<std::int64_t>>(out);
        QCOMPARE(list, (std::vector<std::int64_t>{0, 1, 4, 9}));
    }

    void chunkArgsTravelAsAListOfLists()
    {
        // In memory a chunk is flat; on the wire it is the list of argument lists CPython sends.
        ChunkArgs chunk;
        chunk.arity = 2;
        for (std::int64_t i = 0; i < 6; ++i)
            chunk.flat.emplace_back(i);
        std::vector<std::any> nested;
        for (std::int64_t i = 0; i < 6; i += 2)
            nested.emplace_back(std::vector<std::any>{i, i + 1});
        QCOMPARE(encodeValue(chunk), encodeValue(nested));

        const TaskTablePtr table = TaskRegistry::global().snapshot();
        CallItem item{3, FunctionRef::named(kProcessChunk), {FunctionRef::named("raise"), chunk}};
        const Bytes frame = encodeCall(item, table.get());
        const CallMessage m = decodeCall(frame.data() + kFrameHeader, frame.size() - kFrameHeader);
        const auto* back = std::any_cast<ChunkArgs>(&m.item.args.at(1));
        QVERIFY(back);
        QCOMPARE(back->arity, 2u);
        QCOMPARE(back->calls(), 3u);
        QCOMPARE(std::any_cast<std::int64_t>(back->flat[5]), 5);

        // Uneven argument lists stay a plain list of lists.
        CallItem uneven{4,
                        FunctionRef::named(kProcessChunk),
                        {FunctionRef::named("square"),
                         std::vector<std::any>{std::vector<std::any>{std::int64_t{1}},
                                               std::vector<std::any>{std::int64_t{1}, std::int64_t{2}}}}};
        const Bytes f2 = encodeCall(uneven, table.get());
        const CallMessage m2 = decodeCall(f2.data() + kFrameHeader, f2.size() - kFrameHeader);
        QVERIFY(std::any_cast<std::vector<std::any>>(&m2.item.args.at(1)));
    }

    void workloadTaskReturnsItsValue_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("error");
        QTest::newRow("noop returns the index") << QStringLiteral(R"({"name":"noop"})") << QString();
        QTest::newRow("bad spec is a ValueError naming the field")
            << QStringLiteral(R"({"name":"nope"})")
            << QStringLiteral("workload.name: unknown workload 'nope'");
    }
    void workloadTaskReturnsItsValue()
    {
        QFETCH(QString, spec);
        QFETCH(QString, error);
        const TaskTablePtr table = TaskRegistry::global().snapshot();
        try {
            const std::any r =
                runTask(*table, FunctionRef::named("workload"), {spec.toStdString(), std::int64_t{9}});
            QVERIFY(error.isEmpty());
            QCOMPARE(std::any_cast<std::int64_t>(r), 9);
        } catch (const ValueError& e) {
            QVERIFY2(!error.isEmpty() && qs(e.what()).startsWith(error), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestCodec)
#include "tst_codec.moc"
