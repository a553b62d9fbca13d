package dev.driftwatch.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Checks an export ({@code driftwatch audit export}) on its own, without the database: each line's digest from its
 * parts, its content against them, each link (HMAC for keyed lines, with the key), the sequence, the previous hash
 * each line names, and that the head line ends the file and is its last record. Reports every line altered,
 * inserted or removed, with the record it is at. Streams: one line in memory at a time.
 */
public final class ExportVerifier {
    /** Past this many bytes a line is refused unread: a verdict's evidence is long, but never this long. */
    static final int MAX_LINE = 64 << 20;
    private final ChainKey key;
    private final int maxLine;

    public ExportVerifier(ChainKey key) {
        this(key, MAX_LINE);
    }

    ExportVerifier(ChainKey key, int maxLine) {
        this.key = key;
        this.maxLine = maxLine;
    }

    /** What the check found, and the record the export starts after (its first line links to that record's hash). */
    public record Report(ChainReport chain, ChainHead after) {
    }

    /**
     * @param published a head published earlier (null for none): the export must reach it, or start right after it
     * @param in the file's bytes, UTF-8
     * @throws ExportFormatException when the text is not an export (not UTF-8 JSON lines, a line too long, a field missing or of the wrong type), with the line
     * @throws HeadBeforeExport when {@code published} comes before the record the export starts after, so that it cannot vouch for it
     */
    public Report verify(InputStream in, ChainHead published) throws IOException {
        return new Run(new Lines(in, maxLine), published).run();
    }

    /** A published head the export cannot vouch for: it starts after the record that follows it. */
    public static final class HeadBeforeExport extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HeadBeforeExport(String message) {
            super(message);
        }
    }

    /** One pass over one file. */
    private final class Run {
        private final Lines lines;
        private final ChainHead published;
        private final List<ChainProblem> problems = new ArrayList<>();
        private ChainLinks links;
        private ChainHead after;
        private String where = "";
        /** The line of the record a published head names, once read. */
        private long publishedLine;
        /** Records whose row is gone and whose digest was kept, by seq, with their line: a compaction record must name each. */
        private final java.util.Map<Long, String> keptDigests = new java.util.LinkedHashMap<>();
        /** The records the compaction records read so far say they folded. */
        private final java.util.Set<Long> folded = new java.util.HashSet<>();

        Run(Lines lines, ChainHead published) {
            this.lines = lines;
            this.published = published;
        }

        Report run() throws IOException {
            Lines.Line current = lines.next();
            if (current == null) {
                throw new ExportFormatException(0, "the file is empty — not an export of 'driftwatch audit export'");
            }
            ChainHead head = null;
            long headLine = 0;
            while (current != null) {
                Lines.Line ahead = lines.next();
                where = "line " + current.number() + ": ";
                JsonNode node = ExportFormat.parse(current.text());
                if (node == null) {
                    if (ahead == null && links != null) {
                        add(new ChainProblem(links.head().seq() + 1, ChainProblem.Type.TRUNCATED, "it is cut short: the file ends in the middle of"
                                + " its last line, after record " + links.head().seq()));
                        break;
                    }
                    throw new ExportFormatException(current.number(), "it is not JSON — not a line of 'driftwatch audit export'");
                }
                ExportFormat.Line line = ExportFormat.read(node, current.number());
                if (head != null) {
                    long seq = line instanceof ExportFormat.RecordLine r ? r.record().seq() : head.seq() + 1;
                    add(new ChainProblem(seq, ChainProblem.Type.INSERTED, "it comes after the head line (line " + headLine + "), which ends an export"));
                    break;
                }
                if (line instanceof ExportFormat.HeadLine h) {
                    head = h.head();
                    headLine = current.number();
                    if (links == null) {
                        start(head.seq() + 1, head.hash()); // an export with no record: it starts and ends after the head
                    }
                } else {
                    ExportFormat.RecordLine r = (ExportFormat.RecordLine) line;
                    if (published != null && r.record().seq() == published.seq()) {
                        publishedLine = current.number();
                    }
                    record(r);
                }
                current = ahead;
            }
            // Compaction comes after what it folds: a kept digest no compaction record names was filled in by hand.
            keptDigests.forEach((seq, line) -> {
                if (!folded.contains(seq)) {
                    where = line;
                    add(new ChainProblem(seq, ChainProblem.Type.REMOVED, "its row is gone and no compaction record folded it: its digest"
                            + " was filled in by hand"));
                }
            });
            ChainHead last = links.head();
            if (head == null) {
                where = "line " + lines.count() + ": ";
                add(new ChainProblem(last.seq() + 1, ChainProblem.Type.TRUNCATED, "the file ends here without its head line: it was cut after record "
                        + last.seq() + ", and what followed is gone"));
            } else {
                where = "line " + headLine + ": ";
                if (head.seq() > last.seq()) {
                    add(new ChainProblem(last.seq() + 1, ChainProblem.Type.REMOVED, (head.seq() - last.seq() == 1 ? "record " + head.seq() + " is missing"
                            : "records " + (last.seq() + 1) + " to " + head.seq() + " are missing") + ": this head line names record " + head.seq()
                            + " as the newest, and the line before it is record " + last.seq()));
                } else if (head.seq() < last.seq()) {
                    add(new ChainProblem(head.seq() + 1, ChainProblem.Type.INSERTED, "this head line names record " + head.seq()
                            + " as the newest, but the lines before it go on to record " + last.seq()));
                } else if (!head.hash().equals(last.hash())) {
                    add(new ChainProblem(last.seq(), ChainProblem.Type.ALTERED, "this head line's hash " + head.hash() + " is not the hash of record "
                            + last.seq()));
                }
            }
            where = "";
            links.endKeyed();
            // A published head the file reaches with another hash: at that record's line; one it does not reach: at the line
            // that ends the file, its head line (or its last line, cut).
            where = "line " + (publishedLine > 0 ? publishedLine : head == null ? lines.count() : headLine) + ": ";
            links.endPublished();
            where = "";
            return new Report(new ChainReport(links.records(), links.keyedRecords(), links.unverifiedKeyed(), last, problems), after);
        }

        private void start(long firstSeq, String previousHash) {
            if (published != null && published.seq() < firstSeq - 1) {
                throw new HeadBeforeExport("head " + published + " comes before this export, which starts after record " + (firstSeq - 1)
                        + ": it cannot vouch for it — check that head against an export that starts earlier, or against the trail");
            }
            after = new ChainHead(firstSeq - 1, previousHash);
            links = new ChainLinks(key, published, firstSeq, previousHash, "the export", this::add);
        }

        private void record(ExportFormat.RecordLine line) {
            JournalRecord r = line.record();
            if (links == null) {
                // Record 1 follows the genesis hash whatever its line says; a later one, the hash its line names.
                start(r.seq(), r.seq() == 1 ? ChainKey.GENESIS : line.prev());
            }
            ChainHead before = links.head();
            if (line.row() == null && r.digest() != null) {
                keptDigests.put(r.seq(), where);
            }
            if (RecordKind.COMPACTION.wire().equals(r.kindName()) && r.body() != null) {
                JsonNode body = ExportFormat.parse(r.body());
                if (body != null) {
                    CompactionBody.entries(body).forEach(e -> Arrays.stream(e.records()).forEach(folded::add));
                }
            }
            String digest = line.row() != null || r.digest() == null
                    ? ChainKey.sha256(CanonicalRecord.text(r.seq(), r.kindName(), r.ref(), r.at(), line.row(), r.body()))
                    : r.digest(); // compacted: its row is folded into a daily summary, its digest kept
            // The sequence and the link first: a line deleted or inserted shows as such before what follows from it.
            links.next(r, digest);
            if (!line.prev().equals(before.hash())) {
                add(new ChainProblem(r.seq(), ChainProblem.Type.ALTERED, "the previous hash it names, " + line.prev() + ", is not "
                        + (before.seq() == 0 ? "the genesis hash" : "the hash of the record before it (" + before + ")")));
            }
            if (r.digest() != null && !r.digest().equals(digest)) {
                add(new ChainProblem(r.seq(), ChainProblem.Type.ALTERED, "the digest it kept is not that of its row"));
            }
            // Kinds are not checked against this version's list: an export outlives the version that reads it, and the hash covers the kind.
            if (!ExportFormat.contentOf(r.kindName(), line.row(), r.body()).equals(line.content())) {
                add(new ChainProblem(r.seq(), ChainProblem.Type.ALTERED, "its content is not what its row and body say: the JSON that queries"
                        + " read was edited"));
            }
        }

        private void add(ChainProblem p) {
            if (problems.size() < ChainVerifier.MAX_PROBLEMS) {
                problems.add(new ChainProblem(p.seq(), p.type(), where + p.what()));
            }
        }
    }

    /**
     * The file's non-blank lines with their numbers (from 1, blank lines counted), none longer than a maximum. Split
     * on the byte {@code \n} (never part of another character in UTF-8) and decoded one line at a time, strictly: a
     * byte that is not UTF-8 is named at its line, not replaced (a replaced byte would show as an edit of that record).
     */
    private static final class Lines {
        private final InputStream in;
        private final int maxLine;
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final byte[] buffer = new byte[1 << 16];
        private byte[] line = new byte[1 << 12];
        private int length;
        private int pos;
        private int end;
        private boolean eof;
        private long count;

        Lines(InputStream in, int maxLine) {
            this.in = in;
            this.maxLine = maxLine;
        }

        record Line(long number, String text) {
        }

        Line next() throws IOException {
            String text;
            while ((text = readLine()) != null) {
                count++;
                if (!text.isBlank()) {
                    return new Line(count, text);
                }
            }
            return null;
        }

        /** Lines read so far. */
        long count() {
            return count;
        }

        /** The next line without its end ({@code \n} or {@code \r\n}); null at the end of the file. */
        private String readLine() throws IOException {
            length = 0;
            while (true) {
                if (pos == end) {
                    int n = eof ? -1 : in.read(buffer, 0, buffer.length);
                    if (n < 0) {
                        eof = true;
                        return length == 0 ? null : decode();
                    }
                    pos = 0;
                    end = n;
                }
                int start = pos;
                while (pos < end && buffer[pos] != '\n') {
                    pos++;
                }
                append(start, pos - start);
                boolean ended = pos < end;
                if (ended) {
                    pos++;
                    if (length > 0 && line[length - 1] == '\r') {
                        length--;
                    }
                }
                // One more for a '\r' whose '\n' is still to come; refused before the line is all in memory.
                if (length > maxLine + (ended ? 0 : 1)) {
                    throw new ExportFormatException(count + 1, "it is longer than " + maxLine + " bytes — not a line of 'driftwatch audit export'");
                }
                if (ended) {
                    return decode();
                }
            }
        }

        private void append(int from, int n) {
            if (length + n > line.length) {
                line = Arrays.copyOf(line, Math.max(length + n, line.length * 2));
            }
            System.arraycopy(buffer, from, line, length, n);
            length += n;
        }

        private String decode() {
            try {
                return utf8.reset().decode(ByteBuffer.wrap(line, 0, length)).toString();
            } catch (CharacterCodingException e) {
                throw new ExportFormatException(count + 1, "it is not UTF-8 text — not a line of 'driftwatch audit export'");
            }
        }
    }
}
