"""Reading a list page after page, for the tests of lists read among their keys."""


def every_page(client, url: str, query: str, *, page: str, pages, rows) -> list[int]:
    """The keys of every row of the list at `url` + `query`, page after page: `page` is the
    list's page parameter, `pages(response)` its page numbers, `rows(response)` the rows of
    one page."""
    first = client.get(url + query)
    assert first.status_code == 200
    keys = []
    for number in pages(first):
        separator = "&" if query else "?"
        response = first if number == 1 else client.get(f"{url}{query}{separator}{page}={number}")
        keys += [row.pk for row in rows(response)]
    return keys


def change_list(client, url: str):
    """`listed(query)` of an admin change list at `url`: the keys of its rows, page after
    page (Django's `p`, from 1), and the count the list gives."""

    def listed(query: str) -> tuple[list[int], int]:
        keys = every_page(
            client,
            url,
            query,
            page="p",
            pages=lambda response: response.context["cl"].paginator.page_range,
            rows=lambda response: response.context["cl"].result_list,
        )
        return keys, client.get(url + query).context["cl"].result_count

    return listed


def keep_rows(rows, keys):
    """A reader of a page among its keys that keeps the list's own rows (the walk of the
    sort's index, as before)."""
    return rows


def assert_same_rows_as_walked(listed, queries, outside: set, monkeypatch, as_before) -> None:
    """For each query, `listed(query)` (keys of every page, count) lists each row once, none
    of `outside`, and the same rows in the same order as the list read as before, by the walk
    of its sort's index: `as_before(patched)` sets that reading up on a MonkeyPatch context
    (for instance, the reader of a page among its keys replaced by `keep_rows`)."""
    for query in queries:
        keys, count = listed(query)
        assert count and len(keys) == len(set(keys)) == count, query
        assert not set(keys) & outside, query
        with monkeypatch.context() as patched:
            as_before(patched)
            assert listed(query) == (keys, count), query
