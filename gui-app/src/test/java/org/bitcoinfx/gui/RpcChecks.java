package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.ipc.JsonRpcException;

/** Test support for the flows run against FakeNode and a real node: a result within a generous bound, a refusal in the node's words. */
final class RpcChecks {
    /** The upper bound of one call, seconds (a loaded machine; never a pace). */
    static final long WAIT_S = 120;

    private RpcChecks() {
    }

    /** @return the future's value (failing the test on its failure or after {@value #WAIT_S} s) */
    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT_S, TimeUnit.SECONDS);
    }

    /** @return the node's refusal the future failed with; fails the test if it succeeded or failed otherwise */
    static JsonRpcException refusal(CompletableFuture<?> f) throws Exception {
        try {
            f.get(WAIT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JsonRpcException j) {
                return j;
            }
            throw e;
        }
        return fail("expected the node's refusal");
    }

    /** Asserts the future fails with the node's {@code code} and exactly {@code message}. */
    static void expect(CompletableFuture<?> f, int code, String message) throws Exception {
        JsonRpcException j = refusal(f);
        assertEquals(code + " " + message, j.code() + " " + j.rpcMessage());
    }
}
