package org.bitcoinfx.gui.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;

/**
 * A wallet's address book through {@code Rpc.executeRpc} on {@code /wallet/<name>} (Bitcoin Core
 * {@code src/wallet/rpc/addresses.cpp}: {@code listlabels}, {@code getaddressesbylabel}, {@code setlabel}).
 * Futures fail with {@link org.bitcoinfx.ipc.JsonRpcException} carrying the node's code and words.
 */
public final class AddressBookService {
    private final NodeClient client;

    /** @param client the connected node */
    public AddressBookService(NodeClient client) {
        this.client = client;
    }

    /** @return the connection's one AddressBookService */
    public static AddressBookService of(ConnectionScope scope) {
        return scope.service(AddressBookService.class, s -> new AddressBookService(s.client()));
    }

    private RpcClient rpc() {
        return client.rpc(ServerThread.WALLET);
    }

    /**
     * {@code listlabels}, then {@code getaddressesbylabel} of each label but the empty one.
     *
     * @return the labelled addresses, by label (the node's order), then by address within a label
     */
    public CompletableFuture<List<AddressBookEntry>> entries(String wallet) {
        return rpc().callWallet(wallet, "listlabels").thenCompose(labels -> {
            List<CompletableFuture<List<AddressBookEntry>>> each = new ArrayList<>();
            for (JsonNode l : labels) {
                String label = l.asText();
                if (!label.isEmpty()) {
                    each.add(rpc().callWallet(wallet, "getaddressesbylabel", label).thenApply(r -> {
                        List<AddressBookEntry> e = new ArrayList<>();
                        r.fields().forEachRemaining(f -> e.add(new AddressBookEntry(f.getKey(), label, f.getValue().path("purpose").asText("unknown"))));
                        e.sort(java.util.Comparator.comparing(AddressBookEntry::address));
                        return e;
                    }));
                }
            }
            return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> {
                List<AddressBookEntry> all = new ArrayList<>();
                each.forEach(f -> all.addAll(f.join()));
                return all;
            });
        });
    }

    /**
     * {@code setlabel address label}: the wallet's own address keeps purpose {@code receive}, any other becomes a
     * contact ({@code send}).
     *
     * @return fails with -5 "Invalid Bitcoin address", -11 "Invalid label name" (the label {@code *})
     */
    public CompletableFuture<Void> setLabel(String wallet, String address, String label) {
        return rpc().callWallet(wallet, "setlabel", address, label).thenApply(r -> null);
    }
}
