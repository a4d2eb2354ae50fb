package org.bitcoinfx.gui.settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bitcoinfx.gui.node.NodeSettings;

/**
 * What a Save changes that bitcoin-node takes only at start: the difference between the node options of the saved
 * settings (what the running node was started with) and of the draft, option by option, in words
 * ({@code -dbcache: default → 450}). Every node option is a start-up option, so any difference needs a restart.
 */
public final class RestartCheck {
    private RestartCheck() {
    }

    /**
     * @param saved the settings now in force
     * @param draft the settings about to be saved
     * @return one line per option that differs, in the order of the command line; empty when the node would be started
     *     the same way (or when the draft's options cannot be used: the page shows that and disables Save)
     */
    public static List<String> changes(Settings saved, Settings draft) {
        NodeSettings a;
        NodeSettings b;
        try {
            b = draft.toNodeSettings();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        try {
            a = saved.toNodeSettings();
        } catch (IllegalArgumentException e) {
            return List.of("node options: " + e.getMessage() + " → fixed");
        }
        List<String> out = new ArrayList<>();
        Map<String, String> before = byName(a.toArgs());
        Map<String, String> after = byName(b.toArgs());
        for (String k : union(before, after)) {
            String x = before.get(k);
            String y = after.get(k);
            if (!Objects.equals(x, y)) {
                out.add("-" + k + ": " + (x == null ? "default" : x) + " → " + (y == null ? "default" : y));
            }
        }
        if (!Objects.equals(a.nodeBinary(), b.nodeBinary())) {
            out.add("bitcoin-node: " + (a.nodeBinary() == null ? "found automatically" : a.nodeBinary()) + " → "
                    + (b.nodeBinary() == null ? "found automatically" : b.nodeBinary()));
        }
        return out;
    }

    private static Map<String, String> byName(List<String> args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : args) {
            String n = a.replaceFirst("^-+", "");
            int eq = n.indexOf('=');
            String key = eq < 0 ? n : n.substring(0, eq);
            String v = eq < 0 ? "(set)" : n.substring(eq + 1);
            m.merge(key, v, (p, q) -> p + " " + q);
        }
        return m;
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        for (String k : b.keySet()) {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        return keys;
    }
}
