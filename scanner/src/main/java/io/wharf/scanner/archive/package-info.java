/** Export of the whole vulnerability database as one checked archive, and its import (air-gapped installations). */
package io.wharf.scanner.archive;
