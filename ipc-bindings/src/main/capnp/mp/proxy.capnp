# libmultiprocess's proxy schema (Bitcoin Core src/ipc/libmultiprocess/include/mp/proxy.capnp),
# as Bitcoin FX speaks it: same file ID, names, nesting and ordinals. The C++ code-generation
# annotations are declared so that the names exist, but carry no meaning for Java.
@0xcc316e3f71a040fb;

annotation include(file): Text;
annotation includeTypes(file): Text;
annotation wrap(interface, struct): Text;
annotation count(param, struct, interface): Int32;
annotation exception(param): Text;
annotation name(field, method): Text;
annotation skip(field): Void;

# Hands out server threads. Each makeThread spawns one OS thread on the node, joined when the
# Thread capability is released.
interface ThreadMap {
    makeThread @0 (name :Text) -> (result :Thread);
    makePool @1 (count :UInt32) -> ();
}

# A server thread; calls whose Context names it run on it, one at a time, in FIFO order.
interface Thread {
    getName @0 () -> (result :Text);
}

# Passed as the first parameter of every method that runs on a server thread.
struct Context {
    thread @0 :Thread;
    callbackThread @1 :Thread;
}
