/** The scanner adapter scanner: any scanner behind Harbor's pluggable scanner adapter API v1.0 (Trivy's adapter, for one). */
package io.wharf.scan.adapter;
