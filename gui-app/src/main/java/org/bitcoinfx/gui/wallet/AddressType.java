package org.bitcoinfx.gui.wallet;

/** The address types {@code getnewaddress} offers a descriptor wallet (its {@code address_type} argument). */
public enum AddressType {
    /** Native segwit v0 (P2WPKH), {@code bcrt1q…}/{@code bc1q…}. */
    BECH32("bech32", "Native segwit (bech32)"),
    /** Taproot (P2TR), {@code bcrt1p…}/{@code bc1p…}. */
    BECH32M("bech32m", "Taproot (bech32m)"),
    /** Segwit wrapped in P2SH, {@code 2…}/{@code 3…}, for old senders. */
    P2SH_SEGWIT("p2sh-segwit", "Wrapped segwit (p2sh-segwit)"),
    /** Legacy P2PKH, {@code m…}/{@code n…}/{@code 1…}: the only kind Bitcoin Core signs messages with ({@code signmessage}). */
    LEGACY("legacy", "Legacy (P2PKH), for signing messages");

    private final String rpcName;
    private final String displayName;

    AddressType(String rpcName, String displayName) {
        this.rpcName = rpcName;
        this.displayName = displayName;
    }

    /** @return the name the RPC takes, e.g. {@code bech32m} */
    public String rpcName() {
        return rpcName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
