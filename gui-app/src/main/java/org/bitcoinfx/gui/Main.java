package org.bitcoinfx.gui;

import javafx.application.Application;

/**
 * Plain launcher so the jar runs on the class path ({@code java -cp … org.bitcoinfx.gui.Main}):
 * JavaFX refuses to launch an {@link Application} subclass as the main class from the class path.
 */
public final class Main {
    private Main() {
    }

    /**
     * Options: {@code --reset-settings} (show onboarding again), {@code --settings=<file>},
     * {@code --connect unix:<path>} (attach to a running bitcoin-node), {@code --self-test [options]}
     * (headless check of the node, see {@link SelfTest}; exits with its status), a {@code bitcoin:} URI
     * (fills Send). Exit status 2 for bad options, {@value #ALREADY_RUNNING} if another Bitcoin FX runs
     * with the same settings directory ({@link org.bitcoinfx.gui.settings.InstanceLock}); with a
     * {@code bitcoin:} URI the running one is handed it ({@link org.bitcoinfx.gui.shell.UriHandoff})
     * and this start exits with 0. Exit status {@value #NO_GTK} if GTK 3 is missing
     * (one line on stderr says what to install, {@link GtkCheck}).
     */
    public static void main(String[] args) {
        java.util.List<String> list = java.util.List.of(args);
        if (list.contains("--self-test")) {
            System.exit(SelfTest.run(list.stream().filter(a -> !a.equals("--self-test")).toList(), System.out));
        }
        org.bitcoinfx.gui.shell.AppConfig config = null;
        try {
            config = org.bitcoinfx.gui.shell.AppConfig.fromArgs(java.util.List.of(args), () -> { });
        } catch (IllegalArgumentException e) {
            System.err.println("bitcoinfx: " + e.getMessage());
            System.exit(2);
        }
        java.util.Optional<String> noGtk = GtkCheck.problem();
        if (noGtk.isPresent()) {
            System.err.println("bitcoinfx: " + noGtk.get());
            System.exit(NO_GTK);
        }
        try {
            // held until the process ends
            instanceLock = org.bitcoinfx.gui.settings.InstanceLock.acquire(config.settingsFile().toAbsolutePath().getParent());
        } catch (org.bitcoinfx.gui.settings.InstanceLock.AlreadyRunningException e) {
            if (config.paymentUri() != null) {
                // the desktop opened a payment link: the running app takes it
                try {
                    org.bitcoinfx.gui.shell.UriHandoff.send(config.handoffDir(), config.paymentUri(), java.time.Duration.ofSeconds(10));
                    System.err.println("bitcoinfx: the payment link went to the Bitcoin FX already running");
                    System.exit(0);
                } catch (java.io.IOException handoff) {
                    tellAlreadyRunning(e.getMessage() + " It did not take the payment link: " + handoff.getMessage());
                    System.exit(ALREADY_RUNNING);
                }
            }
            tellAlreadyRunning(e.getMessage());
            System.exit(ALREADY_RUNNING);
        } catch (java.io.IOException e) {
            System.err.println("bitcoinfx: cannot lock the settings directory: " + e.getMessage());
            System.exit(1);
        }
        try {
            Application.launch(BitcoinFxApp.class, args);
        } catch (RuntimeException e) {
            if (!GtkCheck.isGlassGtkFailure(e)) {
                throw e;
            }
            // GTK is there by name but does not load (wrong architecture, a broken install): still one line, no stack trace
            System.err.println("bitcoinfx: " + GtkCheck.MESSAGE + " (" + e.getMessage() + ")");
            System.exit(NO_GTK);
        }
    }

    /**
     * Says that another Bitcoin FX runs: on stderr, and (started from a desktop, where nobody reads
     * stderr) in a dialog when a display is there and {@code -Dbitcoinfx.alreadyRunningDialog=false}
     * is not given. Returns when the dialog is closed, or at once without a display.
     */
    private static void tellAlreadyRunning(String message) {
        System.err.println("bitcoinfx: " + message);
        if (!Boolean.parseBoolean(System.getProperty("bitcoinfx.alreadyRunningDialog", "true"))) {
            return;
        }
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        try {
            javafx.application.Platform.startup(() -> {
                try {
                    javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION, message);
                    a.setTitle("Bitcoin FX");
                    a.setHeaderText("Bitcoin FX is already running");
                    a.showAndWait();
                } finally {
                    closed.countDown();
                }
            });
            closed.await();
        } catch (RuntimeException | InterruptedException | Error noDisplay) {
            System.err.println("bitcoinfx: (no dialog: " + noDisplay + ")");
        }
    }

    /** Exit status when GTK 3, which JavaFX needs on Linux, cannot be loaded ({@link GtkCheck}). */
    public static final int NO_GTK = 4;

    /** Exit status when another Bitcoin FX holds the settings directory. */
    public static final int ALREADY_RUNNING = 3;

    /** The one-instance lock, held for the process's life. */
    @SuppressWarnings("unused")
    private static org.bitcoinfx.gui.settings.InstanceLock instanceLock;
}
