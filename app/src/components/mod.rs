//! Reusable views.

pub mod dataset;
pub mod form;
pub mod layout;
pub mod pager;
pub mod poster;
pub mod source;
pub mod text_size;

/// The text of a `<textarea>`, escaped. Leptos writes a textarea's children as they are (it
/// treats the element like `<script>`), so a value holding `</textarea>` would end the
/// element and what follows would run as markup. Every textarea child goes through this.
pub fn textarea_text(value: &str) -> String {
    series::escape(value)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_textarea_value_cannot_close_its_element() {
        assert_eq!(
            super::textarea_text("</textarea><script>alert(1)</script> & 好"),
            "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; 好"
        );
    }
}
