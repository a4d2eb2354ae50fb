package org.bitcoinfx.ipc.codegen;

/**
 * An indenting line writer for the Java source the generator emits: four spaces per level,
 * {@code open} a line ending in a brace to indent what follows, {@code close} to dedent before the
 * closing line. Stands in for capnproto-java's {@code compiler/capnpc-java.c++} string trees and
 * its {@code spaces(indent)}.
 */
final class SourceWriter {
    private final StringBuilder b = new StringBuilder();
    private int depth;

    /** Writes {@code s} at the current depth; an empty string writes an empty line. */
    void line(String s) {
        if (s.isEmpty()) {
            b.append('\n');
            return;
        }
        b.append("    ".repeat(depth)).append(s).append('\n');
    }

    /** Writes {@code s}, then indents. */
    void open(String s) {
        line(s);
        depth++;
    }

    /** Dedents, then writes {@code s}. */
    void close(String s) {
        depth--;
        line(s);
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
