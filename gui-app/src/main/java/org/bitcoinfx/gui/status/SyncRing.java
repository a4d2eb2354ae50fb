package org.bitcoinfx.gui.status;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Arc;
import javafx.scene.shape.ArcType;
import javafx.scene.shape.StrokeLineCap;

/** A ring filled clockwise to {@link #progressProperty()} (0…1), with two lines of text inside. */
public final class SyncRing extends StackPane {
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
    private final Label big = new Label();
    private final Label small = new Label();

    /** @param radius ring radius, px */
    public SyncRing(double radius) {
        getStyleClass().add("sync-ring");
        Arc track = new Arc(0, 0, radius, radius, 90, -360);
        track.setType(ArcType.OPEN);
        track.getStyleClass().add("sync-ring-track");
        Arc bar = new Arc(0, 0, radius, radius, 90, 0);
        bar.setType(ArcType.OPEN);
        bar.getStyleClass().add("sync-ring-bar");
        for (Arc a : new Arc[] {track, bar}) {
            a.setStrokeWidth(12);
            a.setFill(null);
            a.setStrokeLineCap(StrokeLineCap.ROUND);
        }
        bar.lengthProperty().bind(progress.multiply(-360));
        big.getStyleClass().add("sync-ring-big");
        big.setId("sync-percent");
        small.getStyleClass().add("sync-ring-small");
        VBox text = new VBox(2, big, small);
        text.setAlignment(javafx.geometry.Pos.CENTER);
        StackPane arcs = new StackPane(track, bar);
        arcs.setMinSize(2 * radius + 14, 2 * radius + 14);
        arcs.setMaxSize(2 * radius + 14, 2 * radius + 14);
        // unmanaged arcs around a fixed centre: a StackPane would re-centre the bar as it grows
        bar.setManaged(false);
        track.setManaged(false);
        track.setCenterX(radius + 7);
        track.setCenterY(radius + 7);
        bar.setCenterX(radius + 7);
        bar.setCenterY(radius + 7);
        getChildren().addAll(arcs, text);
    }

    /** @return fill, 0…1 */
    public DoubleProperty progressProperty() {
        return progress;
    }

    /** Sets the text inside the ring. */
    public void setText(String bigText, String smallText) {
        big.setText(bigText);
        small.setText(smallText);
    }
}
