package org.bitcoinfx.node.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The waits of a released Mining or BlockTemplate object run to their end, as the node keeps a
 * server object until the calls on it return: also a wait that registers after the release (the
 * call was executing, its wait not yet begun; a stress run found the check's disconnect row waiting
 * for a block the fake no longer heard).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FakeWaitsTest {
    @TempDir
    Path tmp;

    @Test
    void aWaitThatBeginsAfterTheReleaseStillWakesOnTheNextBlock() throws Exception {
        try (FakeNode node = FakeNode.start(FakeNodeOptions.parse(new String[] {"-regtest", "-datadir=" + tmp, "-ipcbind=unix",
                "-printtoconsole=0", "-fakeblocks=3"}))) {
            FakeMiningServer.Waits waits = new FakeMiningServer.Waits(node.state());
            waits.release(); // no wait pending: it stops listening
            byte[] tip = node.state().chain().tip().hash();
            CompletableFuture<Optional<FakeChain.Entry>> late = waits.tipChanged(tip, 60_000);
            assertFalse(late.isDone());
            node.generate(1);
            Optional<FakeChain.Entry> woke = late.get(10, TimeUnit.SECONDS);
            assertTrue(woke.isPresent());
            assertEquals(4, woke.get().height());
        }
    }
}
