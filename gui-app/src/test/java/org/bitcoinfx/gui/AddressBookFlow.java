package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.RpcChecks.expect;
import static org.bitcoinfx.gui.RpcChecks.get;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bitcoinfx.gui.wallet.AddressBookEntry;
import org.bitcoinfx.gui.wallet.AddressBookService;
import org.bitcoinfx.gui.wallet.AddressType;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.WalletService;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;

/**
 * The address book RPCs the Wallet page uses ({@link AddressBookService}: {@code listlabels},
 * {@code getaddressesbylabel}, {@code setlabel}) with their refusals, in the node's codes and words: an own
 * address labelled at {@code getnewaddress} is {@code receive}, another wallet's labelled by {@code setlabel} is a
 * contact ({@code send}); relabelling; the label {@code *}, a malformed address, an unknown label and an unknown
 * purpose refused; an empty label takes an address out of the book. Run against FakeNode
 * ({@link FakeNodeAddressBookTest}) and a real node ({@link RealNodeAddressBookTest}).
 */
final class AddressBookFlow {
    private AddressBookFlow() {
    }

    static void run(NodeClient client) throws Exception {
        // the node answers RPCs only once its init is done (a real node may still be in warm-up, -28)
        client.rpc().awaitWarmup(java.time.Duration.ofSeconds(120)).get(150, TimeUnit.SECONDS);
        WalletService ws = new WalletService(client);
        AddressBookService book = new AddressBookService(client);
        RpcClient rpc = client.rpc();
        get(ws.createWallet("book", Passphrase.none()));
        get(ws.createWallet("other", Passphrase.none()));
        String own = get(ws.newAddress("book", "Alice shop", AddressType.BECH32));
        String foreign = get(ws.newAddress("other", "", AddressType.BECH32M));
        get(book.setLabel("book", foreign, "Bob"));
        assertEquals(Set.of(new AddressBookEntry(own, "Alice shop", "receive"), new AddressBookEntry(foreign, "Bob", "send")),
                new HashSet<>(get(book.entries("book"))));
        assertEquals(List.of("Alice shop", "Bob"), strings(get(rpc.callWallet("book", "listlabels"))));
        assertEquals(List.of("Bob"), strings(get(rpc.callWallet("book", "listlabels", "send"))));
        assertEquals(List.of("Alice shop"), strings(get(rpc.callWallet("book", "listlabels", "receive"))));
        expect(rpc.callWallet("book", "listlabels", "spend"), -8,
                "Invalid 'purpose' argument, must be a known purpose string, typically 'send', or 'receive'.");
        expect(rpc.callWallet("book", "getaddressesbylabel", "nobody"), -11, "No addresses with label nobody");
        expect(book.setLabel("book", foreign, "*"), -11, "Invalid label name");
        expect(book.setLabel("book", "notanaddress", "x"), -5, "Invalid Bitcoin address");

        get(book.setLabel("book", foreign, "Bob B."));
        get(book.setLabel("book", own, "Alice's shop"));
        assertEquals(Set.of(new AddressBookEntry(own, "Alice's shop", "receive"), new AddressBookEntry(foreign, "Bob B.", "send")),
                new HashSet<>(get(book.entries("book"))));
        get(book.setLabel("book", foreign, ""));
        assertEquals(List.of(new AddressBookEntry(own, "Alice's shop", "receive")), get(book.entries("book")), "no label: out of the book");
        assertEquals(List.of("", "Alice's shop"), strings(get(rpc.callWallet("book", "listlabels"))), "the empty label is a label to the node");
    }

    private static List<String> strings(com.fasterxml.jackson.databind.JsonNode a) {
        List<String> r = new ArrayList<>();
        a.forEach(n -> r.add(n.asText()));
        return r;
    }
}
