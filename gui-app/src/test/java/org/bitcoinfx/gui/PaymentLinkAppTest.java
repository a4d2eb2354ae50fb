package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import org.bitcoinfx.gui.node.NodeBackend;
import org.bitcoinfx.gui.shell.AppConfig;
import org.bitcoinfx.gui.shell.UriHandoff;
import org.bitcoinfx.gui.wallet.SendViewModel;
import org.bitcoinfx.gui.wallet.WalletPage;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * {@code bitcoin:} payment links: the app started with one fills Send from it; a later start hands its link to
 * the running app through {@link UriHandoff}, which fills Send again; a link BIP21 does not allow is explained
 * in a dialog and fills nothing.
 */
class PaymentLinkAppTest extends AppTestBase {
    private static final String ADDR = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";
    private Path handoff;

    @Override
    AppConfig appConfig(NodeBackend b) {
        handoff = tmp.resolve("handoff");
        return new AppConfig(settingsFile, () -> b, false, () -> exited.set(true), null,
                "bitcoin:" + ADDR + "?amount=0.0025&label=Shop&message=Order%2042", handoff);
    }

    private SendViewModel send() {
        return ((WalletPage) app.mainWindow().pages().stream().filter(p -> p instanceof WalletPage).findFirst().orElseThrow()).sendModel();
    }

    @Test
    void aLinkFillsSendAtStartAndFromALaterStart() throws Exception {
        waitReady();
        waitUntil(() -> "Wallet".equals(app.mainWindow().currentPage().title()) && ADDR.equals(send().addressProperty().get()));
        assertEquals("0.0025", WaitForAsyncUtils.asyncFx(() -> send().amountProperty().get()).get());
        assertEquals("Shop", WaitForAsyncUtils.asyncFx(() -> send().labelProperty().get()).get());
        waitUntil(() -> lookup("#wallet-notice").queryLabeled().getText().startsWith("Payment link: pay 0.0025"));
        assertTrue(lookup("#wallet-notice").queryLabeled().getText().contains("Its message: \u201cOrder 42\u201d."));
        waitUntil(() -> ADDR.equals(lookup("#send-address").queryAs(TextField.class).getText()));

        // a later start (the desktop opening another link) hands it over
        showPage("Status");
        String other = "bcrt1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqp3mvzv";
        UriHandoff.send(handoff, "bitcoin:" + other + "?label=Second", Duration.ofSeconds(30));
        waitUntil(() -> "Wallet".equals(app.mainWindow().currentPage().title()) && other.equals(send().addressProperty().get()));
        assertEquals("", WaitForAsyncUtils.asyncFx(() -> send().amountProperty().get()).get(), "no amount in the link");
        assertEquals("Second", WaitForAsyncUtils.asyncFx(() -> send().labelProperty().get()).get());

        // a link BIP21 does not allow: explained, nothing filled
        UriHandoff.send(handoff, "bitcoin:" + ADDR + "?amount=1e3", Duration.ofSeconds(30));
        waitUntil(() -> lookup("#payment-link-refused").tryQuery().isPresent());
        String said = WaitForAsyncUtils.asyncFx(() -> lookup("#payment-link-refused").queryAs(DialogPane.class).getContentText()).get();
        assertEquals("The payment link's amount \"1e3\" cannot be used: Write the amount as a plain number, without an exponent (\"1e3\").", said);
        assertEquals(other, WaitForAsyncUtils.asyncFx(() -> send().addressProperty().get()).get());
    }
}
