// Writes the codec fuzzer's seed corpus: one payload (frame minus its 4-byte header) per kind
// of message a pipe carries. Run: makecodecseeds DIR (scripts/run-fuzz.sh does not need it; the
// seeds are committed, this regenerates them when the wire format changes).
#include "core/process/codec.h"

#include <cstdio>
#include <string>
#include <vector>

using namespace poolscope;

namespace {

void write(const std::string& dir, const std::string& name, const Bytes& frame)
{
    const std::string path = dir + "/" + name;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
        std::perror(path.c_str());
        std::exit(1);
    }
    std::fwrite(frame.data() + kFrameHeader, 1, frame.size() - kFrameHeader, f);
    std::fclose(f);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: makecodecseeds DIR\n");
        return 2;
    }
    const std::string dir = argv[1];
    CallItem call;
    call.workId = 7;
    call.fn = FunctionRef::named("workload");
    call.args = {std::any(std::string(R"({"name":"noop"})")), std::any(std::int64_t{3})};
    write(dir, "call-workload", encodeCall(call, nullptr));
    CallItem listCall;
    listCall.workId = 1 << 20;
    listCall.fn = FunctionRef::named("square");
    listCall.args = {
        std::any(std::vector<std::any>{std::any(std::int64_t{1}), std::any(2.5), std::any(true)})};
    write(dir, "call-list", encodeCall(listCall, nullptr));
    write(dir, "sentinel", encodeSentinel());
    ResultItem ok;
    ok.workId = 7;
    ok.result = std::any(std::string("result bytes"));
    write(dir, "result-ok", encodeResult(ok, nullptr));
    ResultItem err;
    err.workId = 8;
    err.exception = RemoteError{"ValueError", "bad n", "Traceback (most recent call last):\n  ...\n"};
    err.exitPid = 4242;
    write(dir, "result-error", encodeResult(err, nullptr));
    write(dir, "pid", encodePid(4242));
    write(dir, "value-double", encodeValue(std::any(-0.125)));
    return 0;
}
