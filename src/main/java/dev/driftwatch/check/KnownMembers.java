package dev.driftwatch.check;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A set the check follows member by member — the models of a family in {@code /v1/models}, the models a docs
 * page lists — judged against the known state: a member never seen is news, one a sound reading found gone
 * and that is back is restored, and one a sound reading no longer has is gone. A reading that does not hold
 * judges no removal: what it lacks stays known, so a member that is missing for a run and returns is not news.
 */
public final class KnownMembers {
    private final CheckRun run;
    private final String prefix;

    /** @param prefix the known-state subjects of the members: prefix + member */
    public KnownMembers(CheckRun run, String prefix) {
        this.run = run;
        this.prefix = prefix;
    }

    /** How the kind words its findings about members. */
    public interface Words {
        /** A member the check never saw. */
        Finding released(String member, List<String> known);

        /** A member found gone earlier that is listed again. */
        Finding restored(String member, KnownFact before);

        /** A member a sound reading no longer has. */
        Finding removed(String member, KnownFact before);
    }

    /**
     * Judges the members seen by this reading; {@code quiet} is remembered without a word (the contract's own
     * model: its presence is the claim, not news). Removals are judged only when {@code sound}.
     */
    public void judge(Collection<String> seen, String quiet, boolean sound, Words words) {
        for (String member : seen) {
            Optional<KnownFact> known = run.known().fact(prefix + member);
            if (member.equals(quiet) || known.filter(KnownFact::present).isPresent()) {
                run.remember(prefix + member, "listed");
            } else if (known.isPresent()) {
                run.change(prefix + member, "listed", words.restored(member, known.get()));
            } else {
                run.change(prefix + member, "listed", words.released(member, present()));
            }
        }
        if (!sound) {
            return;
        }
        for (KnownFact f : run.known().withPrefix(prefix)) {
            String member = f.subject().substring(prefix.length());
            if (f.present() && !seen.contains(member) && !member.equals(quiet)) {
                run.markGone(f.subject());
                run.announce(words.removed(member, f));
            }
        }
    }

    /** The members known and present when the run started. */
    public List<String> present() {
        return run.known().withPrefix(prefix).stream().filter(KnownFact::present).map(f -> f.subject().substring(prefix.length())).toList();
    }
}
