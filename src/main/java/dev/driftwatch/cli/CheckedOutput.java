package dev.driftwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Standard output for a long stream of lines: a failed write (a closed pipe, a full disk) becomes an IOException, so
 * the writer stops instead of writing on into nothing and exiting 0. A PrintWriter keeps such failures to a flag, and
 * Main's sits on System.out, a PrintStream that keeps them to its own: both are asked, every megabyte and at the end.
 */
final class CheckedOutput extends Writer {
    private static final int CHECK_EVERY = 1 << 20;
    private final PrintWriter out;
    private long unchecked;

    CheckedOutput(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        out.write(chars, off, len);
        counted(len);
    }

    @Override
    public void write(String s) throws IOException {
        out.write(s);
        counted(s.length());
    }

    @Override
    public void write(int c) throws IOException {
        out.write(c);
        counted(1);
    }

    @Override
    public void flush() throws IOException {
        unchecked = 0;
        if (out.checkError() || System.out.checkError()) {
            throw new IOException("standard output does not take any more (a closed pipe or a full disk?)");
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    private void counted(int chars) throws IOException {
        unchecked += chars;
        if (unchecked >= CHECK_EVERY) {
            flush();
        }
    }
}
