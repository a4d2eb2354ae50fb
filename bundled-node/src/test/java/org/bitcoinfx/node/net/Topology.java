package org.bitcoinfx.node.net;

import java.util.ArrayList;
import java.util.List;

/**
 * Which nodes of a {@link RegtestNetwork} connect to which: each {@link Link} makes node {@code from}
 * open an outbound connection to node {@code to} ({@code addnode … onetry}), as Bitcoin Core's test
 * framework {@code connect_nodes(a, b)} does ({@code test/functional/test_framework/test_framework.py}).
 */
public final class Topology {
    /** One connection: {@code from} dials {@code to} (node indexes). */
    public record Link(int from, int to) {
        /** @throws IllegalArgumentException for a negative index or a node linked to itself */
        public Link {
            if (from < 0 || to < 0 || from == to) {
                throw new IllegalArgumentException("bad link " + from + " -> " + to);
            }
        }
    }

    private final String name;
    private final List<Link> explicit; // null for line and star

    private Topology(String name, List<Link> explicit) {
        this.name = name;
        this.explicit = explicit;
    }

    /** @return 0 → 1 → 2 → … (each node dials the next; Bitcoin Core's default {@code setup_network}) */
    public static Topology line() {
        return new Topology("line", null);
    }

    /** @return node 0 is the hub: 1 → 0, 2 → 0, … */
    public static Topology star() {
        return new Topology("star", null);
    }

    /** @return no connections (connect later with {@link RegtestNetwork#connect}) */
    public static Topology none() {
        return new Topology("none", List.of());
    }

    /**
     * @param fromTo pairs of node indexes, {@code from0, to0, from1, to1, …}
     * @return exactly these links
     * @throws IllegalArgumentException for an odd count or a bad pair
     */
    public static Topology pairs(int... fromTo) {
        if (fromTo.length % 2 != 0) {
            throw new IllegalArgumentException("pairs need an even number of indexes: " + fromTo.length);
        }
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < fromTo.length; i += 2) {
            links.add(new Link(fromTo[i], fromTo[i + 1]));
        }
        return new Topology("pairs", List.copyOf(links));
    }

    /**
     * @param nodes how many nodes the network has
     * @return the links for that many nodes
     * @throws IllegalArgumentException if a link names a node that does not exist
     */
    public List<Link> links(int nodes) {
        List<Link> links = new ArrayList<>();
        if (explicit != null) {
            for (Link l : explicit) {
                if (l.from() >= nodes || l.to() >= nodes) {
                    throw new IllegalArgumentException("link " + l + " names a node beyond the " + nodes + " of the network");
                }
                links.add(l);
            }
        } else if (name.equals("line")) {
            for (int i = 0; i + 1 < nodes; i++) {
                links.add(new Link(i, i + 1));
            }
        } else {
            for (int i = 1; i < nodes; i++) {
                links.add(new Link(i, 0));
            }
        }
        return links;
    }

    @Override
    public String toString() {
        return explicit == null || explicit.isEmpty() ? name : name + explicit;
    }
}
