// Reference C++ client for org.bitcoinfx.ipc.bench.IpcBenchmark: the same measurements
// (sequential echo round trips, 64 pipelined echoes in flight, executeRpc(getblockcount); given a
// block hash, getBlock of a template and executeRpc(getblock <hash> 0)) made by a
// plain Cap'n Proto C++ client (EzRpcClient, construct(null), one makeThread), so that both can be
// run back to back against one running node under the same machine load. Build and run with
// ./reference-bench.sh SOCKET (needs g++ and Debian's libcapnp-dev). Not part of the Maven build.
#include <capnp/ez-rpc.h>
#include <kj/debug.h>
#include <algorithm>
#include <cmath>
#include <functional>
#include <chrono>
#include <cstdio>
#include <vector>
#include "init.capnp.h"
#include "echo.capnp.h"
#include "rpc.capnp.h"
#include "mining.capnp.h"
#include <string>
#include "mp/proxy.capnp.h"

static double pct(std::vector<long>& v, int p) {
  size_t i = (size_t)std::max(0.0, std::ceil(p / 100.0 * v.size()) - 1);
  return v[std::min(i, v.size() - 1)];
}
static long now() { return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

int main(int argc, char** argv) {
  if (argc < 2) { fprintf(stderr, "usage: reference-bench SOCKET [warmup [BLOCKHASH]]\n"); return 2; }
  int warm = argc > 2 ? atoi(argv[2]) : 1000;
  capnp::EzRpcClient client(kj::str("unix:", argv[1]));
  auto& ws = client.getWaitScope();
  Init::Client init = client.getMain<Init>();
  auto tm = init.constructRequest().send().wait(ws).getThreadMap();
  auto mt = tm.makeThreadRequest(); mt.setName("cppbench");
  auto thread = mt.send().wait(ws).getResult();
  auto me = init.makeEchoRequest(); me.initContext().setThread(thread);
  auto echo = me.send().wait(ws).getResult();
  auto mr = init.makeRpcRequest(); mr.initContext().setThread(thread);
  auto rpc = mr.send().wait(ws).getResult();
  auto doEcho = [&](const char* text) {
    auto r = echo.echoRequest(); r.initContext().setThread(thread); r.setEcho(text);
    return r.send();
  };
  auto doRpc = [&]() {
    auto r = rpc.executeRpcRequest(); r.initContext().setThread(thread);
    r.setRequest("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblockcount\",\"params\":[]}"); r.setUri("/"); r.setUser("");
    return r.send();
  };
  for (int i = 0; i < warm; i++) doEcho("warm-up").wait(ws);
  for (int i = 0; i < 200; i++) doRpc().wait(ws);
  const int N = 10000;
  std::vector<long> t(N);
  for (int i = 0; i < N; i++) { long t0 = now(); auto r = doEcho("bench").wait(ws); t[i] = now() - t0; KJ_ASSERT(r.getResult() == "bench"); }
  std::sort(t.begin(), t.end());
  printf("C++ echo round trip (%d sequential calls): p50 %.0f us, p99 %.0f us, max %.0f us\n", N, pct(t, 50) / 1e3, pct(t, 99) / 1e3, t[N - 1] / 1e3);
  // pipelined: 64 in flight, each completion sends the next; warm-up rounds, then measured rounds and
  // their median, as IpcBenchmark does
  const int P = 10000, F = 64, WARM_ROUNDS = 5, ROUNDS = 5;
  struct H : kj::TaskSet::ErrorHandler { void taskFailed(kj::Exception&& e) override { KJ_LOG(ERROR, e); abort(); } } handler;
  auto pipelined = [&]() {
    int sent = 0, done = 0;
    kj::TaskSet tasks(handler);
    auto paf = kj::newPromiseAndFulfiller<void>();
    std::function<void()> sendOne = [&]() {
      sent++;
      tasks.add(doEcho("p").then([&](auto&&) { done++; if (sent < P) sendOne(); else if (done == P) paf.fulfiller->fulfill(); }));
    };
    long p0 = now();
    for (int i = 0; i < F; i++) sendOne();
    paf.promise.wait(ws);
    return P / ((now() - p0) / 1e9);
  };
  printf("  C++ pipelined echo warm-up:");
  for (int i = 0; i < WARM_ROUNDS; i++) printf("%s %.0f", i ? "," : "", pipelined());
  printf(" calls/s\n");
  std::vector<double> pr;
  for (int i = 0; i < ROUNDS; i++) { pr.push_back(pipelined()); printf("  C++ pipelined echo round %d: %.0f calls/s\n", i + 1, pr.back()); }
  std::sort(pr.begin(), pr.end());
  printf("C++ pipelined echo (%d in flight, %d calls a round): median %.0f calls/s (min %.0f, max %.0f)\n", F, P, pr[ROUNDS / 2], pr[0], pr[ROUNDS - 1]);
  const int R = 2000;
  std::vector<long> rt(R);
  for (int i = 0; i < R; i++) { long t0 = now(); doRpc().wait(ws); rt[i] = now() - t0; }
  std::sort(rt.begin(), rt.end());
  printf("C++ executeRpc(getblockcount) (%d calls): p50 %.0f us, p99 %.0f us\n", R, pct(rt, 50) / 1e3, pct(rt, 99) / 1e3);
  if (argc > 3) {
    // Big messages (IpcBenchmark.bigMessages): getBlock of a template of the node's mempool, and
    // executeRpc(getblock <hash> 0) of block <hash>; each result copied out of the message once, as
    // the Java client's byte[] and String are. 10 warm-up calls, then B timed.
    const int B = 20, W = 10;
    auto mm = init.makeMiningRequest(); mm.initContext().setThread(thread);
    auto mining = mm.send().wait(ws).getResult();
    auto cnb = mining.createNewBlockRequest(); cnb.initContext().setThread(thread); cnb.initOptions(); cnb.setCooldown(false);
    auto tmpl = cnb.send().wait(ws).getResult();
    auto timed = [&](const char* name, std::function<size_t()> call) {
      std::vector<long> v;
      size_t bytes = 0;
      for (int i = 0; i < W + B; i++) { long t0 = now(); bytes = call(); if (i >= W) v.push_back(now() - t0); }
      std::sort(v.begin(), v.end());
      printf("%s (%d calls, %zu bytes): p50 %.1f ms, min %.1f ms, max %.1f ms\n", name, B, bytes, pct(v, 50) / 1e6, v[0] / 1e6, v[B - 1] / 1e6);
    };
    timed("C++ getBlock", [&]() {
      auto r = tmpl.getBlockRequest(); r.initContext().setThread(thread);
      auto res = r.send().wait(ws);
      auto d = res.getResult();
      std::vector<unsigned char> block(d.begin(), d.end());
      return block.size();
    });
    std::string req = std::string("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblock\",\"params\":[\"") + argv[3] + "\",0]}";
    timed("C++ executeRpc(getblock <hash> 0)", [&]() {
      auto r = rpc.executeRpcRequest(); r.initContext().setThread(thread);
      r.setRequest(req.c_str()); r.setUri("/"); r.setUser("");
      auto res = r.send().wait(ws);
      std::string reply(res.getResult().cStr(), res.getResult().size());
      return reply.size();
    });
  }
  return 0;
}
