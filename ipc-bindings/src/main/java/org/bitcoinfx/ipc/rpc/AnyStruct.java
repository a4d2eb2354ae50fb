package org.bitcoinfx.ipc.rpc;

import org.capnproto.SegmentBuilder;
import org.capnproto.SegmentReader;
import org.capnproto.StructBuilder;
import org.capnproto.StructFactory;
import org.capnproto.StructReader;
import org.capnproto.StructSize;

/**
 * A struct of unknown type, read by pointer index: what promise pipelining needs to follow a
 * {@code PromisedAnswer.transform} ({@code getPointerField} ops) through any results struct.
 */
public final class AnyStruct {
    /** Reads any struct. */
    public static final Factory factory = new Factory();

    private AnyStruct() {
    }

    /** Factory of untyped struct readers. */
    public static final class Factory extends StructFactory<Builder, Reader> {
        @Override
        public Reader constructReader(SegmentReader segment, int data, int pointers, int dataSize, short pointerCount, int nestingLimit) {
            return new Reader(segment, data, pointers, dataSize, pointerCount, nestingLimit);
        }

        @Override
        public Builder constructBuilder(SegmentBuilder segment, int data, int pointers, int dataSize, short pointerCount) {
            return new Builder(segment, data, pointers, dataSize, pointerCount);
        }

        @Override
        public StructSize structSize() {
            return new StructSize((short) 0, (short) 0);
        }

        @Override
        public Reader asReader(Builder builder) {
            return builder.asReader();
        }
    }

    /** An untyped struct reader. */
    public static final class Reader extends StructReader {
        Reader(SegmentReader segment, int data, int pointers, int dataSize, short pointerCount, int nestingLimit) {
            super(segment, data, pointers, dataSize, pointerCount, nestingLimit);
        }

        /** @return the struct behind pointer {@code index} (all defaults if null or out of range) */
        public Reader struct(int index) {
            return _getPointerField(factory, index, null, 0);
        }

        /** @return the cap-table index of capability pointer {@code index}, or -1 if null or out of range */
        public int capIndex(int index) {
            return index < pointerCount ? CapPointers.read(segment.buffer, (pointers + index) * 8) : -1;
        }

        /** @return the number of pointers the struct has */
        public int pointerCount() {
            return pointerCount;
        }
    }

    /** An untyped struct builder (only to satisfy the factory). */
    public static final class Builder extends StructBuilder {
        Builder(SegmentBuilder segment, int data, int pointers, int dataSize, short pointerCount) {
            super(segment, data, pointers, dataSize, pointerCount);
        }

        /** @return a reader of the same struct */
        public Reader asReader() {
            return new Reader(segment, data, pointers, dataSize, pointerCount, 0x7fffffff);
        }
    }
}
