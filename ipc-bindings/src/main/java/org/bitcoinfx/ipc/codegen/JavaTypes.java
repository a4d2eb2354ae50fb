package org.bitcoinfx.ipc.codegen;

import static org.bitcoinfx.ipc.codegen.JavaNames.hex;

import org.bitcoinfx.ipc.codegen.Schema.Field;
import org.bitcoinfx.ipc.codegen.Schema.Type;
import org.bitcoinfx.ipc.codegen.Schema.TypeKind;

/**
 * Java types for {@code schema.capnp}'s {@code Type} on {@code org.capnproto:runtime}: primitive
 * Java types and the runtime's field accessor names, Reader / Builder types and factories of lists
 * (nested to any depth), and the XOR masks that encode a field's {@code defaultValue}
 * ({@code schema.capnp}'s {@code Value}). Mirrors {@code typeName} and the default-value handling
 * of {@code makeFieldText} in capnproto-java's {@code compiler/capnpc-java.c++}.
 */
final class JavaTypes {
    private final JavaNames names;

    JavaTypes(JavaNames names) {
        this.names = names;
    }

    /** @return the Java type of a primitive field or constant */
    static String primitiveJava(TypeKind k) {
        return switch (k) {
            case BOOL -> "boolean";
            case INT8, UINT8 -> "byte";
            case INT16, UINT16 -> "short";
            case INT32, UINT32 -> "int";
            case INT64, UINT64 -> "long";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            default -> throw new IllegalArgumentException("not a primitive: " + k);
        };
    }

    /** @return the {@code _get…Field} / {@code _set…Field} suffix of the runtime for a primitive or enum */
    static String accessor(TypeKind k) {
        return switch (k) {
            case BOOL -> "Boolean";
            case INT8, UINT8 -> "Byte";
            case INT16, UINT16, ENUM -> "Short";
            case INT32, UINT32 -> "Int";
            case INT64, UINT64 -> "Long";
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            default -> throw new IllegalArgumentException("not a primitive: " + k);
        };
    }

    /** The XOR mask argument for a primitive default, or null when the default is zero. */
    static String mask(Field f) {
        Schema.Value v = f.defaultValue();
        long bits = v == null ? 0 : v.bits();
        if (bits == 0) {
            return null;
        }
        return switch (f.type().kind()) {
            case BOOL -> "true";
            case INT8, UINT8 -> "(byte) " + (byte) bits;
            case INT16, UINT16, ENUM -> "(short) " + (short) bits;
            case INT32, UINT32, FLOAT32 -> Integer.toString((int) bits);
            case INT64, UINT64, FLOAT64 -> hex(bits);
            default -> null;
        };
    }

    /** @return the Reader type of a list field */
    String listReaderType(Type t) {
        Type e = t.element();
        return switch (e.kind()) {
            case VOID -> "org.capnproto.PrimitiveList.Void.Reader";
            case BOOL, INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64, FLOAT32, FLOAT64 ->
                    "org.capnproto.PrimitiveList." + primitiveListName(e.kind()) + ".Reader";
            case TEXT -> "org.capnproto.TextList.Reader";
            case DATA -> "org.capnproto.DataList.Reader";
            case STRUCT -> "org.capnproto.StructList.Reader<" + names.javaName(e.typeId()) + ".Reader>";
            case ENUM -> "org.capnproto.EnumList.Reader<" + names.javaName(e.typeId()) + ">";
            case LIST -> "org.capnproto.ListList.Reader<" + listReaderType(e) + ">";
            default -> throw new IllegalArgumentException("lists of " + e.kind() + " are not supported");
        };
    }

    /** @return the Builder type of a list field */
    String listBuilderType(Type t) {
        Type e = t.element();
        return switch (e.kind()) {
            case VOID -> "org.capnproto.PrimitiveList.Void.Builder";
            case BOOL, INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64, FLOAT32, FLOAT64 ->
                    "org.capnproto.PrimitiveList." + primitiveListName(e.kind()) + ".Builder";
            case TEXT -> "org.capnproto.TextList.Builder";
            case DATA -> "org.capnproto.DataList.Builder";
            case STRUCT -> "org.capnproto.StructList.Builder<" + names.javaName(e.typeId()) + ".Builder>";
            case ENUM -> "org.capnproto.EnumList.Builder<" + names.javaName(e.typeId()) + ">";
            case LIST -> "org.capnproto.ListList.Builder<" + listBuilderType(e) + ">";
            default -> throw new IllegalArgumentException("lists of " + e.kind() + " are not supported");
        };
    }

    /** @return an expression for the factory of a list field */
    String listFactory(Type t) {
        Type e = t.element();
        return switch (e.kind()) {
            case VOID, BOOL, INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64, FLOAT32, FLOAT64 ->
                    "org.capnproto.PrimitiveList." + primitiveListName(e.kind()) + ".factory";
            case TEXT -> "org.capnproto.TextList.factory";
            case DATA -> "org.capnproto.DataList.factory";
            case STRUCT -> names.javaName(e.typeId()) + ".listFactory";
            case ENUM -> names.javaName(e.typeId()) + ".listFactory";
            case LIST -> "new org.capnproto.ListList.Factory<>(" + listFactory(e) + ")";
            default -> throw new IllegalArgumentException("lists of " + e.kind() + " are not supported");
        };
    }

    private static String primitiveListName(TypeKind k) {
        return switch (k) {
            case VOID -> "Void";
            case BOOL -> "Boolean";
            case INT8, UINT8 -> "Byte";
            case INT16, UINT16 -> "Short";
            case INT32, UINT32 -> "Int";
            case INT64, UINT64 -> "Long";
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            default -> throw new IllegalArgumentException(k.toString());
        };
    }
}
