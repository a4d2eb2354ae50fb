package org.bitcoinfx.gui.shell;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.bitcoinfx.gui.node.NodeStatus;
import org.bitcoinfx.node.NodeState;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The banner shown when the node has a problem (crash, startup failure, old version, IPC socket
 * gone): what happened, the last log lines, and Restart / Choose bitcoin-node… / Quit.
 */
public final class ProblemBanner extends VBox {
    private final Label title = new Label();
    private final Label message = new Label();
    private final TextArea logTail = new TextArea();
    private final TitledPane logPane = new TitledPane("Last log lines", logTail);
    private final Button restart = new Button("Restart", new FontIcon(Feather.REFRESH_CW));
    private final Button choose = new Button("Choose bitcoin-node…", new FontIcon(Feather.FOLDER));

    /**
     * @param onRestart   restarts the node
     * @param onChoose    lets the user choose another bitcoin-node
     * @param onQuit      quits the app
     */
    public ProblemBanner(Runnable onRestart, Runnable onChoose, Runnable onQuit) {
        setId("problem-banner");
        getStyleClass().add("problem-banner");
        setSpacing(8);
        setPadding(new Insets(12, 16, 12, 16));
        FontIcon icon = new FontIcon(Feather.ALERT_TRIANGLE);
        icon.getStyleClass().add("problem-icon");
        title.getStyleClass().addAll(Styles.TITLE_4);
        title.setId("problem-title");
        message.setWrapText(true);
        message.setId("problem-message");
        restart.setId("problem-restart");
        restart.setOnAction(e -> onRestart.run());
        choose.setId("problem-choose");
        choose.setOnAction(e -> onChoose.run());
        Button quit = new Button("Quit");
        quit.setId("problem-quit");
        quit.setOnAction(e -> onQuit.run());
        for (Button b : new Button[] {restart, choose, quit}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(10, icon, new VBox(2, title, message), spacer, restart, choose, quit);
        head.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(head.getChildren().get(1), Priority.SOMETIMES);
        logTail.setEditable(false);
        logTail.setPrefRowCount(8);
        logTail.setPrefHeight(170);
        logTail.setMinHeight(120);
        logTail.getStyleClass().add("monospace");
        logTail.setId("problem-log");
        logPane.setExpanded(false);
        logPane.setAnimated(false);
        getChildren().addAll(head, logPane);
        // never squeezed by the page below (that one scrolls): the message keeps all its lines
        setMinHeight(Region.USE_PREF_SIZE);
        setVisible(false);
        setManaged(false);
    }

    /** Shows the banner for a problem state, hides it otherwise. */
    public void show(NodeStatus s) {
        boolean problem = s != null && s.state().isProblem();
        setVisible(problem);
        setManaged(problem);
        if (!problem) {
            return;
        }
        title.setText(s.state() == NodeState.CRASHED ? "bitcoin-node stopped unexpectedly" : "bitcoin-node is not running");
        message.setText(s.message());
        String tail = String.join("\n", s.lastLogLines());
        logTail.setText(tail);
        // scrolled to the last line, at its start (where the timestamp is), not to the end of a long line
        logTail.positionCaret(tail.lastIndexOf('\n') + 1);
        logTail.setScrollTop(Double.MAX_VALUE);
        logTail.setScrollLeft(0);
        logPane.setVisible(!s.lastLogLines().isEmpty());
        logPane.setManaged(!s.lastLogLines().isEmpty());
        logPane.setExpanded(s.state() == NodeState.CRASHED);
        // no binary: choosing one is the way forward; otherwise try again
        boolean noNode = s.message().startsWith("No bitcoin-node found");
        logPane.setText(noNode ? "Places tried" : "Last log lines"); // a failed search lists where it looked
        restart.getStyleClass().remove(Styles.ACCENT);
        choose.getStyleClass().remove(Styles.ACCENT);
        (noNode ? choose : restart).getStyleClass().add(Styles.ACCENT);
    }
}
