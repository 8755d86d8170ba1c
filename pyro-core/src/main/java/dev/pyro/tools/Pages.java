package dev.pyro.tools;

/** A window of a long text, and where the next window starts (null at the end). */
record Pages(String text, Long nextOffset) {

    static Pages of(String whole, long offset, long maxChars) {
        int start = (int) Math.min(offset, whole.length());
        int end = (int) Math.min(whole.length(), start + maxChars);
        if (end < whole.length() && end > start && Character.isHighSurrogate(whole.charAt(end - 1))) {
            end--;
        }
        return new Pages(whole.substring(start, end), end < whole.length() ? (long) end : null);
    }

    /** A footer line saying how to read on, or "" when nothing is left. */
    String continuation(String how) {
        return nextOffset == null ? "" : "\n[more: continue with " + how.replace("{offset}", String.valueOf(nextOffset)) + "]";
    }
}
