package org.bitcoinfx.node.fake;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which {@code src/ipc/capnp/mining.capnp} the fake node serves ({@code -fakeschema=NAME}): Bitcoin
 * Core master's today, or one of the v31.99 schemas from before methods the app can do without were
 * added, all after the 31.x branch. A method the chosen schema lacks is answered as a real node
 * answers an ordinal its schema does not have: a Return with an UNIMPLEMENTED exception
 * ("Method not implemented.", docs/IPC.md §2).
 */
public enum FakeSchema {
    /** Before 2026-05-26: no {@code Mining.submitBlock @7}, {@code getTransactionsByTxID @8}, {@code getTransactionsByWitnessID @9}; {@code BlockTemplate.submitSolution} is @7. */
    PRE_SUBMITBLOCK7("pre-submitblock7"),
    /** 2026-05-26 to 05-28: {@code Mining.submitBlock @7}, no @8/@9; {@code BlockTemplate.submitSolution} is @7. */
    PRE_GETTRANSACTIONS8("pre-gettransactions8"),
    /** 2026-05-28 to 06-16: Mining @0…@9; no {@code BlockTemplate.submitSolution @10}, its {@code submitSolution @7} returns only {@code result :Bool}. */
    PRE_SUBMITSOLUTION10("pre-submitsolution10"),
    /** Bitcoin Core master today (the default): {@code submitSolution @10} with reason and debug, @7 refused. */
    CURRENT("current");

    private final String optionValue;

    FakeSchema(String optionValue) {
        this.optionValue = optionValue;
    }

    /** @return the {@code -fakeschema} value naming it */
    public String optionValue() {
        return optionValue;
    }

    /** @return true if {@code Mining.submitBlock @7} is served */
    public boolean servesSubmitBlock7() {
        return compareTo(PRE_GETTRANSACTIONS8) >= 0;
    }

    /** @return true if {@code Mining.getTransactionsByTxID @8} and {@code getTransactionsByWitnessID @9} are served */
    public boolean servesGetTransactions8() {
        return compareTo(PRE_SUBMITSOLUTION10) >= 0;
    }

    /** @return true if {@code BlockTemplate.submitSolution @10} is served (and @7 refused); false: @7 is the submitSolution */
    public boolean servesSubmitSolution10() {
        return this == CURRENT;
    }

    /**
     * @param value a {@code -fakeschema} value
     * @throws IllegalArgumentException naming the known values, for any other
     */
    public static FakeSchema parse(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.optionValue.equals(v)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "Invalid -fakeschema '" + value + "': one of " + Arrays.stream(values()).map(FakeSchema::optionValue).collect(Collectors.joining(", "))));
    }
}
