package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.FxMain.click;
import static org.bitcoinfx.gui.FxMain.fx;
import static org.bitcoinfx.gui.FxMain.label;
import static org.bitcoinfx.gui.FxMain.lookup;
import static org.bitcoinfx.gui.FxMain.show;
import static org.bitcoinfx.gui.FxMain.text;
import static org.bitcoinfx.gui.FxMain.snap;
import static org.bitcoinfx.gui.FxMain.waitFx;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableView;
import org.bitcoinfx.gui.settings.Theme;
import org.bitcoinfx.gui.wallet.AddressType;
import org.bitcoinfx.gui.wallet.FeeChoice;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.SendRequest;
import org.bitcoinfx.gui.wallet.Utxo;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.bitcoinfx.gui.wallet.WalletService;
import org.bitcoinfx.gui.wallet.WalletTx;
import org.bitcoinfx.ipc.NodeClient;

/**
 * Screenshots of the Wallet page's Coins tab, coin control and fee bump review, with the real app driving a real
 * regtest bitcoin-node (test scope; not part of {@code mvn verify}): a wallet funded by {@code generatetoaddress}, a few
 * coins of its own (payments to itself, one labelled, one frozen), then an unconfirmed payment at 2 sat/vB and its
 * Speed up review at 10 sat/vB. Shoots {@code light-wallet-coins.png}, {@code light-wallet-send-coin-control.png},
 * {@code light-wallet-bump-review.png} and the {@code dark-} ones.
 *
 * <pre>
 * mvn -B -q -o -pl gui-app -am test-compile dependency:build-classpath -Dmdep.outputFile=gui-app/target/shots.classpath -Dmdep.includeScope=test
 * BITCOIN_NODE=/path/to/bitcoin-node xvfb-run -a -s "-screen 0 1400x900x24" java -Dprism.order=sw \
 *     -cp gui-app/target/test-classes:gui-app/target/classes:$(cat gui-app/target/shots.classpath) \
 *     org.bitcoinfx.gui.RealNodeCoinsScreenshots --out=docs/screenshots
 * </pre>
 */
public final class RealNodeCoinsScreenshots {
    private RealNodeCoinsScreenshots() {
    }

    /** Options: {@code --out=DIR} (default {@code docs/screenshots}). */
    public static void main(String[] args) throws Exception {
        FxMain.shotsMain(args, d -> launch(d), (app, o) -> run(app, o));
    }

    private static BitcoinFxApp launch(Path dir) throws Exception {
        return FxMain.launchRealApp(Benches.regtestSettings(dir, "-listen=0"));
    }

    private static void run(BitcoinFxApp app, Path out) throws Exception {
        NodeClient client = fx(() -> app.context().session().clientProperty().get());
        WalletPage wallet = fx(() -> app.mainWindow().pages().stream().filter(WalletPage.class::isInstance).map(WalletPage.class::cast)
                .findFirst().orElseThrow());
        WalletService ws = new WalletService(client);
        get(ws.createWallet("spending", Passphrase.none()));
        get(ws.createWallet("savings", Passphrase.none()));
        String mine = get(ws.newAddress("spending", "mining", AddressType.BECH32));
        get(client.rpc().call("generatetoaddress", 103, mine));
        // coins of its own: payments to itself, one labelled
        String[] labels = {"cold storage", "", "donations", ""};
        long[] amounts = {120_000_000L, 35_000_000L, 2_500_000L, 800_000L};
        for (int i = 0; i < labels.length; i++) {
            String a = get(ws.newAddress("spending", labels[i], i % 2 == 0 ? AddressType.BECH32 : AddressType.BECH32M));
            SendRequest req = new SendRequest(a, amounts[i], false, FeeChoice.parseRate("2"), "");
            get(ws.send("spending", get(ws.preview("spending", req)), null));
        }
        get(client.rpc().call("generatetoaddress", 1, get(ws.newAddress("savings", "", AddressType.BECH32))));
        show(app, "Wallet");
        fx(() -> {
            wallet.viewModel().selectedProperty().set("spending");
            wallet.showTab("Coins");
            return null;
        });
        waitFx(() -> wallet.coinsModel().coins().size() >= 6);
        Utxo toFreeze = fx(() -> wallet.coinsModel().coins().stream().filter(u -> u.label().equals("cold storage")).findFirst().orElseThrow());
        get(fx(() -> wallet.coinsModel().setFrozen(List.of(toFreeze), true)));
        waitFx(() -> wallet.coinsModel().coins().stream().anyMatch(Utxo::frozen));
        // an unconfirmed payment at 2 sat/vB to bump
        String to = get(ws.newAddress("savings", "", AddressType.BECH32));
        String txid = get(ws.send("spending", get(ws.preview("spending", new SendRequest(to, 50_000_000L, false, FeeChoice.parseRate("2"), "rent"))), null));
        fx(() -> {
            wallet.viewModel().refreshSelected();
            return null;
        });

        for (Theme theme : Theme.values()) {
            String p = theme.name().toLowerCase() + "-";
            fx(() -> {
                app.context().settings().themeProperty().set(theme);
                wallet.viewModel().noticeProperty().set("");
                wallet.showTab("Coins");
                return null;
            });
            Thread.sleep(800);
            fx(() -> {
                @SuppressWarnings("unchecked")
                TableView<Utxo> t = (TableView<Utxo>) lookup(app, "#coins-table");
                t.getSelectionModel().clearSelection();
                t.getItems().stream().filter(u -> !u.frozen() && u.confirmations() > 0).limit(2).forEach(u -> t.getSelectionModel().select(u));
                return null;
            });
            Thread.sleep(500);
            snap(app, out.resolve(p + "wallet-coins.png"));

            // coin control on the send form
            click(app, "#coins-spend");
            String dest = get(ws.newAddress("savings", "", AddressType.BECH32M));
            String change = get(ws.newAddress("spending", "change", AddressType.BECH32));
            fx(() -> {
                text(app, "#send-address").setText(dest);
                text(app, "#send-amount").setText("0.2");
                ((RadioButton) lookup(app, "#send-fee-custom")).setSelected(true);
                text(app, "#send-fee-rate").setText("3");
                text(app, "#send-change-address").setText(change);
                return null;
            });
            Thread.sleep(900);
            snap(app, out.resolve(p + "wallet-send-coin-control.png"));
            fx(() -> {
                wallet.coinsModel().clearChoice();
                text(app, "#send-address").setText("");
                text(app, "#send-amount").setText("");
                return null;
            });

            // speed up review of the unconfirmed payment
            fx(() -> {
                wallet.showTab("Activity");
                return null;
            });
            waitFx(() -> wallet.viewModel().activity().stream().anyMatch(t -> t.txid().equals(txid) && t.category().equals("send")));
            fx(() -> {
                @SuppressWarnings("unchecked")
                TableView<WalletTx> t = (TableView<WalletTx>) lookup(app, "#activity-table");
                t.getSelectionModel().select(t.getItems().stream().filter(x -> x.txid().equals(txid) && x.category().equals("send")).findFirst().orElseThrow());
                return null;
            });
            Thread.sleep(500);
            click(app, "#activity-speed-up");
            fx(() -> {
                text(app, "#bump-rate").setText(theme == Theme.LIGHT ? "10" : "12.5");
                return null;
            });
            click(app, "#bump-preview");
            waitFx(() -> wallet.bumpModel().bumpProperty().get() != null);
            Thread.sleep(600);
            snap(app, out.resolve(p + "wallet-bump-review.png"));
            click(app, "#bump-back");
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

}
