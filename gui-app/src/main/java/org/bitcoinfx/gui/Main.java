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
     * (headless check of the node, see {@link SelfTest}; exits with its status).
     */
    public static void main(String[] args) {
        java.util.List<String> list = java.util.List.of(args);
        if (list.contains("--self-test")) {
            System.exit(SelfTest.run(list.stream().filter(a -> !a.equals("--self-test")).toList(), System.out));
        }
        try {
            org.bitcoinfx.gui.shell.AppConfig.fromArgs(java.util.List.of(args), () -> { });
        } catch (IllegalArgumentException e) {
            System.err.println("bitcoinfx: " + e.getMessage());
            System.exit(2);
        }
        Application.launch(BitcoinFxApp.class, args);
    }
}
