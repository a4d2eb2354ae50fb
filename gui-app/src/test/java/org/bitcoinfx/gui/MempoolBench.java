package org.bitcoinfx.gui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bitcoinfx.gui.mempool.MempoolEntry;
import org.bitcoinfx.gui.mempool.MempoolService;
import org.bitcoinfx.gui.mempool.MempoolSnapshot;

/**
 * The Mempool page's reduction at size (issue #18): a {@code getrawmempool true} reply of {@code --entries} entries
 * in Core's {@code entryToJSON} shape (made up here, random fee rates 1–1,100 sat/vB), parsed as the RPC client does
 * (Jackson), then {@link MempoolEntry#parseMap} and {@link MempoolSnapshot#of} (histogram + newest) — the work
 * {@link MempoolService#snapshot()} does off the JavaFX thread. Prints the reply's size and, over {@code --rounds},
 * the median and worst times of each step. No node, no JavaFX.
 * <p>{@code gui-app/bench.sh --mempool [--entries=50000] [--rounds=10]}
 */
public final class MempoolBench {
    private MempoolBench() {
    }

    public static void main(String[] args) throws Exception {
        int entries = 50_000;
        int rounds = 10;
        for (String a : args) {
            if (a.startsWith("--entries=")) {
                entries = Integer.parseInt(a.substring(10));
            } else if (a.startsWith("--rounds=")) {
                rounds = Integer.parseInt(a.substring(9));
            }
        }
        String reply = reply(entries);
        System.out.printf("getrawmempool true of %,d entries: %,d chars%n", entries, reply.length());
        ObjectMapper m = new ObjectMapper();
        List<Double> parse = new ArrayList<>();
        List<Double> reduce = new ArrayList<>();
        for (int r = 0; r < rounds + 2; r++) { // two warm-up rounds
            long t0 = System.nanoTime();
            JsonNode tree = m.readTree(reply);
            List<MempoolEntry> es = MempoolEntry.parseMap(tree);
            long t1 = System.nanoTime();
            MempoolSnapshot s = MempoolSnapshot.of(es, MempoolService.RECENT);
            long t2 = System.nanoTime();
            if (s.count() != entries) {
                throw new IllegalStateException("counted " + s.count());
            }
            if (r >= 2) {
                parse.add((t1 - t0) / 1e6);
                reduce.add((t2 - t1) / 1e6);
            }
        }
        System.out.printf("JSON + records: median %.1f ms, worst %.1f ms%n", median(parse), Collections.max(parse));
        System.out.printf("histogram + newest %d: median %.1f ms, worst %.1f ms%n", MempoolService.RECENT, median(reduce), Collections.max(reduce));
    }

    static String reply(int n) {
        Random r = new Random(18);
        StringBuilder b = new StringBuilder(n * 700).append('{');
        for (int i = 0; i < n; i++) {
            long vsize = 110 + r.nextInt(2000);
            long fee = (long) (vsize * Math.exp(r.nextDouble() * 7));
            String btc = String.format(java.util.Locale.ROOT, "%.8f", fee / 1e8);
            if (i > 0) {
                b.append(',');
            }
            b.append(String.format(java.util.Locale.ROOT, "\"%064x\":{\"vsize_adjusted\":%d,\"vsize\":%d,\"vsize_bip141\":%d,\"weight\":%d,"
                    + "\"time\":%d,\"height\":200,\"descendantcount\":1,\"descendantsize\":%d,\"ancestorcount\":1,\"ancestorsize\":%d,"
                    + "\"wtxid\":\"%064x\",\"chunkweight\":%d,\"fees\":{\"base\":%s,\"modified\":%s,\"ancestor\":%s,\"descendant\":%s,"
                    + "\"chunk\":%s},\"depends\":[],\"spentby\":[],\"unbroadcast\":false}",
                    i, vsize, vsize, vsize, vsize * 4, 1_735_689_600L + r.nextInt(86_400), vsize, vsize, i + n, vsize * 4, btc, btc, btc, btc, btc));
        }
        return b.append('}').toString();
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
