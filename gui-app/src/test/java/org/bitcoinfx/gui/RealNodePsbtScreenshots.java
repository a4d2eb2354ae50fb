package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.FxMain.click;
import static org.bitcoinfx.gui.FxMain.fx;
import static org.bitcoinfx.gui.FxMain.label;
import static org.bitcoinfx.gui.FxMain.lookup;
import static org.bitcoinfx.gui.FxMain.show;
import static org.bitcoinfx.gui.FxMain.snap;
import static org.bitcoinfx.gui.FxMain.waitFx;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import org.bitcoinfx.gui.settings.Theme;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.bitcoinfx.gui.wallet.WalletService;
import org.bitcoinfx.ipc.NodeClient;

/**
 * Screenshots of the PSBT flow of the real app (the ServiceLoader backend) driving a real regtest bitcoin-node (test
 * scope; not part of {@code mvn verify}), and a walk of that flow through the UI: an encrypted wallet {@code signer}
 * with 101 blocks; a watch-only wallet {@code watch} made in the create form of signer's public descriptors
 * ({@code light-wallet-create-watchonly.png}); Send in it makes an unsigned PSBT, reviewed in the PSBT tab
 * ({@code *-wallet-psbt-review.png}); signer selected, it signs with its passphrase
 * ({@code *-wallet-psbt-signed.png}), and the PSBT is finalized and broadcast ({@code *-wallet-psbt-broadcast.png}).
 * Light, then dark. The app's node runs with Settings → External signer set to our fake signing tool
 * ({@code FakeSignerTool}, whose device holds wallet {@code device}'s keys): a wallet on it is made in the create form
 * ({@code *-wallet-create-external-signer.png}) and gives the device's addresses.
 *
 * <pre>
 * BITCOIN_NODE=/path/to/bitcoin-node xvfb-run -a -s "-screen 0 1400x900x24" java -Dprism.order=sw -cp … \
 *     org.bitcoinfx.gui.RealNodePsbtScreenshots --out=docs/screenshots
 * </pre>
 */
public final class RealNodePsbtScreenshots {
    private static final String PASS = "screenshot passphrase";
    /** P2WSH of OP_TRUE on regtest: an address neither wallet owns. */
    private static final String OUTSIDE = "bcrt1qft5p2uhsdcdc3l2ua4ap5qqfg4pjaqlp250x7us7a8qqhrxrxfsqseac85";
    /** Where the fake signer and its answers are. */
    private static Path signerDir;

    private RealNodePsbtScreenshots() {
    }

    /** Options: {@code --out=DIR} (default {@code docs/screenshots}). */
    public static void main(String[] args) throws Exception {
        FxMain.shotsMain(args, d -> {
            signerDir = d.resolve("signer");
            return launch(d, org.bitcoinfx.gui.wallet.psbt.FakeSignerTool.install(signerDir));
        }, (app, o) -> run(app, o));
    }

    private static BitcoinFxApp launch(Path dir, Path signer) throws Exception {
        Path settingsFile = Benches.regtestSettings(dir, "-listen=0");
        // Settings → External signer: our fake signing tool
        org.bitcoinfx.gui.settings.SettingsStore store = new org.bitcoinfx.gui.settings.SettingsStore(settingsFile);
        org.bitcoinfx.gui.settings.Settings s = store.load();
        s.signerProperty().set(signer.toString());
        store.save(s);
        return FxMain.launchRealApp(settingsFile);
    }

    private static void run(BitcoinFxApp app, Path out) throws Exception {
        NodeClient client = fx(() -> app.context().session().clientProperty().get());
        WalletPage wallet = fx(() -> app.mainWindow().pages().stream().filter(WalletPage.class::isInstance).map(WalletPage.class::cast)
                .findFirst().orElseThrow());
        WalletService ws = new WalletService(client);
        get(ws.createWallet("signer", new Passphrase(PASS.toCharArray())));
        String mine = get(client.rpc().callWallet("signer", "getnewaddress", "", "bech32")).asText();
        get(client.rpc().call("generatetoaddress", 101, mine));
        String receive = "";
        String change = "";
        for (JsonNode d : get(client.rpc().callWallet("signer", "listdescriptors")).path("descriptors")) {
            if (d.path("active").asBoolean() && d.path("desc").asText().startsWith("wpkh(")) {
                if (d.path("internal").asBoolean()) {
                    change = d.path("desc").asText();
                } else {
                    receive = d.path("desc").asText();
                }
            }
        }
        String descs = receive.substring(0, receive.indexOf('#')) + "\n" + change;

        // the watch-only wallet, made in the create form
        show(app, "Wallet");
        waitFx(() -> lookup(app, "#wallet-new") != null && !lookup(app, "#wallet-new").isDisabled());
        click(app, "#wallet-new");
        fx(() -> {
            ((TextField) lookup(app, "#create-name")).setText("watch");
            ((CheckBox) lookup(app, "#create-watchonly")).setSelected(true);
            ((TextArea) lookup(app, "#create-descriptors")).setText(descs);
            return null;
        });
        Thread.sleep(400);
        snap(app, out.resolve("light-wallet-create-watchonly.png"));
        click(app, "#create-submit");
        waitFx(() -> "watch".equals(wallet.viewModel().selectedProperty().get()), 120);
        waitFx(() -> wallet.viewModel().infoProperty().get() != null && !wallet.viewModel().infoProperty().get().privateKeys()
                && wallet.viewModel().balancesProperty().get().known() && wallet.viewModel().balancesProperty().get().trustedSat() > 0, 120);

        for (Theme theme : Theme.values()) {
            String p = theme.name().toLowerCase() + "-";
            fx(() -> {
                app.context().settings().themeProperty().set(theme);
                wallet.viewModel().selectedProperty().set("watch");
                return null;
            });
            waitFx(() -> wallet.viewModel().infoProperty().get() != null && "watch".equals(wallet.viewModel().infoProperty().get().name()));
            // Send in the watch-only wallet: an unsigned PSBT for the PSBT tab
            fx(() -> {
                wallet.showTab("Send");
                ((TextField) lookup(app, "#send-address")).setText(OUTSIDE);
                ((TextField) lookup(app, "#send-amount")).setText(theme == Theme.LIGHT ? "1.25" : "0.4");
                ((RadioButton) lookup(app, "#send-fee-custom")).setSelected(true);
                ((TextField) lookup(app, "#send-fee-rate")).setText(theme == Theme.LIGHT ? "2" : "5");
                return null;
            });
            waitFx(() -> label(app, "#send-address-check").startsWith("Valid"));
            click(app, "#send-review");
            waitFx(() -> lookup(app, "#review-psbt").isVisible() && !lookup(app, "#review-send").isVisible());
            click(app, "#review-psbt");
            waitFx(() -> wallet.psbtModel().reviewProperty().get() != null && !wallet.psbtModel().busyProperty().get());
            showReview(app);
            snap(app, out.resolve(p + "wallet-psbt-review.png"));

            // the signing wallet signs it with its passphrase
            fx(() -> {
                wallet.viewModel().selectedProperty().set("signer");
                return null;
            });
            waitFx(() -> wallet.viewModel().infoProperty().get() != null && "signer".equals(wallet.viewModel().infoProperty().get().name())
                    && lookup(app, "#psbt-passphrase").isVisible());
            fx(() -> {
                ((PasswordField) lookup(app, "#psbt-passphrase")).setText(PASS);
                return null;
            });
            click(app, "#psbt-sign");
            waitFx(() -> wallet.psbtModel().noticeProperty().get().startsWith("Signed") && !wallet.psbtModel().busyProperty().get());
            showReview(app);
            snap(app, out.resolve(p + "wallet-psbt-signed.png"));
            click(app, "#psbt-broadcast");
            waitFx(() -> !wallet.psbtModel().txidProperty().get().isEmpty());
            String txid = fx(() -> wallet.psbtModel().txidProperty().get());
            if (!get(client.rpc().call("getrawmempool")).toString().contains(txid)) {
                throw new AssertionError("broadcast " + txid + " not in the mempool");
            }
            Thread.sleep(400);
            fx(() -> {
                ((ScrollPane) lookup(app, "#psbt-view")).setVvalue(1); // the notice with the txid, under the buttons
                return null;
            });
            Thread.sleep(400);
            snap(app, out.resolve(p + "wallet-psbt-broadcast.png"));
            get(client.rpc().call("generatetoaddress", 1, mine));
        }

        // a wallet on the external signer, through the create form: the device is wallet "device"'s keys
        get(client.rpc().call("createwallet", "device"));
        org.bitcoinfx.gui.wallet.psbt.FakeSignerTool.configure(signerDir, get(client.rpc().callWallet("device", "listdescriptors")), "");
        for (Theme theme : Theme.values()) {
            String p = theme.name().toLowerCase() + "-";
            String name = theme == Theme.LIGHT ? "hww" : "hww2";
            fx(() -> {
                app.context().settings().themeProperty().set(theme);
                return null;
            });
            click(app, "#wallet-new");
            fx(() -> {
                ((TextField) lookup(app, "#create-name")).setText(name);
                ((CheckBox) lookup(app, "#create-external")).setSelected(true);
                return null;
            });
            waitFx(() -> !((javafx.scene.control.ComboBox<?>) lookup(app, "#create-signers")).getItems().isEmpty());
            Thread.sleep(400);
            snap(app, out.resolve(p + "wallet-create-external-signer.png"));
            click(app, "#create-submit");
            waitFx(() -> name.equals(wallet.viewModel().selectedProperty().get()), 120);
            waitFx(() -> wallet.viewModel().infoProperty().get() != null && wallet.viewModel().infoProperty().get().externalSigner());
        }
        String deviceAddr = get(client.rpc().callWallet("device", "getnewaddress", "", "bech32")).asText();
        String hwwAddr = get(client.rpc().callWallet("hww", "getnewaddress", "", "bech32")).asText();
        if (!deviceAddr.equals(hwwAddr)) {
            throw new AssertionError("the signer wallet's address " + hwwAddr + " is not the device's " + deviceAddr);
        }
    }

    /** Scrolls the PSBT tab to its review card. */
    private static void showReview(BitcoinFxApp app) throws Exception {
        Thread.sleep(400);
        fx(() -> {
            ScrollPane sp = (ScrollPane) lookup(app, "#psbt-view");
            Node card = lookup(app, "#psbt-review-card");
            double content = sp.getContent().getBoundsInLocal().getHeight();
            double view = sp.getViewportBounds().getHeight();
            sp.setVvalue(content <= view ? 0 : Math.min(1, card.getBoundsInParent().getMinY() / (content - view)));
            return null;
        });
        Thread.sleep(400);
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(120, TimeUnit.SECONDS);
    }

}
