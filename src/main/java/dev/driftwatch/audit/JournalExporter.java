package dev.driftwatch.audit;

import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Writes the journal's records as the lines of an export ({@link ExportFormat}), each with its row's canonical text
 * read beside it ({@link JournalWalk}), then the head line. Streams: one record in memory at a time.
 */
final class JournalExporter {
    private final List<ChainedRows> rowStores;

    JournalExporter(List<ChainedRows> rowStores) {
        this.rowStores = List.copyOf(rowStores);
    }

    /**
     * @param after   the record before the first one {@code records} gives ({@link ChainHead#EMPTY} from the start)
     * @param fromIds per kind, the first row the records chain (rows below it are before the export)
     */
    ExportSummary write(Connection c, JournalWalk.Records records, ChainHead after, Map<RecordKind, Long> fromIds, Writer out)
            throws SQLException, IOException {
        long count = 0;
        long missing = 0;
        long firstMissing = 0;
        String prev = after.hash();
        ChainHead head = after;
        // Rows no record chained are not the journal's: the export leaves them out, and 'audit verify' names them.
        try (JournalWalk walk = JournalWalk.open(c, records, rowStores, fromIds, (seq, kind, id, key) -> { })) {
            JournalWalk.Step step;
            while ((step = walk.next()) != null) {
                JournalRecord r = step.record();
                boolean rowMissing = step.state() == JournalWalk.RowState.MISPLACED
                        || (step.state() == JournalWalk.RowState.GONE && r.digest() == null);
                if (rowMissing && missing++ == 0) {
                    firstMissing = r.seq();
                }
                out.write(ExportFormat.recordLine(r, step.row(), prev));
                out.write('\n');
                count++;
                prev = r.hash();
                head = new ChainHead(r.seq(), r.hash());
            }
        }
        out.write(ExportFormat.headLine(head));
        out.write('\n');
        out.flush();
        return new ExportSummary(count, after, head, missing, firstMissing);
    }
}
