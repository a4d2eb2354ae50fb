package org.bitcoinfx.gui;

import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.List;
import org.bitcoinfx.gui.peers.PeersPage;
import org.bitcoinfx.gui.peers.TrafficHistory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.bitcoinfx.gui.peers.PeerInfo;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/** Peers page: getpeerinfo in a table, details on selection. */
class PeersPageTest extends AppTestBase {
    @SuppressWarnings("unchecked")
    private TableView<PeerInfo> table() {
        return lookup("#peers-table").queryAs(TableView.class);
    }

    @Test
    void peersTableAndDetails() throws Exception {
        waitReady();
        showPage("Peers");
        waitUntil(() -> table().getItems().size() == 3);
        assertEquals("127.0.0.1:18444", WaitForAsyncUtils.asyncFx(() -> table().getItems().get(0).addr()).get());
        assertEquals("inbound", WaitForAsyncUtils.asyncFx(() -> table().getItems().get(2).connectionType()).get());

        interact(() -> table().getSelectionModel().select(1));
        waitUntil(() -> lookup("#peer-details").lookup(".label").queryAll().stream()
                .anyMatch(n -> "203.0.113.7:18444".equals(((Label) n).getText())));
    }

    @Test
    void trafficChartDrawsRatesFromGetnettotalsInTheChosenWindow() throws Exception {
        waitReady();
        showPage("Peers");
        PeersPage page = WaitForAsyncUtils.asyncFx(() -> (PeersPage) app.mainWindow().currentPage()).get();
        // a sample on showing, then one every POLL_SECONDS: two give the first rate point
        waitUntil(() -> page.traffic().size() >= 2);
        @SuppressWarnings("unchecked")
        javafx.scene.chart.AreaChart<Number, Number> chart = lookup("#traffic-chart").queryAs(javafx.scene.chart.AreaChart.class);
        waitUntil(() -> !chart.getData().get(0).getData().isEmpty());
        javafx.scene.chart.NumberAxis x = (javafx.scene.chart.NumberAxis) chart.getXAxis();
        assertEquals("minutes ago", WaitForAsyncUtils.asyncFx(x::getLabel).get());
        assertEquals(-5.0, WaitForAsyncUtils.asyncFx(x::getLowerBound).get(), 1e-9);
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<TrafficHistory.Window> window = lookup("#traffic-window").queryAs(javafx.scene.control.ComboBox.class);
        interact(() -> window.setValue(TrafficHistory.Window.DAY_1));
        assertEquals("hours ago", WaitForAsyncUtils.asyncFx(x::getLabel).get());
        assertEquals(-24.0, WaitForAsyncUtils.asyncFx(x::getLowerBound).get(), 1e-9);
        // every point lies inside the window, at a non-negative rate
        for (var d : WaitForAsyncUtils.asyncFx(() -> List.copyOf(chart.getData().get(0).getData())).get()) {
            assertTrue(d.getXValue().doubleValue() <= 0 && d.getXValue().doubleValue() >= -24, d.toString());
            assertTrue(d.getYValue().doubleValue() >= 0, d.toString());
        }
    }
}
