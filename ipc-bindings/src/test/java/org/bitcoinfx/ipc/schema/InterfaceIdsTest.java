package org.bitcoinfx.ipc.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bitcoinfx.ipc.rpc.schema.CapnpRpc;
import org.junit.jupiter.api.Test;

/** IDs, ordinals and constants of the generated bindings versus docs/IPC.md §4 (the surface) and the schemas. */
class InterfaceIdsTest {
    @Test
    void interfaceIds() {
        assertEquals(0x8838c700ba5cba65L, InitCapnp.Init.TYPE_ID);
        assertEquals(0xf9c68436df3af39eL, MiningCapnp.Mining.TYPE_ID);
        assertEquals(0xf9671ad841b2f622L, MiningCapnp.BlockTemplate.TYPE_ID);
        assertEquals(0xacb1d37f0a713129L, RpcCapnp.Rpc.TYPE_ID);
        assertEquals(0xd36b89640dc94399L, EchoCapnp.Echo.TYPE_ID);
        assertEquals(0xee5e37179ad9dc9dL, ProxyCapnp.ThreadMap.TYPE_ID);
        assertEquals(0x81c1e2600d0b56c5L, ProxyCapnp.Thread.TYPE_ID);
    }

    /**
     * The names bitcoin-node (master 58a7869f86) gives its interfaces in UNIMPLEMENTED replies
     * ({@code interfaceName = …}), read off a running node by calling ordinal 77 of each: the
     * schema files' paths in its build ({@code src/ipc/capnp/…}, libmultiprocess's {@code include/mp/…}).
     */
    @Test
    void displayNamesAreTheNodes() {
        assertEquals("capnp/init.capnp:Init", InitCapnp.Init.DISPLAY_NAME);
        assertEquals("capnp/echo.capnp:Echo", EchoCapnp.Echo.DISPLAY_NAME);
        assertEquals("capnp/mining.capnp:Mining", MiningCapnp.Mining.DISPLAY_NAME);
        assertEquals("capnp/mining.capnp:BlockTemplate", MiningCapnp.BlockTemplate.DISPLAY_NAME);
        assertEquals("capnp/rpc.capnp:Rpc", RpcCapnp.Rpc.DISPLAY_NAME);
        assertEquals("include/mp/proxy.capnp:ThreadMap", ProxyCapnp.ThreadMap.DISPLAY_NAME);
        assertEquals("include/mp/proxy.capnp:Thread", ProxyCapnp.Thread.DISPLAY_NAME);
    }

    @Test
    void fileIds() {
        assertEquals(0xf2c5cfa319406aa6L, InitCapnp.FILE_ID);
        assertEquals(0x888b4f7f51e691f7L, EchoCapnp.FILE_ID);
        assertEquals(0xc77d03df6a41b505L, MiningCapnp.FILE_ID);
        assertEquals(0x9c3505dc45e146acL, RpcCapnp.FILE_ID);
        assertEquals(0xcd2c6232cb484a28L, CommonCapnp.FILE_ID);
        assertEquals(0xcc316e3f71a040fbL, ProxyCapnp.FILE_ID);
        // Cap'n Proto's own rpc.capnp (its @0xb312981b2552a250 header).
        assertEquals(0xb312981b2552a250L, CapnpRpc.FILE_ID);
    }

    @Test
    void structIdsAndLayouts() {
        assertEquals(0x9c44e6645d0b22c6L, ProxyCapnp.Context.TYPE_ID);
        assertEquals(0xb3be4b8949350369L, CommonCapnp.BlockRef.TYPE_ID);
        assertEquals(0x80fca083ef81a559L, MiningCapnp.BlockCreateOptions.TYPE_ID);
        assertEquals(0x9ba437d9de0c452eL, MiningCapnp.BlockWaitOptions.TYPE_ID);
        assertEquals(0x89f3f39b6c9dd162L, MiningCapnp.BlockCheckOptions.TYPE_ID);
        assertEquals(0xdc399c6d34ae7e69L, MiningCapnp.CoinbaseTx.TYPE_ID);
        // (data words, pointers) from the spec's struct table
        assertSize(0, 2, ProxyCapnp.Context.STRUCT_SIZE);
        assertSize(1, 1, CommonCapnp.BlockRef.STRUCT_SIZE);
        assertSize(3, 0, MiningCapnp.BlockCreateOptions.STRUCT_SIZE);
        assertSize(2, 0, MiningCapnp.BlockWaitOptions.STRUCT_SIZE);
        assertSize(1, 0, MiningCapnp.BlockCheckOptions.STRUCT_SIZE);
        assertSize(3, 3, MiningCapnp.CoinbaseTx.STRUCT_SIZE);
        // a few params/results layouts from the spec's method table
        assertSize(0, 2, EchoCapnp.Echo.EchoParams.STRUCT_SIZE);
        assertSize(1, 2, MiningCapnp.Mining.WaitTipChangedParams.STRUCT_SIZE);
        assertSize(1, 1, MiningCapnp.Mining.GetTipResults.STRUCT_SIZE);
        assertSize(2, 2, MiningCapnp.BlockTemplate.SubmitSolutionParams.STRUCT_SIZE);
        assertSize(0, 4, RpcCapnp.Rpc.ExecuteRpcParams.STRUCT_SIZE);
        assertSize(1, 0, ProxyCapnp.ThreadMap.MakePoolParams.STRUCT_SIZE);
        assertSize(0, 0, InitCapnp.Init.MakeMiningOld2Params.STRUCT_SIZE);
    }

    private static void assertSize(int data, int pointers, org.capnproto.StructSize size) {
        assertEquals(data, size.data, "data words");
        assertEquals(pointers, size.pointers, "pointers");
    }

    @Test
    void methodOrdinals() {
        assertEquals(0, InitCapnp.Init.METHOD_CONSTRUCT);
        assertEquals(1, InitCapnp.Init.METHOD_MAKE_ECHO);
        assertEquals(2, InitCapnp.Init.METHOD_MAKE_MINING_OLD2);
        assertEquals(3, InitCapnp.Init.METHOD_MAKE_MINING);
        assertEquals(4, InitCapnp.Init.METHOD_MAKE_RPC);
        assertEquals(7, MiningCapnp.BlockTemplate.METHOD_SUBMIT_SOLUTION_OLD7);
        assertEquals(8, MiningCapnp.BlockTemplate.METHOD_WAIT_NEXT);
        assertEquals(9, MiningCapnp.BlockTemplate.METHOD_INTERRUPT_WAIT);
        assertEquals(10, MiningCapnp.BlockTemplate.METHOD_SUBMIT_SOLUTION);
        assertEquals(3, MiningCapnp.Mining.METHOD_WAIT_TIP_CHANGED);
        assertEquals(6, MiningCapnp.Mining.METHOD_INTERRUPT);
        assertEquals(0, RpcCapnp.Rpc.METHOD_EXECUTE_RPC);
        assertEquals(1, EchoCapnp.Echo.METHOD_ECHO);
        assertEquals(1, ProxyCapnp.ThreadMap.METHOD_MAKE_POOL);
        assertEquals(0, ProxyCapnp.Thread.METHOD_GET_NAME);
        assertEquals("submitSolution", MiningCapnp.BlockTemplate.methodName(10));
        assertEquals("waitNext", MiningCapnp.BlockTemplate.methodName(8));
        assertEquals("@11", MiningCapnp.BlockTemplate.methodName(11));
    }

    @Test
    void constants() {
        assertEquals(2100000000000000L, MiningCapnp.maxMoney);
        assertEquals(0x7FEFFFFFFFFFFFFFL, Double.doubleToRawLongBits(MiningCapnp.maxDouble));
        assertEquals(Double.MAX_VALUE, MiningCapnp.maxDouble);
    }

    @Test
    void defaultsOfEmptyStructs() {
        // spec section 7: an all-zero data section reads as the defaults
        org.capnproto.MessageBuilder m = new org.capnproto.MessageBuilder();
        MiningCapnp.BlockWaitOptions.Reader w = m.initRoot(MiningCapnp.BlockWaitOptions.factory).asReader();
        assertEquals(Double.MAX_VALUE, w.getTimeout());
        assertEquals(2100000000000000L, w.getFeeThreshold());
        MiningCapnp.BlockCreateOptions.Reader c = m.initRoot(MiningCapnp.BlockCreateOptions.factory).asReader();
        assertEquals(true, c.getUseMempool());
        assertEquals(8000L, c.getBlockReservedWeight());
        assertEquals(400L, c.getCoinbaseOutputMaxAdditionalSigops());
        MiningCapnp.BlockCheckOptions.Reader k = m.initRoot(MiningCapnp.BlockCheckOptions.factory).asReader();
        assertEquals(true, k.getCheckMerkleRoot());
        assertEquals(true, k.getCheckPow());
        assertEquals(true, m.initRoot(MiningCapnp.Mining.CreateNewBlockParams.factory).asReader().getCooldown());
        assertEquals(Double.MAX_VALUE, m.initRoot(MiningCapnp.Mining.WaitTipChangedParams.factory).asReader().getTimeout());
    }
}
