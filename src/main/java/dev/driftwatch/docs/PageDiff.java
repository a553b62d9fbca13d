package dev.driftwatch.docs;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.driftwatch.check.Finding;
import dev.driftwatch.check.Snapshot;
import java.util.List;
import java.util.Optional;

/** What changed in a page's watched text since the last snapshot, as a unified-diff excerpt. */
final class PageDiff {
    /** Enough of a diff to see the change in an alert; the whole page is in the audit trail. */
    private static final int MAX_LINES = 40;

    private PageDiff() {}

    static Optional<Finding> between(Snapshot before, NormalizedPage now, String page) {
        // The hash first: the stored text is decompressed only when the page really may have changed.
        if (now.hash().equals(before.hash()) || before.text() == null
                || PageNormalizer.canonicalHash(before.text()).equals(now.canonicalHash())) {
            return Optional.empty(); // same lines, perhaps reordered: not a change
        }
        List<String> a = before.text().lines().toList();
        List<String> b = now.text().lines().toList();
        Patch<String> patch = DiffUtils.diff(a, b);
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("as at " + before.fetchedAt(), "now", a, patch, 1);
        String excerpt = String.join("\n", unified.subList(0, Math.min(unified.size(), MAX_LINES)))
                + (unified.size() > MAX_LINES ? "\n... (" + (unified.size() - MAX_LINES) + " more diff lines)" : "");
        return Optional.of(Finding.info("docs-changed", "page:" + page, "the watched text as at " + before.fetchedAt(), excerpt));
    }
}
