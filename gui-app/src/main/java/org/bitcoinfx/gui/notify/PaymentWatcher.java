package org.bitcoinfx.gui.notify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.node.NodeSession;
import org.bitcoinfx.gui.status.StatusService;
import org.bitcoinfx.gui.util.Coalescer;
import org.bitcoinfx.gui.util.Tasks;
import org.bitcoinfx.gui.wallet.LoadedWallets;
import org.bitcoinfx.gui.wallet.SinceBlock;
import org.bitcoinfx.gui.wallet.WalletService;
import org.bitcoinfx.gui.wallet.WalletTx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices incoming payments to every loaded wallet and tells the user once per payment, whatever page is shown.
 * Each wallet has a cursor: the first look ({@code listsinceblock <tip>}) only learns what is there (the mempool's
 * payments included); each later look ({@code listsinceblock <cursor>}, on each new tip, at most once a second,
 * and every {@value #POLL_SECONDS} s for payments that reach the mempool between blocks) finds the {@code receive}
 * rows not seen before. A payment is told of once: when it enters the mempool, not again when it confirms. The
 * rows of one look are one {@link PaymentNotice} (300 payments in a block: one summary). Nothing is told during
 * initial block download ({@code getblockchaininfo} {@code initialblockdownload}), as bitcoin-qt's
 * {@code WalletView::processNewTransaction} does not. Use on the JavaFX Application Thread.
 */
public final class PaymentWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentWatcher.class);
    /** How often the mempool is looked at between blocks, seconds. */
    public static final int POLL_SECONDS = 10;
    /** Payments remembered per wallet, at most (the oldest are forgotten; they are long confirmed by then). */
    static final int MAX_SEEN = 100_000;

    private final NodeSession session;
    private final Notifier notifier;
    private final BooleanSupplier enabled;
    private final Map<String, String> cursor = new HashMap<>();
    private final Map<String, LinkedHashSet<String>> seen = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private ConnectionScope scope;

    /**
     * @param session  the node session (its connection scope and tip)
     * @param notifier where notices go
     * @param enabled  the user's setting: false makes the watcher look but tell nothing
     */
    public PaymentWatcher(NodeSession session, Notifier notifier, BooleanSupplier enabled) {
        this.session = session;
        this.notifier = notifier;
        this.enabled = enabled;
        Coalescer onTip = new Coalescer(1000, this::look);
        session.tipWatcher().settledTipProperty().addListener((o, a, t) -> {
            if (t != null) {
                onTip.trigger();
            }
        });
        session.scopeProperty().addListener((o, a, sc) -> attach(sc));
        attach(session.scopeProperty().get());
    }

    private void attach(ConnectionScope sc) {
        scope = sc;
        cursor.clear();
        seen.clear();
        inFlight.clear();
        if (sc != null) {
            sc.poll(this::look, POLL_SECONDS, POLL_SECONDS, TimeUnit.SECONDS);
            LoadedWallets.of(sc).names().addListener((javafx.collections.ListChangeListener<String>) c -> look());
            look();
        }
    }

    /** Looks at every loaded wallet now (a wallet with a look under way is skipped). */
    public void look() {
        ConnectionScope sc = scope;
        var tip = session.tipWatcher().tipProperty().get();
        if (sc == null || !sc.isOpen() || tip == null) {
            return;
        }
        List<String> wallets = List.copyOf(LoadedWallets.of(sc).names());
        cursor.keySet().retainAll(wallets); // closed wallets: a new first look when opened again
        seen.keySet().retainAll(wallets);
        for (String w : wallets) {
            if (!inFlight.add(w)) {
                continue;
            }
            boolean first = !cursor.containsKey(w);
            String from = first ? tip.hashHex() : cursor.get(w);
            Tasks.on(sc, WalletService.of(sc).sinceBlock(w, from), "listsinceblock").onSuccess(sb -> {
                if (sc != scope) {
                    return;
                }
                List<WalletTx> fresh = learn(w, sb);
                cursor.put(w, sb.lastBlock());
                if (!first && !fresh.isEmpty()) {
                    tell(sc, new PaymentNotice(w, fresh));
                }
            }).onError(e -> LOG.debug("payments of wallet {} not looked at: {}", w, e.toString()))
                    .andFinally(() -> inFlight.remove(w)).run();
        }
    }

    /** @return the {@code receive} rows of {@code sb} not seen before in wallet {@code w}; all its rows are seen now */
    private List<WalletTx> learn(String w, SinceBlock sb) {
        LinkedHashSet<String> s = seen.computeIfAbsent(w, k -> new LinkedHashSet<>());
        List<WalletTx> fresh = new ArrayList<>();
        for (WalletTx t : sb.transactions()) {
            if (s.add(t.key()) && t.category().equals("receive") && t.amountSat() > 0) {
                fresh.add(t);
            }
        }
        while (s.size() > MAX_SEEN) {
            s.remove(s.iterator().next());
        }
        return fresh;
    }

    private void tell(ConnectionScope sc, PaymentNotice notice) {
        if (!enabled.getAsBoolean()) {
            return;
        }
        Tasks.on(sc, StatusService.of(sc).blockchainInfo(), "getblockchaininfo").onSuccess(info -> {
            if (info.initialBlockDownload()) {
                LOG.debug("{} payment(s) to wallet {} during initial block download: not told", notice.payments().size(), notice.wallet());
                return;
            }
            notifier.show(notice.title(), notice.body());
        }).onError(e -> notifier.show(notice.title(), notice.body())).run();
    }
}
