# Bitcoin Core src/ipc/capnp/common.capnp (master 58a7869f86): same file ID, names and ordinals.
@0xcd2c6232cb484a28;

# A block: hash is 32 bytes in internal byte order (the reverse of RPC hex).
struct BlockRef {
    hash @0 :Data;
    height @1 :Int32;
}
