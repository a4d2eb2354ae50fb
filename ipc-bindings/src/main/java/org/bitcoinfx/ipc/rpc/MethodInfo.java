package org.bitcoinfx.ipc.rpc;

import java.util.List;
import java.util.Objects;

/**
 * One method of a Cap'n Proto interface as our schemas declare it: the rows of the {@code METHODS}
 * table the generator ({@code org.bitcoinfx.ipc.codegen.InterfaceEmitter}) emits in each generated
 * interface class, in ordinal order, for reports that go through an interface method by method
 * ({@code bitcoinfx-ipc schema}).
 *
 * @param ordinal     the method's ordinal ({@code @N}), sent as {@code Call.methodId}; 0 to 65535
 * @param name        the method's name exactly as in the {@code .capnp} ({@code createNewBlock})
 * @param paramFields the names of the params struct's fields in declaration order, as in the
 *                    {@code .capnp} ({@code [context, options, cooldown]}); empty for {@code ()}
 */
public record MethodInfo(int ordinal, String name, List<String> paramFields) {
    /** The field libmultiprocess's methods take their {@code Proxy.Context} in (BC {@code src/ipc/capnp/*.capnp}). */
    public static final String CONTEXT_FIELD = "context";

    /**
     * @throws IllegalArgumentException for an ordinal outside 0 to 65535
     * @throws NullPointerException     for a null name or field list
     */
    public MethodInfo {
        if (ordinal < 0 || ordinal > 0xffff) {
            throw new IllegalArgumentException("ordinal out of range: " + ordinal);
        }
        Objects.requireNonNull(name, "name");
        paramFields = List.copyOf(paramFields);
    }

    /**
     * Whether the params carry a libmultiprocess {@code context :Proxy.Context} field, so that the
     * node runs the method on {@code context.thread} (or the connection's pool) and, with neither,
     * fails it before it runs with "no thread specified and no pool configured" (MP
     * {@code include/mp/type-context.h}). Every such field in our schemas is named
     * {@value #CONTEXT_FIELD}, and no other field is ({@code SchemaReportTest} holds the generated
     * tables to the Params classes' types).
     *
     * @return true if {@link #paramFields()} holds {@value #CONTEXT_FIELD}
     */
    public boolean hasContext() {
        return paramFields.contains(CONTEXT_FIELD);
    }
}
