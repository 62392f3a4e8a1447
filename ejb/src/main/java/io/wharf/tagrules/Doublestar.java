package io.wharf.tagrules;

import java.util.regex.Pattern;

/**
 * Harbor's {@code doublestar} patterns: {@code **} matches anything (slashes too), {@code *} and
 * {@code ?} anything within one path segment, {@code {a,b}} either of the alternatives, {@code [..]}
 * a character class. Translated once to a regular expression.
 */
public final class Doublestar {
    private final String pattern;
    private final Pattern regex;

    private Doublestar(String pattern, Pattern regex) {
        this.pattern = pattern;
        this.regex = regex;
    }

    /** @throws IllegalArgumentException when the pattern is empty or its braces or brackets do not close */
    public static Doublestar compile(String pattern) {
        if (pattern == null || pattern.isEmpty()) throw new IllegalArgumentException("a pattern is required");
        if (pattern.length() > 1024) throw new IllegalArgumentException("the pattern is longer than 1024 characters");
        StringBuilder re = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                        i++;
                        // "**/" also matches no directory at all.
                        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                            i++;
                            re.append("(?:.*/)?");
                        } else {
                            re.append(".*");
                        }
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) throw new IllegalArgumentException("unbalanced } in " + pattern);
                    braces--;
                    re.append(')');
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                case '[' -> {
                    int end = pattern.indexOf(']', i + 2);
                    if (end < 0) throw new IllegalArgumentException("unclosed [ in " + pattern);
                    String set = pattern.substring(i + 1, end);
                    if (set.startsWith("!") || set.startsWith("^")) set = "^" + set.substring(1);
                    re.append('[').append(set.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = end;
                }
                case '\\' -> {
                    if (i + 1 == pattern.length()) throw new IllegalArgumentException("a pattern cannot end with \\");
                    re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces != 0) throw new IllegalArgumentException("unbalanced { in " + pattern);
        return new Doublestar(pattern, Pattern.compile(re.toString()));
    }

    public boolean matches(String name) { return name != null && regex.matcher(name).matches(); }

    @Override public String toString() { return pattern; }
}
