package io.wharf.scanner.layer;

import io.wharf.scanner.analyzer.FileFacts;
import java.util.List;
import java.util.Map;

/**
 * What one layer contributes to an image, independent of the layers below it, so it can be cached by digest:
 * the facts of each analysed file, and the paths the layer deletes.
 *
 * @param digest     the layer digest
 * @param files      analysed files by path (a file with no packages still hides the same path below)
 * @param whiteouts  paths removed by {@code .wh.<name>} entries
 * @param opaqueDirs directories whose lower-layer content is hidden by {@code .wh..wh..opq}
 */
public record LayerInventory(String digest, Map<String, FileFacts> files, List<String> whiteouts,
                             List<String> opaqueDirs) {
    public LayerInventory {
        files = Map.copyOf(files);
        whiteouts = List.copyOf(whiteouts);
        opaqueDirs = List.copyOf(opaqueDirs);
    }
}
