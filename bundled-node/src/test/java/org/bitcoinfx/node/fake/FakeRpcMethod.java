package org.bitcoinfx.node.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A method the fake node's {@code Rpc.executeRpc} serves (Bitcoin Core {@code CRPCCommand} with
 * its {@code RPCHelpMan}).
 *
 * @param name        the method name
 * @param category    the help category ({@code blockchain}, {@code control}, {@code mining},
 *                    {@code network}, {@code util}, {@code wallet}; {@code hidden} ones are not listed by {@code help})
 * @param description the help text's description paragraph
 * @param args        the arguments, in position order
 * @param handler     computes the result
 */
public record FakeRpcMethod(String name, String category, String description, List<FakeRpcArg> args, Handler handler) {
    /** Computes a method's JSON result. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param call the params (already checked against the argument types) and context
         * @return the JSON result (never Java null; use {@code NullNode})
         * @throws FakeRpcException for a JSON-RPC error reply
         */
        JsonNode handle(FakeRpcCall call) throws FakeRpcException;
    }

    /** Copies the argument list. */
    public FakeRpcMethod {
        args = List.copyOf(args);
    }

    /** @return the one-line signature: {@code getblock "blockhash" ( verbosity )} */
    public String signature() {
        StringBuilder b = new StringBuilder(name);
        boolean inOptional = false;
        for (FakeRpcArg a : args) {
            if (a.optional() && !inOptional) {
                b.append(" (");
                inOptional = true;
            }
            b.append(' ').append(a.signature());
        }
        if (inOptional) {
            b.append(" )");
        }
        return b.toString();
    }

    /** @return the full help text, in the shape of {@code RPCHelpMan::ToString} */
    public String helpText() {
        StringBuilder b = new StringBuilder(signature()).append("\n\n").append(description).append('\n');
        if (!args.isEmpty()) {
            b.append("\nArguments:\n");
            int w = args.stream().mapToInt(a -> a.name().length()).max().orElse(0);
            for (int i = 0; i < args.size(); i++) {
                FakeRpcArg a = args.get(i);
                b.append(i + 1).append(". ").append(a.name()).append(" ".repeat(w - a.name().length() + 4))
                        .append('(').append(a.type().helpName).append(a.optional() ? ", optional" : ", required").append(") ")
                        .append(a.description()).append('\n');
            }
        }
        b.append("\nExamples:\n> bitcoin-cli ").append(name).append(" \n");
        return b.toString();
    }
}
