package org.bitcoinfx.gui;

import static org.bitcoinfx.gui.FxMain.fx;
import static org.bitcoinfx.gui.FxMain.label;
import static org.bitcoinfx.gui.FxMain.lookup;
import static org.bitcoinfx.gui.FxMain.show;
import static org.bitcoinfx.gui.FxMain.text;
import static org.bitcoinfx.gui.FxMain.snap;
import static org.bitcoinfx.gui.FxMain.waitFx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.CheckBox;
import org.bitcoinfx.gui.notify.DesktopNotifier;
import org.bitcoinfx.gui.settings.Theme;
import org.bitcoinfx.gui.wallet.AddressType;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.bitcoinfx.gui.wallet.WalletService;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;

/**
 * Screenshots of the wallet's tools on a real regtest bitcoin-node (test scope; not part of {@code mvn verify}), light
 * and dark: sign and verify a message ({@code wallet-sign-verify.png}), the Addresses tab with a contact
 * ({@code wallet-addresses.png}), Send filled from a {@code bitcoin:} link ({@code wallet-payment-link.png}), the notice
 * of an incoming payment ({@code wallet-payment-notice.png}), the transaction details with their block link
 * ({@code wallet-tx-details.png}) and the encrypt form ({@code wallet-encrypt.png}).
 *
 * <pre>
 * BITCOIN_NODE=/path/to/bitcoin-node xvfb-run -a -s "-screen 0 1400x900x24" \
 *     mvn -B -q -ntp -pl gui-app exec:exec -Dexec.classpathScope=test \
 *     -Dbitcoinfx.main=org.bitcoinfx.gui.RealNodeWalletToolsScreenshots -Dbitcoinfx.args="--out=$PWD/docs/screenshots"
 * </pre>
 */
public final class RealNodeWalletToolsScreenshots {
    private RealNodeWalletToolsScreenshots() {
    }

    /** Options: {@code --out=DIR} (default {@code docs/screenshots}). */
    public static void main(String[] args) throws Exception {
        System.setProperty(DesktopNotifier.MODE_PROPERTY, "window");
        FxMain.shotsMain(args, d -> launch(d), (app, o) -> run(app, o));
    }

    private static BitcoinFxApp launch(Path dir) throws Exception {
        return FxMain.launchRealApp(Benches.regtestSettings(dir, "-listen=0"));
    }

    private static void run(BitcoinFxApp app, Path out) throws Exception {
        NodeClient client = fx(() -> app.context().session().clientProperty().get());
        get(client.rpc().awaitWarmup(java.time.Duration.ofSeconds(120)));
        RpcClient rpc = client.rpc();
        WalletService ws = new WalletService(client);
        get(ws.createWallet("payer", Passphrase.none()));
        get(ws.createWallet("spending", Passphrase.none()));
        get(rpc.call("generatetoaddress", 101, get(ws.newAddress("payer", "", AddressType.BECH32))));
        WalletPage wallet = fx(() -> app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage).map(p -> (WalletPage) p).findFirst().orElseThrow());
        show(app, "Wallet");
        fx(() -> {
            wallet.viewModel().selectedProperty().set("spending");
            return null;
        });
        waitFx(() -> "spending".equals(wallet.viewModel().selectedProperty().get()) && wallet.viewModel().infoProperty().get() != null);

        for (Theme theme : Theme.values()) {
            String p = theme.name().toLowerCase() + "-";
            boolean light = theme == Theme.LIGHT;
            fx(() -> {
                app.context().settings().themeProperty().set(theme);
                return null;
            });
            // sign and verify
            show(app, "Wallet");
            fire(app, "#wallet-more", null);
            menu(app, "wallet-sign-verify");
            fire(app, "#sign-new-address", null);
            waitFx(() -> text(app, "#sign-address").getText().matches("[mn].+"));
            String address = text(app, "#sign-address").getText();
            String message = light ? "I, the owner of this address, agree to the terms of 2026-12-06." : "Proof of reserves, December 2026";
            fx(() -> {
                text(app, "#sign-message").setText(message);
                return null;
            });
            fire(app, "#sign-submit", null);
            waitFx(() -> !text(app, "#sign-signature").getText().isEmpty());
            String sig = text(app, "#sign-signature").getText();
            fx(() -> {
                text(app, "#verify-address").setText(address);
                text(app, "#verify-message").setText(message);
                text(app, "#verify-signature").setText(sig);
                return null;
            });
            fire(app, "#verify-submit", null);
            waitFx(() -> label(app, "#verify-verdict").startsWith("Valid"));
            snap(app, out.resolve(p + "wallet-sign-verify.png"));
            fire(app, "#sign-verify-done", null);

            // addresses: an own labelled address and a contact
            get(ws.newAddress("spending", light ? "Savings" : "Rainy day fund", AddressType.BECH32));
            String contact = get(ws.newAddress("payer", "", AddressType.BECH32M));
            get(wallet.addressBook().addContact(contact, light ? "Bob's bakery" : "Carol"));
            fx(() -> {
                wallet.showTab("Addresses");
                return null;
            });
            waitFx(() -> wallet.addressBook().entries().size() >= (light ? 2 : 4));
            Thread.sleep(400);
            snap(app, out.resolve(p + "wallet-addresses.png"));

            // a payment link opens Send
            String to = get(ws.newAddress("payer", "", AddressType.BECH32));
            fx(() -> {
                app.openPaymentUri("bitcoin:" + to + "?amount=" + (light ? "0.0125" : "0.5") + "&label=" + (light ? "Coffee%20shop" : "Landlord")
                        + "&message=" + (light ? "Order%2042" : "Rent%2C%20December"));
                return null;
            });
            waitFx(() -> to.equals(wallet.sendModel().addressProperty().get()));
            Thread.sleep(600);
            snap(app, out.resolve(p + "wallet-payment-link.png"));

            // an incoming payment: the notice (in the window: no notification server under Xvfb)
            int before = app.toasts().told().size();
            String mine = get(ws.newAddress("spending", light ? "from payer" : "salary", AddressType.BECH32));
            JsonNode funded = get(rpc.callWallet("payer", "walletcreatefundedpsbt", JsonNodeFactory.instance.arrayNode(),
                    JsonNodeFactory.instance.objectNode().put(mine, light ? 0.25 : 1.5), 0, JsonNodeFactory.instance.objectNode().put("fee_rate", 2)));
            JsonNode signed = get(rpc.callWallet("payer", "walletprocesspsbt", funded.path("psbt").asText(), true, "DEFAULT", true, true));
            String txid = get(rpc.call("sendrawtransaction", signed.path("hex").asText())).asText();
            show(app, "Status");
            waitFx(() -> app.toasts().told().size() > before, 60);
            Thread.sleep(500);
            snap(app, out.resolve(p + "wallet-payment-notice.png"));

            // the payment's details, after a block
            get(rpc.call("generatetoaddress", 1, to));
            show(app, "Wallet");
            fx(() -> {
                wallet.showTab("Activity");
                return null;
            });
            waitFx(() -> wallet.viewModel().activity().stream().anyMatch(t -> t.txid().equals(txid) && t.confirmations() > 0), 60);
            fx(() -> {
                @SuppressWarnings("unchecked")
                var table = (javafx.scene.control.TableView<org.bitcoinfx.gui.wallet.WalletTx>) lookup(app, "#activity-table");
                for (int i = 0; i < table.getItems().size(); i++) {
                    if (table.getItems().get(i).txid().equals(txid)) {
                        table.getSelectionModel().select(i);
                        break;
                    }
                }
                return null;
            });
            waitFx(() -> txid.equals(label(app, "#detail-txid")));
            Thread.sleep(400);
            snap(app, out.resolve(p + "wallet-tx-details.png"));

            // the encrypt form, filled in (not submitted)
            fire(app, "#wallet-more", null);
            menu(app, "wallet-encrypt");
            fx(() -> {
                text(app, "#encrypt-passphrase").setText("correct horse battery staple");
                text(app, "#encrypt-confirm").setText("correct horse battery staple");
                ((CheckBox) lookup(app, "#encrypt-understood")).setSelected(true);
                return null;
            });
            Thread.sleep(300);
            snap(app, out.resolve(p + "wallet-encrypt.png"));
            fire(app, "#encrypt-cancel", null);
        }
    }

    private static void menu(BitcoinFxApp app, String id) throws Exception {
        fx(() -> {
            var more = (javafx.scene.control.MenuButton) lookup(app, "#wallet-more");
            more.hide();
            more.getItems().stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow().fire();
            return null;
        });
        Thread.sleep(400);
    }

    private static void fire(BitcoinFxApp app, String id, Object unused) throws Exception {
        fx(() -> {
            Node n = lookup(app, id);
            if (n instanceof javafx.scene.control.MenuButton m) {
                if (m.getOnShowing() != null) {
                    m.getOnShowing().handle(null);
                }
            } else {
                ((ButtonBase) n).fire();
            }
            return null;
        });
        Thread.sleep(200);
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(120, TimeUnit.SECONDS);
    }

}
