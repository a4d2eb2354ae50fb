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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableView;
import org.bitcoinfx.gui.mining.LiveTemplate;
import org.bitcoinfx.gui.mining.MineResult;
import org.bitcoinfx.gui.mining.MiningPage;
import org.bitcoinfx.gui.mining.MiningService;
import org.bitcoinfx.gui.settings.Theme;
import org.bitcoinfx.gui.wallet.AddressType;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.bitcoinfx.gui.wallet.WalletService;
import org.bitcoinfx.ipc.NodeClient;

/**
 * Screenshots of the Wallet and Mining pages of the real app (the ServiceLoader backend) driving a
 * real regtest bitcoin-node (test scope; not part of {@code mvn verify}). Creates an encrypted
 * wallet through the page, mines 100 blocks to it with {@link MiningService} and one more with the
 * page's Mine block, makes a payment request, reviews and sends 1 BTC at 2 sat/vB with the
 * passphrase, shows the send in the Mining page's template, mines it, and shoots each step in
 * light and dark: {@code light-wallet.png}, {@code light-wallet-receive.png},
 * {@code light-wallet-send-review.png}, {@code light-wallet-activity.png}, {@code light-mining.png},
 * {@code light-mining-mined.png}, {@code light-mining-coinbase.png} and the {@code dark-} ones.
 *
 * <pre>
 * mvn -B -q -ntp -pl gui-app -am test-compile
 * BITCOIN_NODE=/path/to/bitcoin-node xvfb-run -a -s "-screen 0 1400x900x24" \
 *     mvn -B -q -ntp -pl gui-app exec:exec -Dexec.classpathScope=test \
 *     -Dbitcoinfx.main=org.bitcoinfx.gui.RealNodeWalletScreenshots -Dbitcoinfx.args="--out=$PWD/docs/screenshots"
 * </pre>
 */
public final class RealNodeWalletScreenshots {
    private static final long WAIT_S = 60;
    private static final String PASS = "screenshot passphrase";

    private RealNodeWalletScreenshots() {
    }

    /** Options: {@code --out=DIR} (default {@code docs/screenshots}). */
    public static void main(String[] args) throws Exception {
        ExecutorService grinder = Executors.newSingleThreadExecutor();
        try {
            FxMain.shotsMain(args, d -> launch(d), (app, o) -> run(app, o, grinder));
        } finally {
            grinder.shutdownNow();
        }
    }

    private static BitcoinFxApp launch(Path dir) throws Exception {
        return FxMain.launchRealApp(Benches.regtestSettings(dir, "-listen=0"));
    }

    private static void run(BitcoinFxApp app, Path out, ExecutorService grinder) throws Exception {
        NodeClient client = fx(() -> app.context().session().clientProperty().get());
        WalletPage wallet = page(app, WalletPage.class);
        MiningPage mining = page(app, MiningPage.class);

        // an encrypted wallet, made through the page
        show(app, "Wallet");
        Thread.sleep(800);
        click(app, "#wallet-empty-create");
        fx(() -> {
            text(app, "#create-name").setText("spending");
            ((PasswordField) lookup(app, "#create-passphrase")).setText(PASS);
            ((PasswordField) lookup(app, "#create-confirm")).setText(PASS);
            return null;
        });
        snap(app, out.resolve("light-wallet-create.png"));
        click(app, "#create-submit");
        waitFx(() -> "spending".equals(wallet.viewModel().selectedProperty().get()));
        WalletService ws = new WalletService(client);
        get(ws.createWallet("savings", Passphrase.none()));

        // 100 blocks to it with our own coinbases, then one from the Mining page
        MiningService ms = new MiningService(client);
        byte[] payout = get(ms.payoutScript(get(ws.newAddress("spending", "mining", AddressType.BECH32))));
        for (int i = 0; i < 100; i++) {
            LiveTemplate t = get(ms.create());
            MineResult r = get(ms.mine(t, payout, () -> false, null, grinder));
            t.template().close();
            if (!r.result().valid()) {
                throw new AssertionError("block rejected: " + r.result().reason());
            }
        }
        show(app, "Mining");
        waitFx(() -> mining.viewModel().snapshotProperty().get() != null && mining.viewModel().snapshotProperty().get().height() == 101);
        fx(() -> {
            ((javafx.scene.control.ComboBox<?>) lookup(app, "#mining-payout-wallet")).getSelectionModel().select(0);
            return null;
        });
        click(app, "#mining-payout-new");
        waitFx(() -> text(app, "#mining-payout").getText().startsWith("bcrt1"));
        click(app, "#mining-mine");
        waitFx(() -> mining.viewModel().lastMineProperty().get() != null);

        for (Theme theme : Theme.values()) {
            String p = theme.name().toLowerCase() + "-";
            fx(() -> {
                app.context().settings().themeProperty().set(theme);
                return null;
            });
            // receive
            show(app, "Wallet");
            fx(() -> {
                wallet.showTab("Receive");
                text(app, "#recv-label").setText(theme == Theme.LIGHT ? "Alice — invoice 42" : "Carol");
                text(app, "#recv-amount").setText(theme == Theme.LIGHT ? "0.0125" : "0.5");
                text(app, "#recv-message").setText(theme == Theme.LIGHT ? "Thanks for the coffee beans" : "Rent, March");
                return null;
            });
            click(app, "#recv-create");
            waitFx(() -> !text(app, "#recv-address").getText().isEmpty());
            Thread.sleep(500);
            snap(app, out.resolve(p + "wallet-receive.png"));

            // send: review, then the passphrase
            String to = get(ws.newAddress("savings", "", AddressType.BECH32M));
            fx(() -> {
                wallet.showTab("Send");
                text(app, "#send-address").setText(to);
                text(app, "#send-label").setText("savings");
                text(app, "#send-amount").setText("1");
                ((RadioButton) lookup(app, "#send-fee-custom")).setSelected(true);
                text(app, "#send-fee-rate").setText(theme == Theme.LIGHT ? "2" : "5");
                return null;
            });
            waitFx(() -> label(app, "#send-address-check").startsWith("Valid"));
            if (theme == Theme.LIGHT) {
                snap(app, out.resolve(p + "wallet-send.png"));
            }
            click(app, "#send-review");
            waitFx(() -> lookup(app, "#review-send").isVisible());
            Thread.sleep(300);
            snap(app, out.resolve(p + "wallet-send-review.png"));
            fx(() -> {
                ((PasswordField) lookup(app, "#review-passphrase")).setText(PASS);
                return null;
            });
            click(app, "#review-send");
            waitFx(() -> !wallet.sendModel().sentTxidProperty().get().isEmpty());

            // overview and activity
            fx(() -> {
                wallet.showTab("Overview");
                return null;
            });
            Thread.sleep(1200);
            snap(app, out.resolve(p + "wallet.png"));
            fx(() -> {
                wallet.showTab("Activity");
                return null;
            });
            Thread.sleep(800);
            fx(() -> {
                ((TableView<?>) lookup(app, "#activity-table")).getSelectionModel().select(0);
                return null;
            });
            Thread.sleep(800);
            snap(app, out.resolve(p + "wallet-activity.png"));

            // the send in the template, then mined
            show(app, "Mining");
            waitFx(() -> mining.viewModel().snapshotProperty().get() != null && !mining.viewModel().snapshotProperty().get().txs().isEmpty());
            Thread.sleep(800);
            snap(app, out.resolve(p + "mining.png"));
            click(app, "#mining-mine");
            waitFx(() -> !mining.viewModel().miningProperty().get() && mining.viewModel().lastMineProperty().get() != null
                    && mining.viewModel().snapshotProperty().get().txs().isEmpty());
            Thread.sleep(800);
            snap(app, out.resolve(p + "mining-mined.png"));
            fx(() -> {
                ((javafx.scene.control.TabPane) lookup(app, "#mining-tabs")).getSelectionModel().select(1);
                return null;
            });
            Thread.sleep(500);
            snap(app, out.resolve(p + "mining-coinbase.png"));
            fx(() -> {
                ((javafx.scene.control.TabPane) lookup(app, "#mining-tabs")).getSelectionModel().select(0);
                return null;
            });
        }
    }

    private static <T> T page(BitcoinFxApp app, Class<T> type) throws Exception {
        return fx(() -> app.mainWindow().pages().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow());
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

}
