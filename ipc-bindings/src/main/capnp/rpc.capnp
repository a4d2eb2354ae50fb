# Bitcoin Core src/ipc/capnp/rpc.capnp (master 58a7869f86): same file ID, names and ordinals.
@0x9c3505dc45e146ac;

using Common = import "common.capnp";
using Proxy = import "/mp/proxy.capnp";

# Any JSON-RPC request, carried over IPC. request is JSON-RPC text, uri "/" or
# "/wallet/<url-encoded name>", user feeds -rpcwhitelist only; result is the reply JSON.
interface Rpc {
    executeRpc @0 (context :Proxy.Context, request :Text, uri :Text, user :Text) -> (result :Text);
}
