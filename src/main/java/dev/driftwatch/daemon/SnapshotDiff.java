package dev.driftwatch.daemon;

import com.github.difflib.text.DiffRow;
import com.github.difflib.text.DiffRowGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * Two readings of a page side by side, line against line (java-diff-utils' {@link DiffRowGenerator}), the words that
 * changed within a line marked. Runs of unchanged lines far from any change fold into one gap row, and a diff longer
 * than {@link #MAX_ROWS} rows is cut, so a page of any size makes a table a browser shows at once. Every text is
 * escaped here: the rows' halves are HTML, safe to put in a table cell as they are.
 */
final class SnapshotDiff {
    /** Unchanged lines kept around each change, as in a unified diff. */
    static final int CONTEXT = 3;
    static final int MAX_ROWS = 2_000;
    // Private-use characters stand for the marks while the generator works on the raw text; escaping then leaves
    // them alone and they become tags. Any already in a page are replaced first, so a page cannot make a tag.
    private static final char OPEN = '\uE000';
    private static final char CLOSE = '\uE001';
    private static final DiffRowGenerator ROWS = DiffRowGenerator.create()
            .showInlineDiffs(true)
            .inlineDiffByWord(true)
            .mergeOriginalRevised(false)
            .lineNormalizer(line -> line) // escaped after the diff, by us (the default escapes only < and >)
            .oldTag(start -> String.valueOf(start ? OPEN : CLOSE))
            .newTag(start -> String.valueOf(start ? OPEN : CLOSE))
            .build();

    /** What one row shows; a gap row ({@code kind} GAP) has only {@code folded}. Line numbers are 0 where a side has no line. */
    record Row(Kind kind, int oldNumber, String oldHtml, int newNumber, String newHtml, int folded) {}

    enum Kind { SAME, CHANGED, REMOVED, ADDED, GAP }

    /** The rows, and how many were left out past {@link #MAX_ROWS} (0 when none). */
    record Result(List<Row> rows, int cut, int removed, int added, int changed) {
        boolean identical() {
            return removed == 0 && added == 0 && changed == 0;
        }
    }

    private SnapshotDiff() {
    }

    static Result between(String before, String after) {
        List<DiffRow> diff = ROWS.generateDiffRows(lines(before), lines(after));
        boolean[] near = new boolean[diff.size()];
        for (int i = 0; i < diff.size(); i++) {
            if (diff.get(i).getTag() != DiffRow.Tag.EQUAL) {
                for (int j = Math.max(0, i - CONTEXT); j <= Math.min(diff.size() - 1, i + CONTEXT); j++) {
                    near[j] = true;
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        int oldNumber = 0;
        int newNumber = 0;
        int folded = 0;
        int cut = 0;
        int removed = 0;
        int added = 0;
        int changed = 0;
        for (int i = 0; i < diff.size(); i++) {
            DiffRow d = diff.get(i);
            // With inline diffs the generator pairs the lines of a change one to one and gives the rest of the longer
            // side as DELETE or INSERT rows: a CHANGE row has a line on both sides.
            boolean hasOld = d.getTag() != DiffRow.Tag.INSERT;
            boolean hasNew = d.getTag() != DiffRow.Tag.DELETE;
            oldNumber += hasOld ? 1 : 0;
            newNumber += hasNew ? 1 : 0;
            Kind kind = switch (d.getTag()) {
                case EQUAL -> Kind.SAME;
                case DELETE -> Kind.REMOVED;
                case INSERT -> Kind.ADDED;
                case CHANGE -> Kind.CHANGED;
            };
            switch (kind) {
                case REMOVED -> removed++;
                case ADDED -> added++;
                case CHANGED -> changed++;
                default -> { }
            }
            if (!near[i]) {
                folded++;
                continue;
            }
            if (rows.size() >= MAX_ROWS) {
                cut++;
                continue;
            }
            if (folded > 0) {
                rows.add(new Row(Kind.GAP, 0, "", 0, "", folded));
                folded = 0;
            }
            rows.add(new Row(kind, hasOld ? oldNumber : 0, hasOld ? html(d.getOldLine(), "del") : "",
                    hasNew ? newNumber : 0, hasNew ? html(d.getNewLine(), "ins") : "", 0));
        }
        if (folded > 0 && rows.size() < MAX_ROWS) {
            rows.add(new Row(Kind.GAP, 0, "", 0, "", folded));
        }
        return new Result(rows, cut, removed, added, changed);
    }

    private static List<String> lines(String text) {
        return text.replace(OPEN, '\uFFFD').replace(CLOSE, '\uFFFD').lines().toList();
    }

    private static String html(String marked, String tag) {
        return StatusPage.esc(marked).replace(String.valueOf(OPEN), "<" + tag + ">").replace(String.valueOf(CLOSE), "</" + tag + ">");
    }
}
