package org.bitcoinfx.gui.wallet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The payment request history: saved requests survive a file that cannot be read. */
class RequestStoreTest {
    private static final long WAIT = 30;

    @TempDir
    Path dir;

    private static PaymentRequest request(String wallet, String address) {
        return new PaymentRequest(1_700_000_000L, wallet, address, "bech32", "", -1, "");
    }

    @Test
    void requestsRoundTripNewestFirst() throws Exception {
        Path f = dir.resolve("payment-requests.json");
        RequestStore s = new RequestStore(f);
        s.add(request("w", "bcrt1qa")).get(WAIT, TimeUnit.SECONDS);
        s.add(request("w", "bcrt1qb")).get(WAIT, TimeUnit.SECONDS);
        s.add(request("other", "bcrt1qc")).get(WAIT, TimeUnit.SECONDS);
        List<PaymentRequest> back = new RequestStore(f).forWallet("w").get(WAIT, TimeUnit.SECONDS);
        assertEquals(List.of("bcrt1qb", "bcrt1qa"), back.stream().map(PaymentRequest::address).toList());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temporary file left");
        }
    }

    /** Before: the store marked itself loaded before reading, so the next add() wrote one request over every saved one. */
    @Test
    void aFileThatCannotBeReadIsKeptNotOverwritten() throws Exception {
        Path f = dir.resolve("payment-requests.json");
        RequestStore first = new RequestStore(f);
        first.add(request("w", "bcrt1qsaved1")).get(WAIT, TimeUnit.SECONDS);
        first.add(request("w", "bcrt1qsaved2")).get(WAIT, TimeUnit.SECONDS);
        // damage it: cut short in the middle, as a crash of another writer or an edit would
        byte[] whole = Files.readAllBytes(f);
        byte[] damaged = java.util.Arrays.copyOf(whole, whole.length / 2);
        Files.write(f, damaged);

        RequestStore s = new RequestStore(f);
        ExecutionException read = assertThrows(ExecutionException.class, () -> s.forWallet("w").get(WAIT, TimeUnit.SECONDS));
        Path kept = dir.resolve("payment-requests.json.corrupt");
        assertTrue(read.getCause().getMessage().contains("kept as " + kept), read.getCause().getMessage());
        assertArrayEquals(damaged, Files.readAllBytes(kept), "the damaged file is kept byte for byte");

        s.add(request("w", "bcrt1qnew")).get(WAIT, TimeUnit.SECONDS);
        assertArrayEquals(damaged, Files.readAllBytes(kept), "the copy is not touched by the next save");
        assertTrue(new String(Files.readAllBytes(kept), StandardCharsets.UTF_8).contains("bcrt1qsaved2"), "the saved requests are in the copy");
        assertEquals(List.of("bcrt1qnew"), new RequestStore(f).forWallet("w").get(WAIT, TimeUnit.SECONDS).stream().map(PaymentRequest::address).toList());
    }

    @Test
    void anAddThatFindsTheDamageFailsAndKeepsTheFile() throws Exception {
        Path f = dir.resolve("payment-requests.json");
        Files.writeString(f, "[{\"time\":1,\"wallet\":\"w\",\"address\":\"bcrt1qold\"");
        byte[] before = Files.readAllBytes(f);
        RequestStore s = new RequestStore(f);
        ExecutionException e = assertThrows(ExecutionException.class, () -> s.add(request("w", "bcrt1qnew")).get(WAIT, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("cannot read " + f), e.getCause().getMessage());
        assertArrayEquals(before, Files.readAllBytes(f), "not overwritten by the add that found the damage");
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("payment-requests.json.corrupt")));
        // an older copy is never replaced: a second damaged file gets the next name
        Files.writeString(f, "not json");
        RequestStore again = new RequestStore(f);
        assertThrows(ExecutionException.class, () -> again.forWallet("w").get(WAIT, TimeUnit.SECONDS));
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("payment-requests.json.corrupt")));
        assertEquals("not json", Files.readString(dir.resolve("payment-requests.json.corrupt.1")));
    }

    @Test
    void anEmptyFileIsKeptAndReported() throws Exception {
        Path f = dir.resolve("payment-requests.json");
        Files.write(f, new byte[0]);
        RequestStore s = new RequestStore(f);
        ExecutionException e = assertThrows(ExecutionException.class, () -> s.forWallet("w").get(WAIT, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains(".corrupt"), e.getCause().getMessage());
        assertTrue(Files.exists(dir.resolve("payment-requests.json.corrupt")));
    }
}
