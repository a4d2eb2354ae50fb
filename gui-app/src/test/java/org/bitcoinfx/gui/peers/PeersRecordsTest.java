package org.bitcoinfx.gui.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Parsing of {@code getpeerinfo} and {@code getnettotals} replies in Bitcoin Core's shapes (v31). */
class PeersRecordsTest {
    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void peerInfo() throws Exception {
        List<PeerInfo> peers = PeerInfo.parseAll(M.readTree("""
                [{"id":7,"addr":"203.0.113.7:8333","addrbind":"192.168.1.2:50312","network":"ipv4",
                  "services":"0000000000000c09","servicesnames":["NETWORK","WITNESS","NETWORK_LIMITED","P2P_V2"],
                  "relaytxes":true,"lastsend":1731000100,"lastrecv":1731000101,"last_transaction":0,"last_block":1730999000,
                  "bytessent":123456,"bytesrecv":7890123,"conntime":1730990000,"timeoffset":0,
                  "pingtime":0.0421,"minping":0.0312,"version":70016,"subver":"/Satoshi:31.0.0/","inbound":false,
                  "bip152_hb_to":false,"bip152_hb_from":false,"startingheight":870000,"presynced_headers":-1,
                  "synced_headers":870001,"synced_blocks":870001,"inflight":[],"addr_relay_enabled":true,
                  "addr_processed":12,"addr_rate_limited":0,"permissions":[],"minfeefilter":0.00001000,
                  "bytessent_per_msg":{},"bytesrecv_per_msg":{},"connection_type":"outbound-full-relay",
                  "transport_protocol_type":"v2","session_id":"ab12"},
                 {"id":9,"addr":"127.0.0.1:50000","network":"not_publicly_routable","servicesnames":[],
                  "bytessent":0,"bytesrecv":0,"conntime":1731000000,"subver":"","inbound":true,
                  "connection_type":"inbound","transport_protocol_type":"detecting"}]"""));
        assertEquals(2, peers.size());
        PeerInfo p = peers.get(0);
        assertEquals(7, p.id());
        assertEquals("203.0.113.7:8333", p.addr());
        assertEquals("ipv4", p.network());
        assertEquals("/Satoshi:31.0.0/", p.subver());
        assertFalse(p.inbound());
        assertEquals("outbound-full-relay", p.connectionType());
        assertEquals(0.0421, p.pingSeconds(), 1e-12);
        assertEquals(0.0312, p.minPingSeconds(), 1e-12);
        assertEquals(123456, p.bytesSent());
        assertEquals(7890123, p.bytesRecv());
        assertEquals(870001, p.syncedBlocks());
        assertEquals(OptionalInt.of(870001), p.syncedHeaders());
        assertEquals(OptionalInt.of(870000), p.startingHeight());
        assertEquals(1730990000L, p.conntime());
        assertEquals(OptionalInt.of(70016), p.version());
        assertEquals(List.of("NETWORK", "WITNESS", "NETWORK_LIMITED", "P2P_V2"), p.servicesNames());
        assertEquals("v2", p.transportProtocolType());
        assertEquals(1.0, p.minFeeFilterSatPerVb(), 1e-9, "0.00001 BTC/kvB = 1 sat/vB");

        PeerInfo in = peers.get(1);
        assertTrue(in.inbound());
        assertEquals(-1, in.pingSeconds(), "no ping yet");
        assertEquals(-1, in.minPingSeconds());
        assertEquals(-1, in.syncedBlocks());
        assertEquals(OptionalInt.empty(), in.startingHeight());
        assertEquals(-1, in.minFeeFilterSatPerVb());
    }

    @Test
    void netTotals() throws Exception {
        NetTotals t = NetTotals.parse(M.readTree("""
                {"totalbytesrecv":7890123,"totalbytessent":123456,"timemillis":1731000100123,
                 "uploadtarget":{"timeframe":86400,"target":0,"target_reached":false,"serve_historical_blocks":true,
                 "bytes_left_in_cycle":0,"time_left_in_cycle":0}}"""));
        assertEquals(1731000100123L, t.timeMillis());
        assertEquals(7890123, t.totalBytesRecv());
        assertEquals(123456, t.totalBytesSent());
    }
}
