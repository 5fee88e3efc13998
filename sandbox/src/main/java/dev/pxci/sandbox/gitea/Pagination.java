package dev.pxci.sandbox.gitea;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Gitea's list paging ({@code routers/api/v1/utils}, {@code services/context/api.go}): {@code page}
 * from 1 and {@code limit} up to {@code [api] MAX_RESPONSE_ITEMS} (50), 30 by default, numbers
 * that do not parse taken as unset; the answer carries {@code X-Total-Count} and a {@code Link}
 * header of absolute URLs ({@code next}, {@code last}, {@code first}, {@code prev}) with the
 * request's query, keys sorted, the page replaced.
 */
record Pagination(int page, int limit) {
    static final int DEFAULT_LIMIT = 30;
    static final int MAX_LIMIT = 50;

    static Pagination of(Map<String, String> query) {
        int page = number(query.get("page"));
        int limit = number(query.get("limit"));
        return new Pagination(page <= 0 ? 1 : page, limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT));
    }

    private static int number(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    <T> List<T> slice(List<T> all) {
        long skip = (long) (page - 1) * limit;
        return all.stream().skip(skip).limit(limit).toList();
    }

    /** The paging headers for {@code total} items of the list at {@code url} (absolute, no query). */
    Map<String, String> headers(int total, String url, Map<String, String> query) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Total-Count", Integer.toString(total));
        int pages = (total + limit - 1) / limit;
        List<String> links = new ArrayList<>();
        if (total > 0) {
            if (page < pages) {
                links.add(link(url, query, page + 1, "next"));
            }
            if (page != pages) {
                links.add(link(url, query, pages, "last"));
            }
            if (page != 1) {
                links.add(link(url, query, 1, "first"));
            }
            if (page > 1) {
                links.add(link(url, query, page - 1, "prev"));
            }
        }
        if (!links.isEmpty()) {
            headers.put("Link", String.join(",", links));
        }
        headers.put("Access-Control-Expose-Headers", links.isEmpty() ? "X-Total-Count" : "X-Total-Count, Link");
        return headers;
    }

    private static String link(String url, Map<String, String> query, int page, String rel) {
        Map<String, String> params = new TreeMap<>(query);
        params.put("page", Integer.toString(page));
        String encoded = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return "<" + url + "?" + encoded + ">; rel=\"" + rel + "\"";
    }
}
