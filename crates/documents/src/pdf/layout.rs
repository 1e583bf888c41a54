//! The machinery under the PDF: A4 pages filled from the top down, a new page when the next
//! block does not fit above the footer, and text measured with Helvetica's widths so that it is
//! wrapped or cut to its box instead of running off the page.

use pdf_writer::{Content, Name, Str};

use crate::{helvetica, winansi};

pub(super) const PAGE_WIDTH: f32 = 595.28;
pub(super) const PAGE_HEIGHT: f32 = 841.89;
pub(super) const LEFT: f32 = 40.0;
pub(super) const RIGHT: f32 = PAGE_WIDTH - 40.0;
const TOP: f32 = PAGE_HEIGHT - 40.0;
/// Content stops here: below is the footer.
const BOTTOM: f32 = 50.0;
const FOOTER_BASELINE: f32 = 26.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Font {
    Regular,
    Bold,
}

impl Font {
    /// The font's name in each page's resources.
    pub(super) fn resource(self) -> Name<'static> {
        match self {
            Self::Regular => Name(b"F1"),
            Self::Bold => Name(b"F2"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    Left,
    Right,
}

/// A font at a size.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    pub(super) font: Font,
    pub(super) size: f32,
}

impl Style {
    pub(super) const fn new(font: Font, size: f32) -> Self {
        Self { font, size }
    }

    fn char_width(self, c: char) -> f32 {
        let advance = helvetica::advance(winansi::encode_char(c), self.font == Font::Bold);
        f32::from(advance) * self.size / 1000.0
    }

    pub(super) fn width(self, text: &str) -> f32 {
        text.chars().map(|c| self.char_width(c)).sum()
    }

    /// The distance between two baselines.
    pub(super) fn leading(self) -> f32 {
        self.size * 1.25
    }
}

/// `text` on one line of at most `width`, cut with an ellipsis if it is wider.
pub(super) fn fit(text: &str, style: Style, width: f32) -> String {
    if style.width(text) <= width {
        return text.to_owned();
    }
    let budget = width - style.width("…");
    let mut cut = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let w = style.char_width(c);
        if used + w > budget {
            break;
        }
        used += w;
        cut.push(c);
    }
    cut.push('…');
    cut
}

/// `text` broken into lines of at most `width`: between words, and inside a word that is wider
/// than a line by itself. Line breaks in the text are kept.
pub(super) fn wrap(text: &str, style: Style, width: f32) -> Vec<String> {
    let space = style.width(" ");
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        let mut used = 0.0;
        for word in paragraph.split_whitespace() {
            let w = style.width(word);
            if !line.is_empty() && used + space + w <= width {
                line.push(' ');
                line.push_str(word);
                used += space + w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            for c in word.chars() {
                let cw = style.char_width(c);
                if !line.is_empty() && used + cw > width {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                }
                line.push(c);
                used += cw;
            }
        }
        lines.push(line);
    }
    lines
}

/// [`wrap`], keeping at most `max_lines` lines: the last one kept ends with an ellipsis, so
/// that a block always fits on a page.
pub(super) fn wrap_at_most(text: &str, style: Style, width: f32, max_lines: usize) -> Vec<String> {
    let mut lines = wrap(text, style, width);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            *last = fit(&format!("{last}…"), style, width);
        }
    }
    lines
}

/// Shows `text` with its baseline starting at (x, y).
fn show(content: &mut Content, x: f32, y: f32, style: Style, text: &str) {
    let bytes = winansi::encode(text);
    content.begin_text();
    content.set_font(style.font.resource(), style.size);
    content.next_line(x, y);
    content.show(Str(&bytes));
    content.end_text();
}

/// The pages being written, and how far down the current one is filled.
pub(super) struct Pages {
    done: Vec<Content>,
    current: Content,
    y: f32,
    /// Written at the top of every page after the first, so that a loose page says whose it is.
    running_title: String,
}

impl Pages {
    pub(super) fn new(running_title: String) -> Self {
        Self { done: Vec::new(), current: Content::new(), y: TOP, running_title }
    }

    /// Where the next block starts: the top of its first line.
    pub(super) fn y(&self) -> f32 {
        self.y
    }

    /// Goes back up to a height on the same page, to lay a column beside one already laid.
    pub(super) fn set_y(&mut self, y: f32) {
        self.y = y;
    }

    pub(super) fn down(&mut self, dy: f32) {
        self.y -= dy;
    }

    /// Starts a new page unless `height` fits above the footer on this one; says whether it
    /// started one (a table then repeats its header).
    pub(super) fn make_room(&mut self, height: f32) -> bool {
        if self.y - height >= BOTTOM {
            return false;
        }
        self.new_page();
        true
    }

    /// The height a block may have and still fit on a new page.
    pub(super) fn page_room() -> f32 {
        TOP - BOTTOM - 24.0
    }

    fn new_page(&mut self) {
        let full = std::mem::replace(&mut self.current, Content::new());
        self.done.push(full);
        let style = Style::new(Font::Bold, 9.0);
        let title = fit(&self.running_title, style, RIGHT - LEFT);
        show(&mut self.current, LEFT, TOP - 9.0, style, &title);
        self.y = TOP - 14.0;
        self.rule(LEFT, RIGHT, 0.5, 0.5);
        self.y -= 10.0;
    }

    /// Shows `text` with its baseline at `baseline`.
    pub(super) fn text(&mut self, x: f32, baseline: f32, style: Style, text: &str) {
        show(&mut self.current, x, baseline, style, text);
    }

    /// Shows `text` in a box from `x` of `width`, cut to fit and aligned.
    pub(super) fn text_in(
        &mut self,
        x: f32,
        width: f32,
        baseline: f32,
        align: Align,
        style: Style,
        text: &str,
    ) {
        let text = fit(text, style, width);
        let x = match align {
            Align::Left => x,
            Align::Right => x + width - style.width(&text),
        };
        show(&mut self.current, x, baseline, style, &text);
    }

    /// A horizontal line at the current height.
    pub(super) fn rule(&mut self, from: f32, to: f32, gray: f32, width: f32) {
        let y = self.y;
        self.current.save_state();
        self.current.set_stroke_gray(gray);
        self.current.set_line_width(width);
        self.current.move_to(from, y);
        self.current.line_to(to, y);
        self.current.stroke();
        self.current.restore_state();
    }

    /// A gray band from the current height down by `height`.
    pub(super) fn band(&mut self, from: f32, to: f32, height: f32, gray: f32) {
        let y = self.y - height;
        self.current.save_state();
        self.current.set_fill_gray(gray);
        self.current.rect(from, y, to - from, height);
        self.current.fill_nonzero();
        self.current.restore_state();
    }

    /// The pages, each with its footer: `left` and "Page i / n".
    pub(super) fn finish(mut self, left: &str) -> Vec<Content> {
        self.done.push(self.current);
        let count = self.done.len();
        let style = Style::new(Font::Regular, 7.5);
        for (i, content) in self.done.iter_mut().enumerate() {
            content.save_state();
            content.set_stroke_gray(0.6);
            content.set_line_width(0.4);
            content.move_to(LEFT, FOOTER_BASELINE + 10.0);
            content.line_to(RIGHT, FOOTER_BASELINE + 10.0);
            content.stroke();
            content.restore_state();
            show(content, LEFT, FOOTER_BASELINE, style, &fit(left, style, 380.0));
            let page = format!("Page {} / {count}", i + 1);
            show(content, RIGHT - style.width(&page), FOOTER_BASELINE, style, &page);
        }
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: Style = Style::new(Font::Regular, 10.0);

    #[test]
    fn text_is_measured_with_helvetica() {
        // "Wé": 944 + 556 thousandths of 10 pt.
        assert!((BODY.width("Wé") - 15.0).abs() < 1e-4);
        assert!(Style::new(Font::Bold, 10.0).width("b") > BODY.width("b"));
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("court", BODY, 100.0), "court");
        let cut = fit("une désignation bien trop longue pour sa colonne", BODY, 60.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(BODY.width(&cut) <= 60.0);
    }

    #[test]
    fn wrap_breaks_between_words_and_inside_long_ones() {
        let lines = wrap("Ramettes de papier A4 recyclé 80 g", BODY, 80.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| BODY.width(l) <= 80.0), "{lines:?}");
        assert_eq!(lines.join(" "), "Ramettes de papier A4 recyclé 80 g");

        let long = "x".repeat(200);
        let lines = wrap(&long, BODY, 50.0);
        assert!(lines.iter().all(|l| BODY.width(l) <= 50.0));
        assert_eq!(lines.concat(), long);

        assert_eq!(wrap("un\n\ndeux", BODY, 100.0), ["un", "", "deux"]);
    }

    #[test]
    fn wrap_at_most_ends_with_an_ellipsis() {
        let lines = wrap_at_most(&"mot ".repeat(200), BODY, 50.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'));
        assert!(lines.iter().all(|l| BODY.width(l) <= 50.0));
    }

    #[test]
    fn a_block_that_does_not_fit_starts_a_page() {
        let mut pages = Pages::new("FACTURE N° 1 (suite)".into());
        assert!(!pages.make_room(100.0));
        pages.down(700.0);
        assert!(pages.make_room(100.0));
        assert_eq!(pages.finish("pied").len(), 2);
    }
}
