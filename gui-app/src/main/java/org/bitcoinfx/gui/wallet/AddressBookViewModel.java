package org.bitcoinfx.gui.wallet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.util.AtomicFile;
import org.bitcoinfx.gui.util.Fx;
import org.bitcoinfx.gui.util.ReadOrder;

/**
 * The selected wallet's address book: its labelled addresses (own and contacts), relabelling, adding a contact, and
 * BIP 329 export and import ({@link Bip329}: address labels to and from the node, transaction and output labels
 * to and from the app's {@link TxLabelStore}). What is refused before a call gets a message and no call; an import
 * is read and checked whole (every address by the node's {@code validateaddress}) before anything is written, so a
 * bad file changes nothing. File work runs off the JavaFX thread. Use on the JavaFX Application Thread.
 */
public final class AddressBookViewModel {
    private static final Executor FILES = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bitcoinfx-labels-file");
        t.setDaemon(true);
        return t;
    });

    private final WalletViewModel wallet;
    private final TxLabelStore store;
    private final ObservableList<AddressBookEntry> entries = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    /** {@link #refresh()} calls made, and the latest whose answer {@link #entries()} holds: answers can come out of order. */
    private final ReadOrder reads = new ReadOrder();

    /** @param wallet the Wallet page's model (selected wallet, connection) @param store the transaction and output labels */
    public AddressBookViewModel(WalletViewModel wallet, TxLabelStore store) {
        this.wallet = wallet;
        this.store = store;
        wallet.selectedProperty().addListener((o, a, b) -> {
            entries.clear();
            error.set("");
            notice.set("");
            refresh();
        });
    }

    /** @return the labelled addresses of the selected wallet, as last read */
    public ObservableList<AddressBookEntry> entries() {
        return entries;
    }

    /** @return the last refusal or failure, in a sentence (the node's words for its own) */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** @return what the last command did */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** @return true while an export or import runs */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    private AddressBookService service() {
        ConnectionScope sc = wallet.scope();
        return sc == null ? null : AddressBookService.of(sc);
    }

    /**
     * Reads the book again ({@code listlabels}, {@code getaddressesbylabel}). An answer is shown unless a read asked
     * later has been shown already: an older read (asked before a label was written) would undo the newer one.
     *
     * @return completes on the JavaFX thread once the answer was shown, dropped or reported
     */
    public CompletableFuture<Void> refresh() {
        String w = wallet.selectedProperty().get();
        AddressBookService s = service();
        if (w == null || s == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        long seq = reads.ask();
        Fx.deliver(s.entries(w), list -> {
            if (w.equals(wallet.selectedProperty().get()) && reads.tryApply(seq)) {
                entries.setAll(list);
            }
            done.complete(null);
        }, e -> {
            error.set("Could not read the address book: " + WalletPage.message(e));
            done.complete(null);
        });
        return done;
    }

    /** @return why {@code label} cannot be an address's label, or "" */
    static String labelProblem(String label) {
        return label.equals("*") ? "\"*\" cannot be a label: Bitcoin Core keeps it for \"every label\"." : "";
    }

    /**
     * {@code setlabel}: relabels an address of the book (an empty label takes it out of the book).
     *
     * @return completes on the JavaFX thread after the book was read again; fails with the refusal
     */
    public CompletableFuture<Void> relabel(String address, String label) {
        String l = label == null ? "" : label.strip();
        return setLabel(address, l, "Relabelled " + address + (l.isEmpty() ? " (no label: it leaves the book)." : " as \u201c" + l + "\u201d."));
    }

    /**
     * Adds a contact: checks the address with {@code validateaddress} (an address of another network is refused in
     * the node's words), then {@code setlabel}.
     */
    public CompletableFuture<Void> addContact(String address, String label) {
        String a = address == null ? "" : address.strip();
        String l = label == null ? "" : label.strip();
        String problem = a.isEmpty() ? "Type the contact's address."
                : l.isEmpty() ? "Give the contact a name: it is the address's label."
                : labelProblem(l);
        WalletService ws = wallet.service();
        if (problem.isEmpty() && (ws == null || wallet.selectedProperty().get() == null)) {
            problem = "No wallet selected.";
        }
        if (!problem.isEmpty()) {
            error.set(problem);
            return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
        }
        CompletableFuture<Void> out = new CompletableFuture<>();
        Fx.deliver(ws.validateAddress(a), check -> {
            if (!check.valid()) {
                String p = "Not an address of this network: " + check.error() + ".";
                error.set(p);
                out.completeExceptionally(new IllegalArgumentException(p));
                return;
            }
            setLabel(a, l, "Added " + l + " (" + a + ") to the address book.").whenComplete((v, e) -> {
                if (e != null) {
                    out.completeExceptionally(e);
                } else {
                    out.complete(null);
                }
            });
        }, e -> {
            error.set(WalletPage.message(e));
            out.completeExceptionally(e);
        });
        return out;
    }

    private CompletableFuture<Void> setLabel(String address, String label, String done) {
        String w = wallet.selectedProperty().get();
        AddressBookService s = service();
        String problem = w == null || s == null ? "No wallet selected." : labelProblem(label);
        if (!problem.isEmpty()) {
            error.set(problem);
            return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
        }
        CompletableFuture<Void> out = new CompletableFuture<>();
        Fx.deliver(s.setLabel(w, address, label), v -> {
            error.set("");
            notice.set(done);
            refresh().whenComplete((x, y) -> out.complete(null));
        }, e -> {
            error.set(WalletPage.message(e));
            out.completeExceptionally(e);
        });
        return out;
    }

    /**
     * Writes the wallet's labels to {@code file} as BIP 329 JSON lines: the book's addresses (read again now), then the
     * app's transaction and output labels.
     *
     * @return completes on the JavaFX thread with the number of labels written
     */
    public CompletableFuture<Integer> exportTo(Path file) {
        String w = wallet.selectedProperty().get();
        AddressBookService s = service();
        if (w == null || s == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("No wallet selected."));
        }
        busy.set(true);
        CompletableFuture<Integer> f = s.entries(w).thenApplyAsync(book -> {
            try {
                TxLabelStore.Labels own = store.load(w);
                List<Bip329.Label> labels = Bip329.of(book, own.tx(), own.output());
                AtomicFile.write(file, Bip329.write(labels).getBytes(StandardCharsets.UTF_8));
                return labels.size();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, FILES);
        CompletableFuture<Integer> out = new CompletableFuture<>();
        Fx.deliver(f, n -> {
            busy.set(false);
            error.set("");
            notice.set("Exported " + n + " labels of wallet " + w + " to " + file + " (BIP 329).");
            out.complete(n);
        }, e -> {
            busy.set(false);
            error.set("Nothing was exported: " + Fx.message(e instanceof java.io.UncheckedIOException u ? u.getCause() : e));
            out.completeExceptionally(e);
        });
        return out;
    }

    /**
     * Reads a BIP 329 file into the wallet: address labels through {@code setlabel} (each address checked with
     * {@code validateaddress} first), transaction and output labels into the app's store; other types are counted
     * and skipped. A file with any bad line or any address this node refuses changes nothing.
     *
     * @return completes on the JavaFX thread with the notice's sentence, or fails with the refusal (also in {@link #errorProperty()})
     */
    public CompletableFuture<String> importFrom(Path file) {
        String w = wallet.selectedProperty().get();
        AddressBookService s = service();
        WalletService ws = wallet.service();
        if (w == null || s == null || ws == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("No wallet selected."));
        }
        busy.set(true);
        CompletableFuture<List<Bip329.Label>> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Bip329.read(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }, FILES);
        CompletableFuture<String> done = read.thenCompose(labels -> {
            List<Bip329.Label> addrs = labels.stream().filter(l -> l.type().equals("addr")).toList();
            List<CompletableFuture<AddressCheck>> checks = new ArrayList<>();
            addrs.forEach(l -> checks.add(ws.validateAddress(l.ref())));
            return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).thenCompose(v -> {
                for (int i = 0; i < addrs.size(); i++) {
                    AddressCheck c = checks.get(i).join();
                    if (!c.valid()) {
                        throw new IllegalArgumentException("the address " + addrs.get(i).ref() + " is not one of this network (" + c.error() + ")");
                    }
                }
                // all checked: now write, addresses one after the other, then the app's own labels
                CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
                for (Bip329.Label l : addrs) {
                    chain = chain.thenCompose(x -> s.setLabel(w, l.ref(), l.label()));
                }
                return chain.thenApplyAsync(x -> {
                    Map<String, String> tx = new LinkedHashMap<>();
                    Map<String, String> out = new LinkedHashMap<>();
                    labels.stream().filter(l -> l.type().equals("tx")).forEach(l -> tx.put(l.ref(), l.label()));
                    labels.stream().filter(l -> l.type().equals("output")).forEach(l -> out.put(l.ref(), l.label()));
                    try {
                        store.put(w, tx, out);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    long skipped = labels.size() - addrs.size() - tx.size() - out.size();
                    return "Imported " + addrs.size() + " address labels, " + tx.size() + " transaction labels and " + out.size()
                            + " output labels into wallet " + w + (skipped > 0 ? "; skipped " + skipped + " of types Bitcoin FX does not use" : "") + ".";
                }, FILES);
            });
        });
        CompletableFuture<String> result = new CompletableFuture<>();
        Fx.deliver(done, said -> {
            busy.set(false);
            error.set("");
            notice.set(said);
            refresh();
            result.complete(said);
        }, e -> {
            busy.set(false);
            Throwable t = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
            error.set("Nothing was imported: " + (t instanceof org.bitcoinfx.ipc.JsonRpcException ? WalletPage.message(t) : Fx.message(t)));
            result.completeExceptionally(e);
        });
        return result;
    }
}
