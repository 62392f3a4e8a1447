package io.wharf.scanner.analyzer;

import io.wharf.scanner.PypiNames;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pip requirements files ({@code requirements.txt}, {@code requirements-prod.txt}, ...) as {@code pip freeze} and
 * pip-compile write them. Only exact pins ({@code name==1.2.3}, {@code name[extra]===1.2.3}) say what is installed:
 * ranges, wildcard pins ({@code ==1.2.*}), options ({@code -r}, {@code -e}, {@code --hash}), URLs and comments
 * are ignored, and so are environment markers after {@code ;}. Names are PEP 503-normalised.
 */
public final class PipRequirementsAnalyzer implements Analyzer {
    static final Pattern FILE_NAME = Pattern.compile("requirements([-_.][^/]*)?\\.txt");
    /** {@code name[extras] == version}, then nothing but a marker, a hash option or the end. */
    private static final Pattern PIN = Pattern.compile(
            "([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(?:\\[[^\\]]*\\])?\\s*===?\\s*([A-Za-z0-9!+._-]+)"
                    + "\\s*(?:;.*|--hash.*|\\\\)?");

    @Override
    public boolean accepts(String path) {
        return path.endsWith(".txt") && path.contains("requirements") && FILE_NAME.matcher(LockFiles.fileName(path)).matches()
                && LockFiles.isApplicationLockFile(path);
    }

    @Override
    public FileFacts analyze(String path, InputStream content, long size) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(content, LockFiles.MAX_LINE_BYTES);
        List<FoundPackage> out = new ArrayList<>();
        String line;
        while ((line = lines.next()) != null) {
            String requirement = stripComment(line).strip();
            if (requirement.isEmpty() || requirement.startsWith("-")) {
                continue; // options and their continuation lines (--hash=...)
            }
            Matcher m = PIN.matcher(requirement);
            if (m.matches()) {
                out.add(new FoundPackage(PypiNames.normalise(m.group(1)), m.group(2), FoundPackage.PYPI, null, null,
                        path));
            }
        }
        return FileFacts.of(LockFiles.distinct(out));
    }

    /** A comment starts at {@code #} at the start of the line or after whitespace (pip's rule). */
    private static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
