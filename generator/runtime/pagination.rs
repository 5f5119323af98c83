// @about Page and item streams of list operations.

// @part pagination
/// A list's pages, each sent for when the stream is polled: `fetch` sends a request, `next`
/// makes the request for the page after a page (`None` after the last).
pub(crate) fn pages<'a, R, T, F, Fut, N>(
    first: R,
    fetch: F,
    next: N,
) -> impl futures::Stream<Item = Result<Response<T>, Error>> + 'a
where
    R: Clone + 'a,
    T: 'a,
    F: Fn(R) -> Fut + 'a,
    Fut: std::future::Future<Output = Result<Response<T>, Error>> + 'a,
    N: Fn(&Response<T>, &R) -> Option<R> + 'a,
{
    futures::stream::try_unfold((Some(first), fetch, next), |(request, fetch, next)| async move {
        let Some(request) = request else {
            return Ok(None);
        };
        let page = fetch(request.clone()).await?;
        let following = next(&page, &request);
        Ok(Some((page, (following, fetch, next))))
    })
}

/// The items of every page, in order.
pub(crate) fn items<'a, T: 'a, I: 'a>(
    pages: impl futures::Stream<Item = Result<Response<T>, Error>> + 'a,
    take: fn(Response<T>) -> Vec<I>,
) -> impl futures::Stream<Item = Result<I, Error>> + 'a {
    use futures::TryStreamExt as _;
    pages.map_ok(move |page| futures::stream::iter(take(page).into_iter().map(Ok))).try_flatten()
}

// @part json_at
impl RawResponse {
    /// The JSON value at `pointer` in the body (`None` when the body is not JSON or has none).
    fn json_at(&self, pointer: &str) -> Option<serde_json::Value> {
        let mut body: serde_json::Value = serde_json::from_slice(&self.body).ok()?;
        body.pointer_mut(pointer).map(serde_json::Value::take)
    }
}
// @end

// @part page_token
/// The next page's token at `pointer`: none when it is missing, empty, or the current one, or
/// when the page says `has_more: false`.
pub(crate) fn next_token(page: &RawResponse, pointer: &str, current: Option<&str>) -> Option<String> {
    if page.json_at("/has_more").and_then(|more| more.as_bool()) == Some(false) {
        return None;
    }
    match page.json_at(pointer)? {
        serde_json::Value::String(token) if !token.is_empty() && current != Some(token.as_str()) => Some(token),
        _ => None,
    }
}
// @end

// @part starting_after
/// The `id` of the page's last item at `items`, while `has_more` is true.
pub(crate) fn next_starting_after(page: &RawResponse, items: &str) -> Option<String> {
    if page.json_at("/has_more")?.as_bool() != Some(true) {
        return None;
    }
    page.json_at(items)?.as_array()?.last()?.get("id")?.as_str().map(ToString::to_string)
}
// @end

// @part link
/// The next page's URL, as the page's `Link` header gives it (`rel="next"`), resolved
/// against `base` when it is relative; none when there is none or it cannot be read.
pub(crate) fn next_link(page: &RawResponse, base: &str) -> Option<reqwest::Url> {
    let base = reqwest::Url::parse(&format!("{base}/")).ok()?;
    let values = page.headers.get_all(reqwest::header::LINK);
    values.iter().filter_map(|value| value.to_str().ok()).find_map(|value| {
        let links = http_link::parse_link_header(value, &base).ok()?;
        links.into_iter().find(|link| link.rel.eq_ignore_ascii_case("next")).map(|link| link.target)
    })
}

/// `link` when it is on the origin (scheme, host and port) of `base`; an error otherwise, so
/// that credentials are never sent elsewhere.
pub(crate) fn same_origin(base: &str, link: reqwest::Url) -> Result<reqwest::Url, Error> {
    let origin = reqwest::Url::parse(base).map(|base| base.origin());
    match origin {
        Ok(origin) if origin == link.origin() => Ok(link),
        _ => Err(Error::InvalidRequest {
            reason: format!("the next page's link `{link}` is not on `{base}`; it is not followed"),
        }),
    }
}
// @end

// @part page_count
// @part offset
/// The offset after this page: none when it has no items, or fewer than `limit`.
pub(crate) fn next_offset(page: &RawResponse, items: &str, offset: i64, limit: Option<i64>) -> Option<i64> {
    let count = item_count(page, items);
    if count == 0 || limit.is_some_and(|limit| count < limit) {
        return None;
    }
    Some(offset + count)
}
// @end

// @part page_number
/// The page number after this page: none when it has no items.
pub(crate) fn next_page(page: &RawResponse, items: &str, current: i64) -> Option<i64> {
    (item_count(page, items) > 0).then_some(current + 1)
}
// @end

fn item_count(page: &RawResponse, items: &str) -> i64 {
    page.json_at(items).and_then(|items| items.as_array().map(Vec::len)).map_or(0, |n| n as i64)
}
// @end

// @part json_items
/// The items at `items` of an untyped page, as JSON values.
pub(crate) fn json_items(page: &RawResponse, items: &str) -> Vec<serde_json::Value> {
    match page.json_at(items) {
        Some(serde_json::Value::Array(items)) => items,
        _ => Vec::new(),
    }
}
// @end
// @end
