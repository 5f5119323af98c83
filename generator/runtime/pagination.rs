// @about Page and item streams of list operations.

// @part pagination
/// A list's pages, each sent for when the stream is polled: `fetch` sends a request, `next`
/// makes the request for the page after a page (`None` after the last).
pub(crate) fn pages<'a, R, T, F, Fut, N>(
    first: R,
    fetch: F,
    next: N,
) -> impl ::futures::Stream<Item = ::std::result::Result<Response<T>, Error>> + 'a
where
    R: ::std::clone::Clone + 'a,
    T: 'a,
    F: ::std::ops::Fn(R) -> Fut + 'a,
    Fut: ::std::future::Future<Output = ::std::result::Result<Response<T>, Error>> + 'a,
    N: ::std::ops::Fn(&Response<T>, &R) -> ::std::option::Option<R> + 'a,
{
    ::futures::stream::try_unfold((::std::option::Option::Some(first), fetch, next), |(request, fetch, next)| async move {
        let ::std::option::Option::Some(request) = request else {
            return ::std::result::Result::Ok(::std::option::Option::None);
        };
        let page = fetch(request.clone()).await?;
        let following = next(&page, &request);
        ::std::result::Result::Ok(::std::option::Option::Some((page, (following, fetch, next))))
    })
}

/// The items of every page, in order.
pub(crate) fn items<'a, T: 'a, I: 'a>(
    pages: impl ::futures::Stream<Item = ::std::result::Result<Response<T>, Error>> + 'a,
    take: fn(Response<T>) -> ::std::vec::Vec<I>,
) -> impl ::futures::Stream<Item = ::std::result::Result<I, Error>> + 'a {
    use ::futures::TryStreamExt as _;
    pages.map_ok(move |page| ::futures::stream::iter(take(page).into_iter().map(::std::result::Result::Ok))).try_flatten()
}

impl RawResponse {
    /// The JSON value at `pointer` in the body (`None` when the body is not JSON or has none).
    fn json_at(&self, pointer: &str) -> ::std::option::Option<::serde_json::Value> {
        let mut body: ::serde_json::Value = ::serde_json::from_slice(&self.body).ok()?;
        body.pointer_mut(pointer).map(::serde_json::Value::take)
    }
}

// @part page_token
/// The next page's token at `pointer`: none when it is missing, empty, or the current one, or
/// when the page says `has_more: false`.
pub(crate) fn next_token(
    page: &RawResponse,
    pointer: &str,
    current: ::std::option::Option<&str>,
) -> ::std::option::Option<::std::string::String> {
    if page.json_at("/has_more").and_then(|more| more.as_bool()) == ::std::option::Option::Some(false) {
        return ::std::option::Option::None;
    }
    match page.json_at(pointer)? {
        ::serde_json::Value::String(token) if !token.is_empty() && current != ::std::option::Option::Some(token.as_str()) => {
            ::std::option::Option::Some(token)
        }
        _ => ::std::option::Option::None,
    }
}
// @end

// @part starting_after
/// The `id` of the page's last item at `items`, while `has_more` is true.
pub(crate) fn next_starting_after(page: &RawResponse, items: &str) -> ::std::option::Option<::std::string::String> {
    if page.json_at("/has_more")?.as_bool() != ::std::option::Option::Some(true) {
        return ::std::option::Option::None;
    }
    page.json_at(items)?.as_array()?.last()?.get("id")?.as_str().map(::std::string::ToString::to_string)
}
// @end

// @part link
/// The next page's URL, as the page's `Link` header gives it (`rel="next"`), resolved
/// against `base` when it is relative; none when there is none or it cannot be read.
pub(crate) fn next_link(page: &RawResponse, base: &str) -> ::std::option::Option<::reqwest::Url> {
    let base = ::reqwest::Url::parse(&::std::format!("{base}/")).ok()?;
    let values = page.headers.get_all(::reqwest::header::LINK);
    values.iter().filter_map(|value| value.to_str().ok()).find_map(|value| {
        let links = ::http_link::parse_link_header(value, &base).ok()?;
        links.into_iter().find(|link| link.rel.eq_ignore_ascii_case("next")).map(|link| link.target)
    })
}

/// `link` when it is on the origin (scheme, host and port) of `base`; an error otherwise, so
/// that credentials are never sent elsewhere.
pub(crate) fn same_origin(base: &str, link: ::reqwest::Url) -> ::std::result::Result<::reqwest::Url, Error> {
    let origin = ::reqwest::Url::parse(base).map(|base| base.origin());
    match origin {
        ::std::result::Result::Ok(origin) if origin == link.origin() => ::std::result::Result::Ok(link),
        _ => ::std::result::Result::Err(Error::InvalidRequest {
            reason: ::std::format!("the next page's link `{link}` is not on `{base}`; it is not followed"),
        }),
    }
}
// @end

// @part page_count
// @part offset
/// The offset after this page: none when it has no items, or fewer than `limit`.
pub(crate) fn next_offset(
    page: &RawResponse,
    items: &str,
    offset: i64,
    limit: ::std::option::Option<i64>,
) -> ::std::option::Option<i64> {
    let count = item_count(page, items);
    if count == 0 || limit.is_some_and(|limit| count < limit) {
        return ::std::option::Option::None;
    }
    ::std::option::Option::Some(offset + count)
}
// @end

// @part page_number
/// The page number after this page: none when it has no items.
pub(crate) fn next_page(page: &RawResponse, items: &str, current: i64) -> ::std::option::Option<i64> {
    (item_count(page, items) > 0).then_some(current + 1)
}
// @end

fn item_count(page: &RawResponse, items: &str) -> i64 {
    page.json_at(items).and_then(|items| items.as_array().map(::std::vec::Vec::len)).map_or(0, |n| n as i64)
}
// @end

// @part json_items
/// The items at `items` of an untyped page, as JSON values.
pub(crate) fn json_items(page: &RawResponse, items: &str) -> ::std::vec::Vec<::serde_json::Value> {
    match page.json_at(items) {
        ::std::option::Option::Some(::serde_json::Value::Array(items)) => items,
        _ => ::std::vec::Vec::new(),
    }
}
// @end
// @end
