package org.bitcoinfx.gui.wallet.psbt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bitcoinfx.gui.node.ConnectionScope;
import org.bitcoinfx.gui.wallet.Passphrase;
import org.bitcoinfx.gui.wallet.SensitiveRpc;
import org.bitcoinfx.ipc.NodeClient;
import org.bitcoinfx.ipc.RpcClient;
import org.bitcoinfx.ipc.ServerThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PSBT calls of the Wallet page, all through {@code Rpc.executeRpc} (wallet calls on {@code /wallet/<name>}):
 * review ({@code decodepsbt}, {@code analyzepsbt}, {@code getaddressinfo}), sign ({@code walletprocesspsbt}),
 * {@code combinepsbt}, {@code finalizepsbt}, {@code sendrawtransaction}, and the watch-only wallet made of public
 * descriptors ({@code getdescriptorinfo}, {@code createwallet} without private keys, {@code importdescriptors}).
 * Mirrors Bitcoin Core {@code src/rpc/rawtransaction.cpp}, {@code src/wallet/rpc/spend.cpp},
 * {@code src/wallet/rpc/backup.cpp}, {@code src/rpc/output_script.cpp}. A PSBT is checked with {@link Psbts} before
 * any call: the future fails with IllegalArgumentException (and no call is made) for one that is not; the node's
 * refusals fail it with {@link org.bitcoinfx.ipc.JsonRpcException} in the node's words. Passphrases are taken as
 * {@link Passphrase} and sent only as a {@code char[]} parameter (a secret call).
 */
public final class PsbtService {
    private static final Logger LOG = LoggerFactory.getLogger(PsbtService.class);
    /** How long {@link #sign} unlocks an encrypted wallet for, seconds; it locks again right after signing. */
    public static final int UNLOCK_SECONDS = 30;

    private final NodeClient client;

    /** @param client the connected node */
    public PsbtService(NodeClient client) {
        this.client = client;
    }

    /** @return the connection's one PsbtService */
    public static PsbtService of(ConnectionScope scope) {
        return scope.service(PsbtService.class, s -> new PsbtService(s.client()));
    }

    private RpcClient rpc() {
        return client.rpc(ServerThread.WALLET);
    }

    private static <T> CompletableFuture<T> refuse(String message) {
        return CompletableFuture.failedFuture(new IllegalArgumentException(message));
    }

    /** {@code decodepsbt psbt}. */
    public CompletableFuture<DecodedPsbt> decode(String psbt) {
        String p;
        try {
            p = Psbts.checkBase64(psbt);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return rpc().call("decodepsbt", p).thenApply(DecodedPsbt::parse);
    }

    /** {@code analyzepsbt psbt}. */
    public CompletableFuture<PsbtAnalysis> analyze(String psbt) {
        String p;
        try {
            p = Psbts.checkBase64(psbt);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return rpc().call("analyzepsbt", p).thenApply(PsbtAnalysis::parse);
    }

    /**
     * The review: {@code decodepsbt}, then {@code analyzepsbt}, then (with a wallet) {@code getaddressinfo} of each
     * output address for own/change.
     *
     * @param wallet the wallet whose addresses are marked, or null for none
     * @return fails with IllegalArgumentException (no call) for what is not a PSBT, with the node's error otherwise
     */
    public CompletableFuture<PsbtReview> review(String wallet, String psbt) {
        String p;
        try {
            p = Psbts.checkBase64(psbt);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return decode(p).thenCompose(d -> analyze(p).thenCompose(a -> ownership(wallet, d).thenApply(own -> new PsbtReview(p, d, a, own))));
    }

    private CompletableFuture<Map<String, PsbtReview.Ownership>> ownership(String wallet, DecodedPsbt d) {
        Map<String, CompletableFuture<PsbtReview.Ownership>> fs = new LinkedHashMap<>();
        if (wallet != null) {
            for (DecodedPsbt.Output o : d.outputs()) {
                if (isAddress(o.address()) && !fs.containsKey(o.address())) {
                    fs.put(o.address(), rpc().callWallet(wallet, "getaddressinfo", o.address()).thenApply(r -> !r.path("ismine").asBoolean()
                            ? PsbtReview.Ownership.EXTERNAL : r.path("ischange").asBoolean() ? PsbtReview.Ownership.CHANGE : PsbtReview.Ownership.OWN));
                }
            }
        }
        return CompletableFuture.allOf(fs.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, PsbtReview.Ownership> m = new LinkedHashMap<>();
            fs.forEach((k, f) -> m.put(k, f.join()));
            return Map.copyOf(m);
        });
    }

    private static boolean isAddress(String s) {
        // decodepsbt gives the script type (nulldata, nonstandard, …) for an output without an address
        return !s.isEmpty() && !s.equals("nulldata") && !s.equals("nonstandard") && !s.equals("pubkey") && !s.equals("multisig");
    }

    /**
     * Signs what the wallet can: for an encrypted wallet {@code walletpassphrase} (for {@value #UNLOCK_SECONDS} s)
     * first, then {@code walletprocesspsbt psbt true "DEFAULT" true false} (BIP32 derivations kept, not finalized, so
     * that other signers' PSBTs can still be combined), then {@code walletlock} even if signing failed. The caller
     * closes the passphrase.
     *
     * @param passphrase the wallet passphrase, or null/empty for an unencrypted wallet
     * @return the PSBT after signing; fails with the node's error (e.g. -14 wrong passphrase, -13 locked)
     */
    public CompletableFuture<ProcessedPsbt> sign(String wallet, String psbt, Passphrase passphrase) {
        String p;
        try {
            p = Psbts.checkBase64(psbt);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        boolean unlock = passphrase != null && !passphrase.isEmpty();
        CompletableFuture<JsonNode> unlocked = unlock
                ? rpc().callWallet(wallet, "walletpassphrase", passphrase.chars(), UNLOCK_SECONDS)
                : CompletableFuture.completedFuture(null);
        CompletableFuture<JsonNode> signed = unlocked.thenCompose(v -> rpc().callWallet(wallet, "walletprocesspsbt", p, true, "DEFAULT", true, false));
        if (!unlock) {
            return signed.thenApply(r -> ProcessedPsbt.parse(r, p));
        }
        return signed.handle((r, e) -> e).thenCompose(signError -> rpc().callWallet(wallet, "walletlock").handle((v, lockError) -> {
            if (lockError != null) {
                LOG.warn("walletlock after signing failed: {}", lockError.getMessage());
            }
            return null;
        })).thenCompose(v -> signed).thenApply(r -> ProcessedPsbt.parse(r, p));
    }

    /**
     * {@code combinepsbt [psbts]}: one PSBT with the signatures and data of all (they must be of the same transaction).
     *
     * @return the combined PSBT; fails with IllegalArgumentException (no call) when fewer than two are given or one is
     *         not a PSBT, with the node's error (e.g. -8 "PSBTs not compatible (different transactions)") otherwise
     */
    public CompletableFuture<String> combine(List<String> psbts) {
        List<String> ps = new ArrayList<>();
        try {
            for (String s : psbts) {
                ps.add(Psbts.checkBase64(s));
            }
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (ps.size() < 2) {
            return refuse("Combining needs at least two PSBTs.");
        }
        return rpc().call("combinepsbt", ps).thenApply(JsonNode::asText);
    }

    /**
     * {@code finalizepsbt psbt true}: the final scripts and, when every input is complete, the network transaction.
     *
     * @return {@code complete} with the hex, or not complete with the PSBT as far as it could be finalized
     */
    public CompletableFuture<ProcessedPsbt> finalizePsbt(String psbt) {
        String p;
        try {
            p = Psbts.checkBase64(psbt);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return rpc().call("finalizepsbt", p, true).thenApply(r -> ProcessedPsbt.parse(r, p));
    }

    /** {@code sendrawtransaction hex}. @return the txid; fails with the node's refusal (e.g. -26 mempool rules, -25 missing inputs) */
    public CompletableFuture<String> broadcast(String hex) {
        if (hex == null || hex.isEmpty() || !hex.matches("[0-9a-fA-F]+")) {
            return refuse("There is no complete transaction to broadcast: finalize the PSBT first.");
        }
        return rpc().call("sendrawtransaction", hex).thenApply(JsonNode::asText);
    }

    /**
     * {@code getdescriptorinfo descriptor}: checks a public descriptor (syntax, and its checksum if it has one).
     *
     * @return the descriptor with its checksum, as given (with the node's checksum added when it had none)
     * @throws IllegalArgumentException (in the future, no call) for an empty one or one with a private key written out
     */
    public CompletableFuture<DescriptorCheck> checkDescriptor(String descriptor) {
        String d = descriptor == null ? "" : descriptor.strip();
        if (d.isEmpty()) {
            return refuse("Enter a descriptor, e.g. wpkh([fingerprint/84h/1h/0h]tpub…/0/*).");
        }
        if (SensitiveRpc.containsPrivateKey(d)) {
            return refuse("This descriptor has a private key in it. A watch-only wallet takes public keys only (xpub/tpub).");
        }
        return rpc().call("getdescriptorinfo", d).thenApply(r -> {
            if (r.path("hasprivatekeys").asBoolean(false)) {
                throw new IllegalArgumentException("This descriptor has a private key in it. A watch-only wallet takes public keys only.");
            }
            String withChecksum = d.contains("#") ? d : d + "#" + r.path("checksum").asText();
            return new DescriptorCheck(withChecksum, r.path("isrange").asBoolean(), r.path("descriptor").asText());
        });
    }

    /**
     * A checked public descriptor.
     *
     * @param descriptor the descriptor with its checksum, for {@code importdescriptors}
     * @param ranged     {@code isrange}: it has a {@code *} (then it can be active, giving new addresses)
     * @param canonical  the node's canonical form ({@code descriptor})
     */
    public record DescriptorCheck(String descriptor, boolean ranged, String canonical) {
    }

    /**
     * A watch-only descriptor wallet: every descriptor checked with {@link #checkDescriptor} first (nothing is created
     * if one is refused), then {@code createwallet name true true "" false true true} (no private keys, blank,
     * descriptors, load on startup), then {@code importdescriptors} of them (timestamp 0 with {@code rescan}, else
     * "now"; ranged ones active; with two, the second is the change ({@code internal}) one). If the import fails the
     * new wallet is unloaded ({@code unloadwallet}) and the node's words are reported: the empty wallet stays in the
     * wallet directory (no RPC deletes one).
     *
     * @param descriptors one (receive, or a multipath {@code <0;1>} one) or two (receive, change) public descriptors
     * @return the wallet's name; fails with IllegalArgumentException before any call for bad input, with the node's error
     */
    public CompletableFuture<String> createWatchOnly(String name, List<String> descriptors, boolean rescan) {
        if (name == null || name.isBlank()) {
            return refuse("Enter a name for the wallet.");
        }
        List<String> ds = descriptors.stream().map(s -> s == null ? "" : s.strip()).filter(s -> !s.isEmpty()).toList();
        if (ds.isEmpty() || ds.size() > 2) {
            return refuse("Enter the receive descriptor (and, if separate, the change descriptor).");
        }
        for (String d : ds) {
            if (SensitiveRpc.containsPrivateKey(d)) {
                return refuse("A descriptor has a private key in it. A watch-only wallet takes public keys only (xpub/tpub).");
            }
        }
        String n = name.strip();
        List<CompletableFuture<DescriptorCheck>> checks = ds.stream().map(this::checkDescriptor).toList();
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            List<Map<String, Object>> requests = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                DescriptorCheck c = checks.get(i).join();
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("desc", c.descriptor());
                q.put("timestamp", rescan ? (Object) 0 : "now");
                if (c.ranged()) {
                    q.put("active", true);
                }
                if (checks.size() == 2) {
                    q.put("internal", i == 1);
                }
                requests.add(q);
            }
            return rpc().call("createwallet", n, true, true, "", false, true, true)
                    .thenCompose(created -> {
                        String w = created.path("name").asText(n);
                        // importdescriptors is a SensitiveRpc method: sent as a secret call (no ipc trace of its params)
                        return rpc().callSecret(w, "importdescriptors", requests).thenCompose(r -> {
                            String problem = importProblem(r);
                            if (problem.isEmpty()) {
                                return CompletableFuture.completedFuture(w);
                            }
                            return rpc().call("unloadwallet", w).handle((x, e) -> {
                                if (e != null) {
                                    LOG.warn("unloadwallet after a failed import failed: {}", e.getMessage());
                                }
                                throw new IllegalStateException(problem + " The wallet \"" + w + "\" was created empty and closed again.");
                            });
                        });
                    });
        });
    }

    /**
     * {@code enumeratesigners}: the devices of the node's {@code -signer} tool.
     *
     * @return fails with the node's error, e.g. "Error: restart bitcoind with -signer=&lt;cmd&gt;" when the node runs without one
     */
    public CompletableFuture<List<ExternalSigner>> enumerateSigners() {
        return rpc().call("enumeratesigners").thenApply(ExternalSigner::parse);
    }

    /**
     * A wallet on the node's external signer: {@code createwallet name true false "" false true true true} (no private
     * keys, not blank, descriptors, load on startup, {@code external_signer}); the node asks the {@code -signer} tool for
     * the device's descriptors ({@code getdescriptors}); signing goes to the device ({@code signtx}) through
     * {@code walletprocesspsbt}. The node refuses when there is no signer or more than one.
     *
     * @return the wallet's name; fails with IllegalArgumentException (no call) for an empty name, or the node's error
     */
    public CompletableFuture<String> createExternalSignerWallet(String name) {
        if (name == null || name.isBlank()) {
            return refuse("Enter a name for the wallet.");
        }
        String n = name.strip();
        return rpc().call("createwallet", n, true, false, "", false, true, true, true).thenApply(r -> r.path("name").asText(n));
    }

    /** @return "" when every request of an {@code importdescriptors} reply succeeded, else the node's error messages */
    static String importProblem(JsonNode reply) {
        StringBuilder b = new StringBuilder();
        for (JsonNode r : reply) {
            if (!r.path("success").asBoolean(false)) {
                b.append(b.isEmpty() ? "" : " ").append(r.path("error").path("message").asText("importdescriptors failed."));
            }
        }
        return b.toString();
    }
}
