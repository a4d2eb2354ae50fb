package org.bitcoinfx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkOptionsTest {
    @Test
    void valuesBitcoinCoreRefusesAreRefusedWithTheReason() {
        assertEquals("-dbcache=3 is below Bitcoin Core's minimum of 4 MiB", assertThrows(IllegalArgumentException.class,
                () -> new NetworkOptions(null, null, null, null, null, null, false, 3, null)).getMessage());
        assertEquals("-maxmempool=4 is below Bitcoin Core's minimum of 5 MB", assertThrows(IllegalArgumentException.class,
                () -> new NetworkOptions(null, null, null, null, null, null, false, null, 4)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NetworkOptions(null, null, null, null, 0, null, false, null, null));
        assertThrows(IllegalArgumentException.class, () -> new NetworkOptions(null, null, null, null, null, -1, false, null, null));
        assertThrows(IllegalArgumentException.class, () -> new NetworkOptions("host:99999", null, null, null, null, null, false, null, null));
        assertThrows(IllegalArgumentException.class, () -> new NetworkOptions(null, "a b", null, null, null, null, false, null, null));
        assertThrows(IllegalArgumentException.class, () -> new NetworkOptions("unix:relative", null, null, null, null, null, false, null, null));
        assertThrows(IllegalArgumentException.class, () -> new NetworkOptions(null, null, false, true, null, null, false, null, null));
        for (String ok : List.of("127.0.0.1:9050", "localhost", "[::1]:9050", "tor.example.org:9050", "unix:/run/tor/socks")) {
            NetworkOptions.checkHostPort("-proxy", ok);
        }
    }

    @Test
    void argumentsAndTheirPlaceOnTheCommandLine() {
        NetworkOptions n = new NetworkOptions("127.0.0.1:9050", " ", true, null, 18444, 12, true, 450, 50);
        assertEquals(List.of("-proxy=127.0.0.1:9050", "-listen=1", "-port=18444", "-maxconnections=12", "-blocksonly=1", "-dbcache=450",
                "-maxmempool=50"), n.args());
        NodeConfig c = NodeConfig.of(Path.of("/d"), Chain.REGTEST).withNetwork(n);
        List<String> cmd = c.commandLine(Path.of("/n"), Path.of("/s"));
        assertEquals(false, cmd.contains("-listenonion=0"), "the user set -listen: the node decides about Tor as Bitcoin Core does");
        assertThrows(IllegalArgumentException.class, () -> c.withExtraArgs(List.of("-dbcache=100")), "one value in one place");
        assertThrows(IllegalArgumentException.class, () -> c.withExtraArgs(List.of("-noblocksonly")));
        assertEquals(List.of(), NetworkOptions.DEFAULTS.args());
    }
}
