//! Previous, numbered and next page links of a list that fills more than one page.

use leptos::prelude::*;

/// The links: the first and last page, the two either side of `current`, previous and next;
/// nothing when everything fits one page. A gap of one page shows that page, a longer gap
/// an ellipsis. `href` makes the address of page `n`.
#[component]
pub fn Pager<F>(current: u32, pages: u32, href: F) -> impl IntoView
where
    F: Fn(u32) -> String + 'static,
{
    (pages > 1).then(|| {
        let current = current.clamp(1, pages);
        let numbers = shown_pages(current, pages)
            .into_iter()
            .map(|shown| match shown {
                Some(n) => {
                    let is_current = n == current;
                    view! {
                        <li><a href=href(n) aria-current=is_current.then_some("page")>{n}</a></li>
                    }
                    .into_any()
                }
                None => view! { <li class="gap" aria-hidden="true">"…"</li> }.into_any(),
            })
            .collect_view();
        let previous =
            (current > 1).then(|| view! { <a rel="prev" href=href(current - 1)>"上一页"</a> });
        let next =
            (current < pages).then(|| view! { <a rel="next" href=href(current + 1)>"下一页"</a> });
        view! {
            <nav class="pager" aria-label="分页">
                {previous}
                <ol>{numbers}</ol>
                {next}
            </nav>
        }
    })
}

/// The page numbers the pager links, in order, with `None` where an ellipsis stands.
fn shown_pages(current: u32, pages: u32) -> Vec<Option<u32>> {
    let mut shown = Vec::new();
    let mut last = 0;
    for n in 1..=pages {
        let near = n == 1 || n == pages || n.abs_diff(current) <= 2;
        let lone_gap = n > 1 && n < pages && n.abs_diff(current) == 3 && (n == 2 || n + 1 == pages);
        if near || lone_gap {
            if n > last + 1 {
                shown.push(None);
            }
            shown.push(Some(n));
            last = n;
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::shown_pages;

    fn pages(current: u32, pages: u32) -> String {
        shown_pages(current, pages)
            .into_iter()
            .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_gap_of_one_page_shows_the_page_and_a_longer_gap_an_ellipsis() {
        assert_eq!(pages(1, 2), "1 2");
        assert_eq!(pages(1, 5), "1 2 3 4 5");
        assert_eq!(pages(5, 5), "1 2 3 4 5");
        assert_eq!(pages(1, 9), "1 2 3 … 9");
        assert_eq!(pages(5, 9), "1 2 3 4 5 6 7 8 9");
        assert_eq!(pages(6, 12), "1 … 4 5 6 7 8 … 12");
        assert_eq!(pages(12, 12), "1 … 10 11 12");
    }
}
