package dev.lustre.ir.sim;

import java.util.regex.Pattern;

/**
 * lctl's parameter-name handling: {@code jt_clean_path} turns "osc.fs-OST0001-osc-*.import" into the
 * path pattern "osc/fs-OST0001-osc-*\/import" (keeping dots inside an MGC NID), which glob(3) with
 * GLOB_BRACE then matches component by component.
 */
final class ParamPattern {

    private ParamPattern() {
    }

    /** jt_clean_path (utils/lustre_param.c): dots become slashes except inside NIDs; backslashes go. */
    static String cleanPath(String param) {
        String path = param.replace("\\", "");
        int nidStart = -1;
        int nidEnd = -1;
        if (path.indexOf('@') >= 0) {
            int ex = path.indexOf(".exports.");
            int mgc = path.indexOf(".MGC");
            if (ex >= 0) {
                nidStart = ex + ".exports.".length();
            } else if (mgc >= 0) {
                nidStart = mgc + 1;
            }
            if (nidStart >= 0) {
                int at = path.indexOf('@', nidStart);
                if (at < 0) {
                    nidStart = -1;
                } else {
                    int dot = path.indexOf('.', at);
                    nidEnd = dot < 0 ? path.length() : dot;
                }
            }
        }
        StringBuilder sb = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char ch = path.charAt(i);
            if (nidStart >= 0 && i >= nidStart && i < nidEnd) {
                sb.append(ch);
            } else {
                sb.append(ch == '.' ? '/' : ch);
            }
        }
        return sb.toString();
    }

    /** glob(3) with GLOB_BRACE over '/'-separated paths: * and ? never cross a '/'. */
    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char ch = glob.charAt(i);
            switch (ch) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) {
                        re.append("\\[");
                    } else {
                        String cls = glob.substring(i + 1, close);
                        if (cls.startsWith("!")) {
                            cls = "^" + cls.substring(1);
                        }
                        re.append('[').append(cls.replace("\\", "\\\\")).append(']');
                        i = close;
                    }
                }
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces > 0) {
                        braces--;
                        re.append(')');
                    } else {
                        re.append("\\}");
                    }
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                default -> {
                    if ("\\.^$|+()".indexOf(ch) >= 0) {
                        re.append('\\');
                    }
                    re.append(ch);
                }
            }
        }
        return Pattern.compile(re.toString());
    }
}
