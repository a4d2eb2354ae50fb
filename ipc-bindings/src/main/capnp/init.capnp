# Bitcoin Core src/ipc/capnp/init.capnp (master 58a7869f86): same file ID, names and ordinals.
@0xf2c5cfa319406aa6;

using Proxy = import "/mp/proxy.capnp";
using Echo = import "echo.capnp";
using Mining = import "mining.capnp";
using Rpc = import "rpc.capnp";

# The bootstrap capability a bitcoin-node serves on its -ipcbind socket.
interface Init {
    construct @0 (threadMap :Proxy.ThreadMap) -> (threadMap :Proxy.ThreadMap);
    makeEcho @1 (context :Proxy.Context) -> (result :Echo.Echo);
    makeMining @3 (context :Proxy.Context) -> (result :Mining.Mining);
    makeRpc @4 (context :Proxy.Context) -> (result :Rpc.Rpc);

    # DEPRECATED: no longer supported; the server returns an error.
    makeMiningOld2 @2 () -> ();
}
