package io.wharf.web.project;

import io.wharf.common.Page;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;

/** Harbor's paging headers: {@code X-Total-Count} and a {@code Link} with prev/next pages. */
public final class PageLinks {
    private PageLinks() {}

    public static Response.ResponseBuilder ok(Object entity, Page<?> page, UriInfo uri) {
        Response.ResponseBuilder r = Response.ok(entity).header("X-Total-Count", page.total());
        List<String> links = new ArrayList<>();
        if (page.page() > 1) links.add(link(uri, page.page() - 1, page.pageSize(), "prev"));
        if ((long) page.page() * page.pageSize() < page.total()) links.add(link(uri, page.page() + 1, page.pageSize(), "next"));
        if (!links.isEmpty()) r.header("Link", String.join(" , ", links));
        return r;
    }

    private static String link(UriInfo uri, int page, int size, String rel) {
        UriBuilder b = uri.getRequestUriBuilder().replaceQueryParam("page", page).replaceQueryParam("page_size", size);
        return "<" + b.build().getRawPath() + "?" + b.build().getRawQuery() + ">; rel=\"" + rel + "\"";
    }
}
