// connection: the pipes' framing. Frames arrive in pieces and are put back
// together; a header asking for more than kMaxFrameBytes is refused before any
// payload is read or allocated.
#include "core/process/connection.h"

#include <QtTest>

#include <unistd.h>

using namespace poolscope;

namespace {

QByteArray header(std::uint32_t n)
{
    const char h[4] = {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                       static_cast<char>(n)};
    return QByteArray(h, 4);
}

struct Pipe
{
    PipeFds fds;
    explicit Pipe(bool nonblockRead) : fds(openPipe(nonblockRead, false)) {}
    ~Pipe()
    {
        closeFd(fds.read);
        closeFd(fds.write);
    }
    void write(const QByteArray& b) const { QVERIFY(writeAllBlocking(fds.write, b.constData(), b.size())); }
};

} // namespace

class TestConnection : public QObject
{
    Q_OBJECT

private slots:
    void recvFrameReadsOneFrame()
    {
        Pipe p(false);
        p.write(header(3) + "abc" + header(0));
        std::vector<char> payload;
        std::uint32_t length = 0;
        QCOMPARE(recvFrame(p.fds.read, payload, length), RecvStatus::Ok);
        QCOMPARE(QByteArray(payload.data(), static_cast<int>(payload.size())), QByteArray("abc"));
        QCOMPARE(recvFrame(p.fds.read, payload, length), RecvStatus::Ok);
        QVERIFY(payload.empty());
        closeFd(p.fds.write);
        QCOMPARE(recvFrame(p.fds.read, payload, length), RecvStatus::Eof);
    }

    void recvFrameRefusesAnOversizedHeader_data()
    {
        QTest::addColumn<quint32>("length");
        QTest::newRow("4 GiB - 1") << quint32(0xffffffffu);
        QTest::newRow("one byte over the limit") << quint32(kMaxFrameBytes + 1);
    }
    void recvFrameRefusesAnOversizedHeader()
    {
        QFETCH(quint32, length);
        Pipe p(false);
        p.write(header(length) + "xyz");
        std::vector<char> payload;
        std::uint32_t asked = 0;
        QCOMPARE(recvFrame(p.fds.read, payload, asked), RecvStatus::TooLarge);
        QCOMPARE(asked, length);
        QVERIFY(payload.capacity() < 1024); // nothing was allocated for it
    }

    void frameReaderReassemblesPieces()
    {
        Pipe p(true);
        FrameReader reader(p.fds.read);
        std::vector<char> payload;
        p.write(header(5).left(2));
        reader.readAvailable();
        QVERIFY(!reader.takeFrame(payload));
        p.write(header(5).mid(2) + "he");
        reader.readAvailable();
        QVERIFY(!reader.takeFrame(payload));
        p.write("llo" + header(1) + "!");
        reader.readAvailable();
        QVERIFY(reader.takeFrame(payload));
        QCOMPARE(QByteArray(payload.data(), static_cast<int>(payload.size())), QByteArray("hello"));
        QVERIFY(reader.takeFrame(payload));
        QCOMPARE(QByteArray(payload.data(), static_cast<int>(payload.size())), QByteArray("!"));
        QVERIFY(!reader.takeFrame(payload));
    }

    void frameReaderRefusesAnOversizedHeader()
    {
        Pipe p(true);
        FrameReader reader(p.fds.read);
        p.write(header(0xfffffff0u) + "tiny");
        reader.readAvailable();
        std::vector<char> payload;
        try {
            reader.takeFrame(payload);
            QFAIL("no exception");
        } catch (const PyError& e) {
            QCOMPARE(QString::fromStdString(e.pyType()), QStringLiteral("OSError"));
            QCOMPARE(QString::fromStdString(e.what()),
                     QStringLiteral("bad message length: 4294967280 bytes, the limit is 1073741824"));
        }
    }
};

QTEST_GUILESS_MAIN(TestConnection)
#include "tst_connection.moc"
