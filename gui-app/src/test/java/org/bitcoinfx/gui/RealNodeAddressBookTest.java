package org.bitcoinfx.gui;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AddressBookFlow} against a real regtest bitcoin-node over IPC: the shapes, codes and words of {@code listlabels},
 * {@code getaddressesbylabel} and {@code setlabel} that {@link FakeNodeAddressBookTest} expects of the fake. Runs only
 * with {@code BITCOIN_NODE} set.
 */
class RealNodeAddressBookTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void labelsContactsRefusals() throws Exception {
        RealRegtestNode.run(tmp, "the address book RPCs", (client, datadir) -> AddressBookFlow.run(client));
    }
}
