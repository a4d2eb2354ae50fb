package org.bitcoinfx.gui.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link PeerAddress}: setban's host of a peer, addnode's address check, custom ban times; {@code listbanned} parsing. */
class PeerAddressTest {
    @Test
    void hostOfAPeersAddr() {
        assertEquals("127.0.0.1", PeerAddress.host("127.0.0.1:18444"));
        assertEquals("2001:db8::17", PeerAddress.host("[2001:db8::17]:18444"));
        assertEquals("vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd.onion",
                PeerAddress.host("vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd.onion:18444"));
        assertEquals("192.0.2.1", PeerAddress.host("192.0.2.1"));
        assertEquals("2001:db8::1", PeerAddress.host("2001:db8::1"));
    }

    @Test
    void addNodeAddressesAreCheckedBeforeAnyCall() {
        for (String ok : new String[] {"192.0.2.1", "192.0.2.1:8333", "[2001:db8::1]:8333", "[2001:db8::1]", "2001:db8::1",
            "node.example.org:18444", "vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd.onion:8333", " 127.0.0.1:18444 "}) {
            assertTrue(PeerAddress.addNodeProblem(ok).isEmpty(), ok);
        }
        assertEquals("Type an address, e.g. 192.0.2.1:8333.", PeerAddress.addNodeProblem("  ").orElseThrow());
        assertEquals("An address has no spaces.", PeerAddress.addNodeProblem("1.2.3.4 :8333").orElseThrow());
        assertEquals("The port must be a number from 1 to 65535, not \"99999\".", PeerAddress.addNodeProblem("1.2.3.4:99999").orElseThrow());
        assertEquals("The port must be a number from 1 to 65535, not \"\".", PeerAddress.addNodeProblem("1.2.3.4:").orElseThrow());
        assertEquals("The port must be a number from 1 to 65535, not \"0\".", PeerAddress.addNodeProblem("[::1]:0").orElseThrow());
        assertEquals("An IPv6 address in [ ] needs its closing ].", PeerAddress.addNodeProblem("[::1").orElseThrow());
        assertEquals("\"bad_host!\" is not a host name or IP address.", PeerAddress.addNodeProblem("bad_host!:8333").orElseThrow());
    }

    @Test
    void customBanTimes() {
        assertEquals(OptionalLong.of(36 * 3600), PeerAddress.banSeconds("36h"));
        assertEquals(OptionalLong.of(3 * 86_400), PeerAddress.banSeconds("3d"));
        assertEquals(OptionalLong.of(3 * 86_400), PeerAddress.banSeconds(" 3 days "));
        assertEquals(OptionalLong.of(2 * 7 * 86_400), PeerAddress.banSeconds("2w"));
        assertEquals(OptionalLong.of(90 * 60), PeerAddress.banSeconds("90m"));
        for (String bad : new String[] {"", "0h", "-1d", "1.5h", "forever", "3", "3650d1", "3651d", null}) {
            assertTrue(PeerAddress.banSeconds(bad).isEmpty(), String.valueOf(bad));
        }
        assertEquals("24 hours", PeerAddress.banLength(86_400));
        assertEquals("1 week", PeerAddress.banLength(7 * 86_400));
        assertEquals("3 days", PeerAddress.banLength(3 * 86_400));
        assertEquals("36 hours", PeerAddress.banLength(36 * 3600));
        assertEquals("90 minutes", PeerAddress.banLength(5400));
    }

    @Test
    void listbanned() throws Exception {
        var b = BanEntry.parseAll(new ObjectMapper().readTree("""
                [{"address":"127.0.0.1/32","ban_created":1735690000,"banned_until":1735776400,"ban_duration":86400,"time_remaining":86399}]
                """));
        assertEquals(new BanEntry("127.0.0.1/32", 1735690000L, 1735776400L, 86400), b.get(0));
    }
}
