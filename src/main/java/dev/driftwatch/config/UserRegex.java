package dev.driftwatch.config;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Where every regular expression written in checks.yaml is compiled: with RE2/J, whose matching time
 * grows with the text only, so no pattern can backtrack for ever on a provider's page. The price is
 * RE2 syntax: no backreferences, lookaround, possessive quantifiers or atomic groups.
 */
public final class UserRegex {
    private UserRegex() {}

    public static Pattern compile(String regex) {
        return Pattern.compile(regex);
    }

    /** For docs page text, read line by line: {@code ^} and {@code $} also match at each line. */
    public static Pattern multiline(String regex) {
        return Pattern.compile(regex, Pattern.MULTILINE);
    }

    /**
     * Why RE2 refused a pattern, e.g. {@code invalid escape sequence: \2}.
     *
     * @param showFragment false when the pattern came from an environment variable: then no part of it is shown
     */
    static String reason(PatternSyntaxException e, boolean showFragment) {
        String construct = unsupported(e);
        if (construct != null && !construct.startsWith("\\")) {
            return showFragment ? construct + " is not supported" : "unsupported construct";
        }
        return showFragment && e.getPattern() != null ? e.getDescription() + ": " + e.getPattern() : e.getDescription();
    }

    /** What to do about it: which construct to rewrite, and how. */
    static String remedy(PatternSyntaxException e, boolean showFragment) {
        String construct = unsupported(e);
        if (construct == null) {
            return "write it in RE2 syntax (Java regex without backreferences, lookaround, possessive quantifiers or atomic groups);"
                    + " in YAML single quotes keep backslashes as they are";
        }
        String without = showFragment ? "rewrite without " + construct : "rewrite without it";
        if (construct.startsWith("\\")) {
            return "RE2 syntax: no backreferences or lookaround; " + without + ", e.g. repeat the group's pattern";
        }
        if (construct.startsWith("(?=") || construct.startsWith("(?!") || construct.startsWith("(?<")) {
            return "RE2 syntax: no backreferences or lookaround; " + without + ", e.g. match the text around it and capture the part you want in a group";
        }
        // Possessive quantifiers and atomic groups only stop backtracking, which RE2 never does.
        return "RE2 syntax: no possessive quantifiers or atomic groups; " + without + " (RE2 never backtracks: the plain form does the same)";
    }

    /** The construct RE2 lacks that the pattern uses, as RE2 quoted it; null for a plain mistake. */
    private static String unsupported(PatternSyntaxException e) {
        String fragment = e.getPattern() == null ? "" : e.getPattern();
        if (fragment.matches("\\\\[1-9k].*")) {
            return fragment.substring(0, 2);
        }
        for (String look : new String[] {"(?<=", "(?<!", "(?=", "(?!", "(?>"}) {
            if (fragment.startsWith(look)) {
                return look;
            }
        }
        if (e.getDescription().startsWith("invalid nested repetition operator") && fragment.endsWith("+")) {
            return fragment;
        }
        return null;
    }
}
